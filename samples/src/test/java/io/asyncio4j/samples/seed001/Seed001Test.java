package io.asyncio4j.samples.seed001;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed001Test {
    private final Capture c = new Capture();

    @Test
    void asyncAndAwait_coroutineRunsOnlyWhenRun() throws Exception {
        assertEquals("Hello, Alice / {data=42}", AsyncAndAwait.run(c.out));
        c.assertOrder("Hello, Alice", "Starting fetch...", "Fetch complete!", "{data=42}");
    }

    @Test
    void awaitables_allFourKinds() throws Exception {
        assertEquals(List.of("result", "result", "value set by hand", "custom result"), Awaitables.run(c.out));
    }

    @Test
    void sequentialVsConcurrent_tasksAndGatherFaster() throws Exception {
        SequentialVsConcurrent.Result r = SequentialVsConcurrent.run(c.out);
        assertEquals(List.of("Data from url1", "Data from url2", "Data from url3"), r.results());
        assertTrue(r.tasks() < 0.8 * r.sequential(), r::toString);
        assertTrue(r.gather() < 0.8 * r.sequential(), r::toString);
    }

    @Test
    void commonMistakes_eachShown() throws Exception {
        List<String> findings = CommonMistakes.run(c.out);
        assertEquals(
                List.of(
                        "no pause without await",
                        "nested run refused",
                        "blocking bodies held threads",
                        "ran only when run"),
                findings);
        c.assertContains("   with await: data");
        c.assertOrder("4. myTask created, nothing printed yet", "Running");
    }

    @Test
    void tutorialScript_allSevenParts() throws Exception {
        assertEquals(List.of("Data_1", "Data_2", "Data_3"), TutorialScript.run(c.out));
        c.assertOrder(
                "ASYNC/AWAIT BASICS TUTORIAL",
                "Step 1: Before await",
                "Step 2: After await",
                "Result: Complete!",
                "With await: Async result",
                "  Data 3 retrieved!",
                "After second await",
                "  Iteration 3",
                "Received result: {status=success, value=42}",
                "Caught exception: Something went wrong!",
                "  Sleep completed!",
                "  Result: Sync result",
                "Tutorial complete!");
    }

    @Test
    void timedGreet_concurrentFaster() throws Exception {
        TimedGreet.Result r = TimedGreet.run(c.out);
        assertEquals(List.of("Hello, Alice", "Hello, Bob", "Hello, Carol"), r.results());
        assertTrue(r.timings().concurrent() < 0.8 * r.timings().sequential(), r.timings()::toString);
    }
}
