package io.asyncio4j.samples.seed004;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed004Test {
    private final Capture c = new Capture();

    @Test
    void gettingStarted_bothMethodsAndGather() throws Exception {
        assertEquals(List.of("Task one complete", "Task two complete"), GettingStarted.run(c.out));
        c.assertOrder(
                "Start fetching",
                "Done fetching",
                "{data=42}",
                "Start fetching",
                "Done fetching",
                "{data=42}",
                "[Task one complete, Task two complete]");
    }

    @Test
    void tasksAndWaiting_allStrategies() throws Exception {
        assertEquals(
                List.of(
                        "tasks overlap",
                        "cancelled fetcher",
                        "gather [x, y]",
                        "wait done [quick, medium] pending 1",
                        "wait_for timed out"),
                TasksAndWaiting.run(c.out));
    }

    @Test
    void exceptions_caughtPropagatedAndReturned() throws Exception {
        assertEquals(
                List.of(
                        "caught boom",
                        "gather raised two failed",
                        "Success: one",
                        "Error: two failed",
                        "Success: three"),
                Exceptions.run(c.out));
    }

    @Test
    void concurrentRequests_allOk_concurrentFaster() throws Exception {
        ConcurrentRequests.Result r = ConcurrentRequests.run(c.out);
        assertEquals(10, r.statuses().size());
        assertTrue(r.statuses().stream().allMatch(s -> s == 200));
        assertTrue(r.timings().concurrent() < 0.5 * r.timings().sequential(), r.timings()::toString);
    }

    @Test
    void databaseOperations_concurrentInsertsReadBack() throws Exception {
        assertEquals(List.of("1, alice", "2, bob", "3, carol", "4, dave", "5, erin"), DatabaseOperations.run(c.out));
        c.assertContains("inserted 5 rows concurrently");
    }

    @Test
    void customSleep_futureAndCallLater_fastFirst() throws Exception {
        assertEquals(List.of("fast", "slow"), CustomSleep.run(c.out));
    }

    @Test
    void debugMode_logsSlowCallbackNeverRetrievedAndCreationSites() throws Exception {
        List<String> messages = DebugModeSample.run(c.out);
        assertTrue(
                messages.stream().anyMatch(m -> m.startsWith("Executing callback") && m.contains("took")),
                messages::toString);
        assertTrue(
                messages.stream().anyMatch(m -> m.contains("never retrieved") && m.contains("forgotten")),
                messages::toString);
        c.assertContains("debug mode: true");
        c.assertContains("created at");
    }

    @Test
    void runningTasks_listsMainAndBoth() throws Exception {
        List<String> names = RunningTasks.run(c.out);
        assertTrue(names.containsAll(List.of("downloader", "parser")), names::toString);
        assertEquals(3, names.size(), names::toString);
        c.assertContains("waiting on");
    }
}
