package io.asyncio4j.stress;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Outcome;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import io.asyncio4j.TaskGroupException;
import io.asyncio4j.TimeoutError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancellation storms over the core's waiting points: tasks awaiting sleeps, gathers, shields, other
 * tasks, {@code timeout()} blocks, {@code waitFor}s, {@code toThread} work and TaskGroups are cancelled
 * at random moments from several platform threads while the others finish. Checked: every task ends,
 * with its value, a {@link CancelledError} (only if a request was made) or, for the deadline kinds, a
 * {@link TimeoutError}; a task never asked to cancel is never cancelled; every started body ran its
 * {@code finally} exactly once; shielded work always finishes; nothing is left in {@code allTasks()} and
 * no thread is left behind.
 */
@Timeout(900)
class CancellationStormTest {
    private static final int BATCH = Runtime.version().feature() >= 21 ? 10_000 : 200;
    private static final int KINDS = 8;
    private static final int CANCELLERS = 3;

    @Test
    void cancellationStorm_everyWaitingPoint_cancelledFromSeveralThreads_invariantsHold() throws Exception {
        storm(StressSupport.size(3_000, 3_000));
    }

    @Test
    @Tag("stress")
    void cancellationStorm_hundredThousandTasks_invariantsHold() throws Exception {
        storm(StressSupport.size(20_000, 100_000));
    }

    private static void storm(int n) throws Exception {
        StressSupport.Baseline baseline = new StressSupport.Baseline();
        long start = System.nanoTime();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger shieldedDone = new AtomicInteger();
        AtomicInteger shieldedStarted = new AtomicInteger();
        int[] totals = new int[4]; // requests accepted, cancelled, values, timeouts
        ExecutorService cancellers = Executors.newFixedThreadPool(CANCELLERS);
        try {
            Asyncio.run(() -> {
                SplittableRandom random = new SplittableRandom(n);
                for (int from = 0; from < n; from += BATCH) {
                    int size = Math.min(BATCH, n - from);
                    List<Task<Integer>> tasks = new ArrayList<>(size);
                    int[] kinds = new int[size];
                    for (int i = 0; i < size; i++) {
                        kinds[i] = random.nextInt(KINDS);
                        long micros = random.nextLong(0, 2_000);
                        int kind = kinds[i];
                        int value = from + i;
                        tasks.add(Asyncio.createTask(() -> {
                            started.incrementAndGet();
                            try {
                                work(kind, micros, shieldedStarted, shieldedDone);
                                return value;
                            } finally {
                                finished.incrementAndGet();
                            }
                        }));
                    }
                    // half of the batch gets a request, from several threads, in random order and moments
                    List<Integer> victims = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        if (random.nextBoolean()) {
                            victims.add(i);
                        }
                    }
                    Collections.shuffle(victims, new java.util.Random(from));
                    AtomicIntegerArray accepted = new AtomicIntegerArray(size);
                    boolean[] requested = new boolean[size];
                    for (int index : victims) {
                        requested[index] = true;
                    }
                    List<Future<?>> jobs =
                            StressSupport.cancelConcurrently(cancellers, CANCELLERS, tasks, victims, accepted);
                    List<Outcome<Integer>> outcomes = await(Asyncio.gatherOutcomes(tasks));
                    StressSupport.joinAll(jobs);
                    for (int i = 0; i < size; i++) {
                        Outcome<Integer> outcome = outcomes.get(i);
                        if (accepted.get(i) > 0) {
                            totals[0]++;
                        }
                        if (outcome instanceof Outcome.Success) {
                            assertEquals(from + i, ((Outcome.Success<Integer>) outcome).value());
                            totals[2]++;
                            continue;
                        }
                        Throwable failure = ((Outcome.Failure<Integer>) outcome).exception();
                        if (failure instanceof CancelledError) {
                            assertTrue(requested[i], "cancelled without any request, kind " + kinds[i]);
                            assertTrue(accepted.get(i) > 0, "cancelled though cancel() returned false");
                            totals[1]++;
                        } else if (failure instanceof TimeoutError && (kinds[i] == 4 || kinds[i] == 5)) {
                            totals[3]++;
                        } else {
                            fail("kind " + kinds[i] + " ended with an unexpected failure", failure);
                        }
                    }
                }
                // shielded work runs on although its awaiting task was cancelled
                org.awaitility.Awaitility.await("shielded work finishes")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> shieldedDone.get() == shieldedStarted.get());
                StressSupport.assertOnlyCurrentTaskLive();
                return null;
            });
        } finally {
            cancellers.shutdownNow();
            assertTrue(cancellers.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(started.get(), finished.get(), "every started body ran its finally exactly once");
        baseline.assertThreadsReturned();
        StressSupport.report(
                "CancellationStorm/" + n,
                "%d tasks (%d bodies started), %d cancel requests accepted, %d ended cancelled, %d values,"
                        + " %d timeouts, %.1f s",
                n,
                started.get(),
                totals[0],
                totals[1],
                totals[2],
                totals[3],
                (System.nanoTime() - start) / 1e9);
        assertTrue(totals[1] > 0 && totals[2] > 0, "the storm both cancelled and completed tasks");
    }

    /** One waiting point per kind. */
    private static void work(int kind, long micros, AtomicInteger shieldedStarted, AtomicInteger shieldedDone)
            throws Exception {
        Duration d = Duration.ofNanos(micros * 1_000);
        switch (kind) {
            case 0:
                await(Asyncio.sleep(d));
                break;
            case 1:
                await(Asyncio.gather(Asyncio.sleep(d), Asyncio.sleep(d.dividedBy(2))));
                break;
            case 2:
                shieldedStarted.incrementAndGet();
                Task<Void> inner = Asyncio.sleep(d);
                inner.whenComplete((v, e) -> shieldedDone.incrementAndGet());
                await(Asyncio.shield(inner));
                break;
            case 3:
                Task<Void> child = Asyncio.createTask(() -> await(Asyncio.sleep(d)));
                try {
                    await(child);
                } finally {
                    if (!child.isDone()) {
                        // a request to the awaiting task is relayed to the child: it must end too
                        child.cancel("parent left");
                    }
                }
                break;
            case 4:
                Asyncio.timeout(Duration.ofNanos(micros * 1_500), t -> await(Asyncio.sleep(d)));
                break;
            case 5:
                await(Asyncio.waitFor(Asyncio.sleep(d), Duration.ofNanos(micros * 1_500)));
                break;
            case 6:
                await(Asyncio.toThread(() -> new CountDownLatch(1).await(micros, TimeUnit.MICROSECONDS)));
                break;
            default:
                try {
                    TaskGroup.run(tg -> {
                        tg.createTask(() -> await(Asyncio.sleep(d)));
                        tg.createTask(() -> await(Asyncio.sleep(d.dividedBy(3))));
                        return null;
                    });
                } catch (TaskGroupException e) {
                    fail("no child of the group fails", e);
                }
        }
    }
}
