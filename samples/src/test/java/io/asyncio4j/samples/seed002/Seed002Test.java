package io.asyncio4j.samples.seed002;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import io.asyncio4j.samples.Timings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed002Test {
    private final Capture c = new Capture();

    @Test
    void eventLoopDemo_gatherFasterThanSequential() throws Exception {
        Timings t = EventLoopDemo.run(c.out);
        assertTrue(t.concurrent() < 0.9 * t.sequential(), t::toString);
        c.assertOrder(
                "Hello, Alice",
                "Task 1 started",
                "Task 1 completed",
                "Task 2 started",
                "Task 2 completed",
                "Sequential: result1, result2");
        c.assertOrder(
                "Sequential: result1, result2",
                "Task 2 completed",
                "Task 1 completed",
                "Concurrent: [result1, result2]");
    }

    @Test
    void fetchPages_overHttp_allOkInOrderAndConcurrentFaster() throws Exception {
        FetchPages.Result r = FetchPages.run(c.out);
        assertEquals(5, r.pages().size());
        assertTrue(r.pages().get(1).url().endsWith("/delay/2"));
        assertTrue(r.pages().get(4).url().endsWith("/ip"));
        assertTrue(r.pages().stream().allMatch(p -> p.status() == 200 && p.length() > 0));
        assertTrue(r.timings().concurrent() < 0.8 * r.timings().sequential(), r.timings()::toString);
    }

    @Test
    void createTaskDemo_mainWorksWhileTasksRun() throws Exception {
        assertEquals(List.of("Task1 done", "Task2 done", "Task3 done"), CreateTaskDemo.run(c.out));
        c.assertOrder(
                "Main thread doing other work...",
                "Completed Task2",
                "Completed Task1",
                "Completed Task3",
                "Results: Task1 done, Task2 done, Task3 done");
    }

    @Test
    void waitFirstCompleted_fastFirst() throws Exception {
        assertEquals(List.of("fast", "slow"), WaitFirstCompleted.run(c.out));
        c.assertOrder("First completed: fast", "Next completed: slow");
    }

    @Test
    void gatherErrors_outcomesInOrder_andTaskFailureCaught() throws Exception {
        assertEquals(
                List.of("Error: Something went wrong", "Success: success", "Task failed: Something went wrong"),
                GatherErrors.run(c.out));
        c.assertContains("returned false");
    }

    @Test
    void timeouts_bothMethodsTimeOut() throws Exception {
        assertEquals(List.of("wait_for timed out", "timeout() timed out"), Timeouts.run(c.out));
    }

    @Test
    void apiPoller_threeRounds_brokenEndpointIgnored() throws Exception {
        assertEquals(List.of("inventory", "orders", "users"), ApiPoller.run(c.out, 3));
        assertEquals(3, c.count("Polled 3 endpoints at "));
        c.assertContains("Poller stopped after 3 rounds: enough polling");
    }

    @Test
    void bestPractices_toThreadTaskGroupWaitFor() throws Exception {
        assertEquals(
                List.of("done", "30 limited fetches", "page url1", "page url2", "timed out"), BestPractices.run(c.out));
    }
}
