package io.asyncio4j.samples.seed003;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed003SemaphoreTest {
    private final Capture c = new Capture();

    @Test
    void semaphoreDownloads_tenFilesThreeAtATime() throws Exception {
        SemaphoreDownloads.Result r = SemaphoreDownloads.run(c.out);
        assertEquals(10, r.downloaded().size());
        assertEquals("file_9.txt", r.downloaded().get(9));
        assertEquals(3, r.maxConcurrent());
        assertEquals(10, c.count("Finished file_"));
        // four rounds of 0.2 s: well above one round, far below ten
        assertTrue(r.seconds() > 0.6 && r.seconds() < 1.9, r::toString);
    }
}
