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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@SuppressWarnings("try") // try-with-resources on a Permit whose variable is unused: that is the point
class LockTest {

    @Test
    void acquireRelease_basic_tracksLocked() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            assertFalse(lock.locked());
            await(lock.acquire());
            assertTrue(lock.locked());
            assertFalse(createTask(lock::tryAcquire).await());
            lock.release();
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void release_unlocked_failsAndStaysUsable() throws Exception {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired", e.getMessage());
        assertTrue(lock.tryAcquire());
        lock.release();
        assertFalse(lock.locked());
    }

    @Test
    void release_byAnotherTask_handsTheLockOver() throws Exception {
        // issue 13.1: asyncio's Lock has no owner; acquire in one task, release in another
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            Task<Void> other = createTask(() -> {
                lock.release();
                return null;
            });
            await(other);
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void release_fromLoopCallbackAndFromAnotherThread_isAllowed() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            CompletableFuture<Void> released = new CompletableFuture<>();
            Asyncio.getRunningLoop().callSoon(() -> {
                lock.release();
                released.complete(null);
            });
            await(released);
            assertFalse(lock.locked());
            await(lock.acquire());
            Thread t = new Thread(lock::release);
            t.start();
            t.join();
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void acquire_outsideAnyTask_hasNoOwnerAndAnyoneMayRelease() throws Exception {
        Lock lock = new Lock();
        assertTrue(lock.acquire().isDone());
        Asyncio.run(() -> {
            lock.release();
            return null;
        });
        assertFalse(lock.locked());
    }

    @Test
    void acquire_byTheTaskHoldingIt_waitsUntilAnotherTaskReleases() throws Exception {
        // issue 13.1: as in asyncio, acquiring a lock you hold waits (no exception)
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            assertFalse(lock.tryAcquire());
            Task<Void> again = lock.acquire();
            await(sleep(Duration.ofMillis(20)));
            assertFalse(again.isDone());
            await(createTask(() -> {
                lock.release();
                return null;
            }));
            await(again);
            assertTrue(lock.locked());
            lock.release();
            return null;
        });
    }

    @Test
    void acquire_selfDeadlockInDebugMode_waitsWithoutThrowing() throws Exception {
        Asyncio.run(
                () -> {
                    Lock lock = new Lock();
                    await(lock.acquire());
                    Task<Void> again = lock.acquire();
                    await(sleep(Duration.ofMillis(150))); // longer than the slow-callback duration
                    assertFalse(again.isDone());
                    assertTrue(again.cancel("give up"));
                    assertThrows(CancelledError.class, () -> await(again));
                    lock.release();
                    assertFalse(lock.locked());
                    return null;
                },
                true);
    }

    @Test
    void waiters_servedInOrder_evenAfterCancellationInTheMiddle() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Task<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                waiters.add(createTask(() -> {
                    try (Permit p = await(lock.acquirePermit())) {
                        order.add(n);
                    }
                    return null;
                }));
                await(sleep(Duration.ofMillis(5))); // let each one queue before the next
            }
            waiters.get(1).cancel("skip");
            waiters.get(3).cancel("skip");
            // the request reaches a waiting body asynchronously: let it withdraw before releasing
            await(Asyncio.gatherOutcomes(List.of(waiters.get(1), waiters.get(3))));
            lock.release();
            await(Asyncio.gatherOutcomes(waiters));
            assertEquals(List.of(0, 2, 4), order);
            assertTrue(waiters.get(1).isCancelled());
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void cancel_futureStyleAcquire_neverHoldsLock() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            Task<Void> waiter = createTask(() -> await(lock.acquire()));
            await(sleep(Duration.ofMillis(10)));
            waiter.cancel("stop");
            assertThrows(CancelledError.class, () -> await(waiter));
            lock.release();
            assertFalse(lock.locked());
            assertTrue(lock.tryAcquire());
            lock.release();
            return null;
        });
    }

    @Test
    void cancelRacingRelease_lockEndsHeldExactlyByTheWinner() throws Exception {
        Asyncio.run(() -> {
            for (int round = 0; round < 200; round++) {
                Lock lock = new Lock();
                await(lock.acquire());
                // another task, since the main task holding the lock may not acquire it again; a
                // request that arrives after the acquire completed ends the task cancelled when its
                // body returns (asyncio's _must_cancel), so the body records what it took
                AtomicReference<Permit> took = new AtomicReference<>();
                Task<Permit> waiter = createTask(() -> {
                    Permit p = await(lock.acquirePermit());
                    took.set(p);
                    return p;
                });
                if (round % 2 == 0) {
                    await(sleep(Duration.ZERO));
                }
                Task<Void> canceller = Asyncio.toThread(() -> {
                    waiter.cancel("race");
                    return null;
                });
                lock.release();
                await(canceller);
                await(Asyncio.gatherOutcomes(List.of(waiter)));
                if (waiter.isCancelled()) {
                    Permit p = took.get();
                    if (p != null) {
                        assertTrue(lock.locked());
                        p.close();
                    }
                    await().until(() -> !lock.locked());
                } else {
                    assertTrue(lock.locked());
                    waiter.join().close();
                    assertFalse(lock.locked());
                }
            }
            return null;
        });
    }

    @Test
    void withLock_releasesWhenStageCompletes_alsoOnFailure() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            CompletableFuture<Integer> gate = new CompletableFuture<>();
            Task<Integer> t = lock.withLock(() -> gate);
            assertTrue(lock.locked());
            gate.completeExceptionally(new ArithmeticException());
            assertThrows(ArithmeticException.class, () -> await(t));
            assertFalse(lock.locked());
            assertEquals(5, await(lock.withLock(() -> CompletableFuture.completedFuture(5))));
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void permit_closedTwiceAfterReacquireByOther_doesNotReleaseOthers() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            Permit p = await(lock.acquirePermit());
            p.close();
            Task<Permit> other = createTask(() -> await(lock.acquirePermit()));
            Permit q = await(other);
            p.close();
            assertTrue(lock.locked());
            q.close();
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void stress_counterUnderLock_noLostUpdatesAndMutualExclusion() throws Exception {
        runStress(200);
    }

    @Test
    @Tag("stress")
    void stressHeavy_counterUnderLock_noLostUpdatesAndMutualExclusion() throws Exception {
        runStress(20_000);
    }

    private static void runStress(int tasks) throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            int[] counter = {0};
            List<Task<Void>> all = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int n = i;
                all.add(createTask(() -> {
                    try (Permit p = await(lock.acquirePermit())) {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        try {
                            int v = counter[0];
                            if (n % 4 == 0) {
                                await(sleep(Duration.ZERO));
                            }
                            counter[0] = v + 1;
                        } finally {
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int i = 3; i < tasks; i += 11) {
                all.get(i).cancel("stress");
            }
            List<Outcome<Void>> outcomes = await(Asyncio.gatherOutcomes(all));
            long ok = all.stream().filter(t -> !t.isCompletedExceptionally()).count();
            assertEquals(tasks, outcomes.size());
            assertEquals(0, overlaps.get());
            assertTrue(counter[0] >= ok, counter[0] + " < " + ok);
            assertFalse(lock.locked());
            return null;
        });
    }
}
