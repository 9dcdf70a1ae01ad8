package io.asyncio4j.stress;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Outcome;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timeouts under load: {@code waitFor}s whose deadlines sit around their work's own duration (and, so
 * that both outcomes always occur, one in ten far after it and one in ten far before it). Each
 * must either return the work's value, or fail with {@link TimeoutException} while its work ended
 * cancelled: never both, never neither.
 */
@Timeout(600)
class WaitForStormTest {
    /** Concurrent bodies per batch: one virtual thread each on 21+, a compensating platform thread on 17. */
    private static final int BODY_BATCH = Runtime.version().feature() >= 21 ? 10_000 : 256;

    @Test
    void waitFor_futureStyleWorkAroundItsDeadline_valueXorTimeoutWithWorkCancelled() throws Exception {
        storm(StressSupport.size(5_000, 100_000), false);
    }

    @Test
    void waitFor_bodyWorkAroundItsDeadline_valueXorTimeoutWithWorkCancelled() throws Exception {
        storm(StressSupport.size(2_000, 20_000), true);
    }

    @Test
    @Tag("stress")
    void waitFor_hundredThousandBodies_valueXorTimeoutWithWorkCancelled() throws Exception {
        storm(StressSupport.size(20_000, 100_000), true);
    }

    private static void storm(int n, boolean bodies) throws Exception {
        StressSupport.Baseline baseline = new StressSupport.Baseline();
        long start = System.nanoTime();
        AtomicInteger values = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        AtomicInteger bodiesStarted = new AtomicInteger();
        AtomicInteger bodiesEnded = new AtomicInteger();
        Asyncio.run(() -> {
            SplittableRandom random = new SplittableRandom(n);
            int batch = bodies ? BODY_BATCH : n;
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                List<Task<Integer>> works = new ArrayList<>(to - from);
                List<Task<Integer>> bounded = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    long drawn = random.nextLong(0, 2_000);
                    long jitter = random.nextLong(-500, 500);
                    // one in ten surely returns its value and one in ten surely times out, however loaded
                    // the machine (bodies may start late); the rest sit around their deadline and race
                    long workMicros = i % 10 == 1 ? 1_000 + drawn : drawn;
                    long timeoutMicros = i % 10 == 0 ? workMicros + 10_000_000 : i % 10 == 1 ? 1 : workMicros + jitter;
                    int value = i;
                    Task<Integer> work;
                    if (bodies) {
                        boolean refuses = random.nextInt(10) == 0; // swallows the cancellation and still returns
                        work = Asyncio.createTask(() -> {
                            bodiesStarted.incrementAndGet();
                            try {
                                await(Asyncio.sleep(Duration.ofNanos(workMicros * 1_000)));
                            } catch (CancelledError e) {
                                if (!refuses) {
                                    throw e;
                                }
                            } finally {
                                bodiesEnded.incrementAndGet();
                            }
                            return value;
                        });
                    } else {
                        work = Asyncio.sleep(Duration.ofNanos(workMicros * 1_000), value);
                    }
                    works.add(work);
                    bounded.add(Asyncio.waitFor(work, Duration.ofNanos(timeoutMicros * 1_000)));
                }
                List<Outcome<Integer>> outcomes = await(Asyncio.gatherOutcomes(bounded));
                for (int k = 0; k < outcomes.size(); k++) {
                    Outcome<Integer> outcome = outcomes.get(k);
                    Task<Integer> work = works.get(k);
                    int expected = from + k;
                    assertTrue(work.isDone(), "work " + expected + " still running after its waitFor ended");
                    if (outcome instanceof Outcome.Success) {
                        assertEquals(expected, ((Outcome.Success<Integer>) outcome).value());
                        assertEquals(expected, work.result(), "value returned but the work did not produce it");
                        values.incrementAndGet();
                    } else {
                        Throwable failure = ((Outcome.Failure<Integer>) outcome).exception();
                        if (!(failure instanceof TimeoutException)) {
                            fail("waitFor " + expected + " failed with neither value nor timeout", failure);
                        }
                        assertInstanceOf(CancelledError.class, failure.getCause(), "TimeoutError caused by the cancel");
                        assertTrue(work.isCancelled(), "timed out but the work was not cancelled: " + work);
                        timeouts.incrementAndGet();
                    }
                }
            }
            StressSupport.assertOnlyCurrentTaskLive();
            return null;
        });
        assertEquals(n, values.get() + timeouts.get());
        assertEquals(bodiesStarted.get(), bodiesEnded.get(), "every started body ran its finally once");
        baseline.assertThreadsReturned();
        StressSupport.report(
                "WaitForStorm/" + (bodies ? "bodies" : "futures") + "/" + n,
                "%d waitFors, %d values, %d timeouts (work cancelled), %.1f s",
                n,
                values.get(),
                timeouts.get(),
                (System.nanoTime() - start) / 1e9);
        assertTrue(values.get() > 0 && timeouts.get() > 0, "both outcomes occur (some are certain by construction)");
    }
}
