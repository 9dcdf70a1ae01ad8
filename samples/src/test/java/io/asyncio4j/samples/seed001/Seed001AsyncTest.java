package io.asyncio4j.samples.seed001;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed001AsyncTest {
    private final Capture c = new Capture();

    @Test
    void asyncConnection_connectUseDisconnect() throws Exception {
        assertEquals("used", AsyncConnectionSample.run(c.out));
        assertEquals(List.of("Connecting...", "Using connection", "Disconnecting..."), c.lines());
    }

    @Test
    void asyncIteration_counterGeneratorComprehension() throws Exception {
        AsyncIteration.Result r = AsyncIteration.run(c.out);
        assertEquals(List.of(1, 2, 3, 4, 5), r.counter());
        assertEquals(List.of(0, 1, 2, 3, 4), r.generator());
        List<String> data = List.of("Data from url1", "Data from url2", "Data from url3");
        assertEquals(data, r.comprehension());
        assertEquals(data, r.lazy());
    }

    @Test
    void timer_measuresTheBlock() throws Exception {
        double elapsed = TimerExercise.run(c.out);
        assertTrue(elapsed >= 0.45 && elapsed < 3, () -> "elapsed " + elapsed);
        assertTrue(c.text().startsWith("Elapsed: "), c::text);
    }

    @Test
    void fibonacci_firstTen() throws Exception {
        assertEquals(List.of(0L, 1L, 1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L), FibonacciExercise.run(c.out));
        c.assertOrder("First 10 Fibonacci numbers: [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]");
    }
}
