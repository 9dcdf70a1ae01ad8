package io.asyncio4j.samples.seed002;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskQueueTest {
    private final Capture c = new Capture();

    @Test
    void workerPool_runsSyncAndAsyncJobs_reportsTheFailure_andUsesSeveralWorkers() throws Exception {
        TaskQueue.Summary summary = TaskQueue.run(c.out);
        assertEquals(22, summary.completed());
        assertEquals(1, summary.errors());
        assertTrue(summary.workersUsed() > 1, "workers used: " + summary.workersUsed());
        c.assertContains("Squared: 144");
    }
}
