package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Structural checks of the future style: work in flight holds no thread. Not timing tests. */
@Timeout(60)
class ScaleTest {

    @Test
    void hundredThousandFutureStyleSleeps_inFlight_withFewerThan64LiveThreads() throws Exception {
        int n = 100_000;
        Asyncio.run(() -> {
            // idle task-pool threads left by earlier tests are not ours to count; the sleeps must add none
            int threadsBefore = Thread.activeCount();
            List<Task<Void>> sleeps = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sleeps.add(Asyncio.sleep(Duration.ofSeconds(60)));
            }
            long pending = sleeps.stream().filter(t -> !t.isDone()).count();
            int threads = Thread.activeCount();
            assertTrue(threads - threadsBefore < 8, "threads added by 100,000 sleeps: " + (threads - threadsBefore));
            assertEquals(n, pending, "every sleep is still in flight");
            assertTrue(threads < 64 || threadsBefore > 32, "live threads: " + threads);
            Task<List<Outcome<Void>>> all = Asyncio.gatherOutcomes(sleeps);
            for (Task<Void> sleep : sleeps) {
                sleep.cancel();
            }
            assertEquals(n, await(all).size());
            assertTrue(sleeps.stream().allMatch(Task::isCancelled));
            return null;
        });
    }
}
