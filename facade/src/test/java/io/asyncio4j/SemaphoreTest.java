package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@SuppressWarnings("try") // try-with-resources on a Permit whose variable is unused: that is the point
class SemaphoreTest {

    @Test
    void create_negativeValue_throwsNamedIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(e.getMessage().contains("value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
        assertThrows(NullPointerException.class, () -> new Semaphore(1).withPermit(null));
    }

    @Test
    void acquire_freePermit_completesAtOnce() {
        Semaphore sem = new Semaphore(2);
        assertTrue(sem.acquire().isDone());
        assertTrue(sem.tryAcquire());
        assertTrue(sem.locked());
        assertFalse(sem.tryAcquire());
        assertEquals(0, sem.availablePermits());
        sem.release();
        assertFalse(sem.locked());
        assertEquals(1, sem.availablePermits());
    }

    @Test
    void release_aboveInitial_raisesValueLikeAsyncio() {
        Semaphore sem = new Semaphore(0);
        sem.release();
        sem.release();
        assertEquals(2, sem.availablePermits());
        assertTrue(sem.tryAcquire());
        assertTrue(sem.tryAcquire());
        assertFalse(sem.tryAcquire());
    }

    @Test
    void boundedRelease_aboveInitial_failsAndStaysUsable() throws Exception {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
        assertEquals(1, sem.availablePermits());
        assertTrue(sem.tryAcquire());
        assertFalse(sem.tryAcquire());
        sem.release();
        assertEquals(1, sem.availablePermits());
        assertThrows(IllegalStateException.class, sem::release);
        Asyncio.run(() -> {
            try (Permit p = await(sem.acquirePermit())) {
                assertEquals(0, sem.availablePermits());
            }
            return null;
        });
        assertEquals(1, sem.availablePermits());
    }

    @Test
    void boundedZero_release_fails() {
        BoundedSemaphore sem = new BoundedSemaphore(0);
        assertTrue(sem.locked());
        assertThrows(IllegalStateException.class, sem::release);
        assertFalse(sem.tryAcquire());
    }

    @Test
    void waiters_servedFirstComeFirstServed_evenAfterCancellationInTheMiddle() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(0);
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Task<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                Task<Void> t = sem.acquire();
                t.thenRun(() -> order.add(n));
                waiters.add(t);
            }
            assertTrue(waiters.get(2).cancel("skip"));
            assertThrows(CancelledError.class, () -> await(waiters.get(2)));
            assertTrue(sem.locked());
            // one permit at a time: each goes to the oldest waiter still waiting (completions run on
            // several threads, so the order of callbacks alone would not show the order of grants)
            for (int next : new int[] {0, 1, 3, 4}) {
                sem.release();
                await(waiters.get(next));
                for (int later = next + 1; later < 5; later++) {
                    assertFalse(waiters.get(later).isDone() && later != 2, "waiter " + later + " served early");
                }
            }
            await().untilAsserted(() -> assertEquals(4, order.size()));
            assertEquals(0, sem.availablePermits());
            return null;
        });
    }

    @Test
    void tryAcquire_withWaiters_doesNotBarge() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Void> waiter = sem.acquire();
            sem.release();
            assertFalse(sem.tryAcquire());
            await(waiter);
            assertEquals(0, sem.availablePermits());
            return null;
        });
    }

    @Test
    void cancel_futureStyleAcquire_holdsNoPermit() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(1);
            assertTrue(sem.tryAcquire());
            Task<Void> waiter = sem.acquire();
            waiter.cancel("stop");
            CancelledError e = assertThrows(CancelledError.class, () -> await(waiter));
            assertEquals("stop", e.getMessage());
            sem.release();
            assertEquals(1, sem.availablePermits());
            return null;
        });
    }

    @Test
    void cancel_directStyleBodyBlockedInAcquire_throwsCancelledAndConservesPermits() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(0);
            AtomicInteger reached = new AtomicInteger();
            Task<String> body = createTask(() -> {
                try (Permit p = await(sem.acquirePermit())) {
                    reached.incrementAndGet();
                    return "held";
                }
            });
            await(sleep(Duration.ofMillis(20)));
            body.cancel("stop");
            assertThrows(CancelledError.class, () -> await(body));
            assertEquals(0, reached.get());
            sem.release();
            assertEquals(1, sem.availablePermits());
            return null;
        });
    }

    @Test
    void cancelRacingRelease_neverLosesOrDuplicatesPermits() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(0);
            int n = 2_000;
            List<Task<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                waiters.add(sem.acquire());
            }
            Task<Void> canceller = Asyncio.toThread(() -> {
                for (int i = 0; i < n; i += 2) {
                    waiters.get(i).cancel("race");
                }
                return null;
            });
            for (int i = 0; i < n / 2; i++) {
                sem.release();
            }
            await(canceller);
            // waiters left without a permit are withdrawn; those already served keep theirs
            waiters.forEach(t -> t.cancel("end"));
            await(Asyncio.gatherOutcomes(waiters));
            long acquired =
                    waiters.stream().filter(t -> !t.isCompletedExceptionally()).count();
            // every release either completed exactly one waiter or is still available
            assertEquals(n / 2, acquired + sem.availablePermits());
            return null;
        });
    }

    @Test
    void permit_closeTwice_releasesOnce() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(1);
            Permit p = await(sem.acquirePermit());
            assertFalse(p.released());
            p.close();
            p.close();
            assertTrue(p.released());
            assertEquals(1, sem.availablePermits());
            return null;
        });
    }

    @Test
    void withPermit_releasesAfterBodyStage_alsoOnFailure() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(1);
            CompletableFuture<String> gate = new CompletableFuture<>();
            Task<String> t = sem.withPermit(() -> gate);
            assertEquals(0, sem.availablePermits());
            gate.complete("ok");
            assertEquals("ok", await(t));
            assertEquals(1, sem.availablePermits());
            Task<String> failing = sem.withPermit(() -> CompletableFuture.failedFuture(new ArithmeticException("x")));
            assertThrows(ArithmeticException.class, () -> await(failing));
            Task<String> throwing = sem.withPermit(() -> {
                throw new IllegalArgumentException("y");
            });
            assertThrows(IllegalArgumentException.class, () -> await(throwing));
            assertEquals(1, sem.availablePermits());
            return null;
        });
    }

    @Test
    void withPermit_cancelledWhileWaiting_neverRunsBody() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(0);
            AtomicInteger runs = new AtomicInteger();
            Task<String> t = sem.withPermit(() -> {
                runs.incrementAndGet();
                return CompletableFuture.completedFuture("x");
            });
            t.cancel("no");
            assertThrows(CancelledError.class, () -> await(t));
            sem.release();
            assertEquals(1, sem.availablePermits());
            assertEquals(0, runs.get());
            return null;
        });
    }

    @Test
    void withPermit_cancelledWhileBodyRuns_relaysToBodyAndReleases() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(1);
            Task<String> t = sem.withPermit(() -> sleep(Duration.ofSeconds(30), "late"));
            await(sleep(Duration.ofMillis(10)));
            t.cancel("stop");
            assertThrows(CancelledError.class, () -> await(t));
            assertEquals(1, sem.availablePermits());
            return null;
        });
    }

    @Test
    void stress_manyTasks_neverExceedLimitAndConservePermits() throws Exception {
        runStress(3, 300);
    }

    @Test
    @Tag("stress")
    void stressHeavy_manyTasks_neverExceedLimitAndConservePermits() throws Exception {
        runStress(7, 20_000);
    }

    private static void runStress(int limit, int tasks) throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new Semaphore(limit);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            AtomicInteger negative = new AtomicInteger();
            List<Task<Integer>> all = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int n = i;
                all.add(createTask(() -> {
                    if (n % 3 == 0) {
                        return sem.withPermit(() -> {
                                    max.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                    inside.decrementAndGet();
                                    return sleep(Duration.ZERO, n);
                                })
                                .await();
                    }
                    try (Permit p = await(sem.acquirePermit())) {
                        max.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        try {
                            if (sem.availablePermits() < 0) {
                                negative.incrementAndGet();
                            }
                            await(sleep(Duration.ZERO));
                            return n;
                        } finally {
                            inside.decrementAndGet();
                        }
                    }
                }));
            }
            // cancel some while they run: nothing may leak
            for (int i = 5; i < tasks; i += 17) {
                all.get(i).cancel("stress");
            }
            await(Asyncio.gatherOutcomes(all));
            assertTrue(max.get() <= limit, "max " + max.get());
            assertEquals(0, negative.get());
            assertEquals(limit, sem.availablePermits());
            return null;
        });
    }

    // ---- Lincheck: tryAcquire/release of a BoundedSemaphore against a counter

    public static class BoundedSemaphoreModel {
        private final BoundedSemaphore sem = new BoundedSemaphore(2);

        @Operation
        public boolean tryAcquire() {
            return sem.tryAcquire();
        }

        @Operation
        public boolean release() {
            try {
                sem.release();
                return true;
            } catch (IllegalStateException e) {
                return false;
            }
        }

        @Operation
        public boolean locked() {
            return sem.locked();
        }
    }

    public static class CounterSpec {
        private int value = 2;

        public boolean tryAcquire() {
            if (value == 0) {
                return false;
            }
            value--;
            return true;
        }

        public boolean release() {
            if (value == 2) {
                return false;
            }
            value++;
            return true;
        }

        public boolean locked() {
            return value == 0;
        }
    }

    @Tag("lincheck")
    @Test
    void lincheck_tryAcquireRelease_linearizable() {
        new ModelCheckingOptions()
                .iterations(4)
                .invocationsPerIteration(100)
                .sequentialSpecification(CounterSpec.class)
                .check(BoundedSemaphoreModel.class);
    }

    @Tag("lincheck")
    @Test
    @Tag("stress")
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES) // 50-100 x 2,000 model runs
    void lincheckHeavy_tryAcquireRelease_linearizable() {
        new ModelCheckingOptions()
                .iterations(100)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(CounterSpec.class)
                .check(BoundedSemaphoreModel.class);
    }
}
