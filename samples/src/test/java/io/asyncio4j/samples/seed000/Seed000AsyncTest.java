package io.asyncio4j.samples.seed000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed000AsyncTest {
    private final Capture c = new Capture();

    @Test
    void asyncFile_enterBodyExit_andTempFileManaged() throws Exception {
        AsyncFileSample.Result r = AsyncFileSample.run(c.out);
        assertEquals(List.of("aenter", "body", "aexit"), r.events());
        assertEquals("managed resource\n", r.readBack());
        assertTrue(r.deleted());
        c.assertOrder("Using async file", "read back: managed resource", "caught: the body failed");
        c.assertContains("after: the body failed");
    }

    @Test
    void asyncCounter_oneToFive() throws Exception {
        assertEquals(List.of(1, 2, 3, 4, 5), AsyncCounterSample.run(c.out));
        c.assertOrder("1", "2", "3", "4", "5");
    }
}
