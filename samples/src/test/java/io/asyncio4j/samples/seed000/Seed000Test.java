package io.asyncio4j.samples.seed000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed000Test {
    private final Capture c = new Capture();

    @Test
    void basics_gather_returnsInArgumentOrderAndBFinishesFirst() throws Exception {
        List<String> results = Basics.run(c.out);
        assertEquals(List.of("Result from A", "Result from B", "Result from C"), results);
        c.assertOrder("Hello", "World", "Fetching data...", "Data received");
        // tasks start in parallel (unlike Python's single thread, their start order is not fixed);
        // they finish in order of their sleeps
        for (String start : List.of("Task A starting", "Task B starting", "Task C starting")) {
            c.assertOrder(start, "Task B completed");
        }
        c.assertOrder(
                "Task B completed",
                "Task A completed",
                "Task C completed",
                "[Result from A, Result from B, Result from C]");
    }

    @Test
    void backgroundTask_runsWhileMainWorks_allFiveSteps() throws Exception {
        assertTrue(BackgroundTask.run(c.out));
        c.assertOrder("Background: 0", "Background: 1", "Background: 2", "Background: 3", "Background: 4");
        c.assertOrder("Background: 1", "Main work done", "Background: 4");
    }

    @Test
    void errorHandling_caughtByCaller() throws Exception {
        assertEquals("Something went wrong", ErrorHandling.run(c.out));
        c.assertOrder("Caught error: Something went wrong");
    }

    @Test
    void exercises_allFour() throws Exception {
        Exercises.Results r = Exercises.run(c.out);
        assertEquals(
                List.of("Data from http://example.com", "Data from http://test.com", "Data from http://demo.com"),
                r.fetched());
        assertTrue(r.fetchTimings().concurrent() < 0.8 * r.fetchTimings().sequential(), r.fetchTimings()::toString);
        assertEquals(List.of("APPLE", "BANANA", "CHERRY"), r.processed());
        c.assertOrder("Processing apple", "Processing banana", "Processing cherry");
        assertEquals(List.of(1, 4, 9, 16), r.squares());
        assertEquals(List.of("finished in 50 ms", "timeout"), r.timeouts());
    }
}
