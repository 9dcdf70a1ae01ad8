package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.conformance.PrimitivesSupport.RACES;
import static io.asyncio4j.conformance.PrimitivesSupport.done;
import static io.asyncio4j.conformance.PrimitivesSupport.endsCancelled;
import static io.asyncio4j.conformance.PrimitivesSupport.eventually;
import static io.asyncio4j.conformance.PrimitivesSupport.parked;
import static io.asyncio4j.conformance.PrimitivesSupport.staysPending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Lock;
import io.asyncio4j.Permit;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's {@code test_locks.py::LockTests}, plus issue 13's Lock behaviours (1, 4, 7). */
@Timeout(60)
@SuppressWarnings("try")
class LockConformanceTest {

    private static Task<Boolean> acquirer(Lock lock, List<Integer> result, int n) {
        return createTask(() -> {
            await(lock.acquire());
            result.add(n);
            return true;
        });
    }

    @Test
    void test_acquire() throws Exception {
        // LockTests::test_acquire
        Asyncio.run(() -> {
            Lock lock = new Lock();
            List<Integer> result = new CopyOnWriteArrayList<>();
            await(lock.acquire());
            Task<Boolean> t1 = acquirer(lock, result, 1);
            parked(t1);
            Task<Boolean> t2 = acquirer(lock, result, 2);
            parked(t2);
            assertThat(result).isEmpty();

            lock.release();
            eventually(() -> result.size() == 1);
            assertThat(result).containsExactly(1);
            assertThat(staysPending(t2)).isTrue();

            Task<Boolean> t3 = acquirer(lock, result, 3);
            parked(t3);
            lock.release(); // held by t1: asyncio's Lock has no owner
            eventually(() -> result.size() == 2);
            assertThat(result).containsExactly(1, 2);

            lock.release(); // held by t2
            eventually(() -> result.size() == 3);
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(await(t1)).isTrue();
            assertThat(await(t2)).isTrue();
            assertThat(await(t3)).isTrue();
            return null;
        });
    }

    @Test
    void test_acquire_cancel() throws Exception {
        // LockTests::test_acquire_cancel
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            Task<Void> task = createTask(() -> await(lock.acquire()));
            Asyncio.getRunningLoop().callSoon(task::cancel);
            assertThatThrownBy(() -> await(task)).isInstanceOf(CancelledError.class);
            // no waiter left: one release frees the lock
            lock.release();
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void test_cancel_race() throws Exception {
        // LockTests::test_cancel_race
        Asyncio.run(() -> {
            Lock lock = new Lock();
            CompletableFuture<Void> fa = Asyncio.getRunningLoop().createFuture();
            Task<Void> ta = createTask(() -> lockit(lock, fa));
            parked(ta);
            assertThat(lock.locked()).isTrue();
            Task<Void> tb = createTask(() -> lockit(lock, null));
            parked(tb);
            Task<Void> tc = createTask(() -> lockit(lock, null));
            parked(tc);

            fa.complete(null);
            // asyncio's tb cannot run between these two lines; a Java body can, and may even finish
            // (lock taken and released) before cancel() comes, which then returns false
            boolean accepted = tb.cancel();
            await(tc);
            done(ta, "ta");
            if (accepted) {
                endsCancelled(tb, "tb");
            } else {
                done(tb, "tb");
            }
            eventually(() -> !lock.locked());
            return null;
        });
    }

    private static Void lockit(Lock lock, CompletableFuture<Void> blocker) throws Exception {
        await(lock.acquire());
        try {
            if (blocker != null) {
                await(blocker);
            }
        } finally {
            lock.release();
        }
        return null;
    }

    @Test
    void test_cancel_release_race() throws Exception {
        // LockTests::test_cancel_release_race
        Asyncio.run(() -> {
            Lock lock = new Lock();
            AtomicInteger lockCount = new AtomicInteger();
            AtomicInteger callCount = new AtomicInteger();
            await(lock.acquire());
            List<Task<Void>> ts = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                Task<Void> t = createTask(() -> {
                    callCount.incrementAndGet();
                    await(lock.acquire());
                    lockCount.incrementAndGet();
                    return null;
                });
                parked(t);
                ts.add(t);
            }
            Asyncio.getRunningLoop().callSoon(() -> {
                ts.get(0).cancel();
                lock.release();
            });
            assertThatThrownBy(() -> await(ts.get(0))).isInstanceOf(CancelledError.class);
            done(ts.get(1), "t2");
            assertThat(staysPending(ts.get(2))).isTrue();
            assertThat(lockCount.get()).isEqualTo(1);
            assertThat(callCount.get()).isEqualTo(3);
            assertThat(ts.get(0).isCancelled() && ts.get(1).isDone()).isTrue();
            ts.get(2).cancel();
            endsCancelled(ts.get(2), "t3");
            return null;
        });
    }

    @Test
    void test_finished_waiter_cancelled() throws Exception {
        // LockTests::test_finished_waiter_cancelled
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            assertThat(lock.locked()).isTrue();
            Task<Void> tb = createTask(() -> await(lock.acquire()));
            parked(tb);
            Task<Void> tc = createTask(() -> await(lock.acquire()));
            parked(tc);
            tb.cancel();
            lock.release();
            done(tc, "tc");
            assertThat(lock.locked()).isTrue();
            endsCancelled(tb, "tb");
            return null;
        });
    }

    @Test
    void test_release_not_acquired() throws Exception {
        // LockTests::test_release_not_acquired (RuntimeError -> IllegalStateException)
        Lock lock = new Lock();
        assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void test_release_no_waiters() throws Exception {
        // LockTests::test_release_no_waiters
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            assertThat(lock.locked()).isTrue();
            lock.release();
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void test_context_manager() throws Exception {
        // LockTests::test_context_manager (async with -> try-with-resources on a Permit)
        Asyncio.run(() -> {
            Lock lock = new Lock();
            assertThat(lock.locked()).isFalse();
            try (Permit p = await(lock.acquirePermit())) {
                assertThat(lock.locked()).isTrue();
            }
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    // ---- issue 13, item 1: no owner

    @Test
    void release_byAnotherTask_noOwner() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            await(createTask(() -> {
                lock.release();
                return null;
            }));
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void release_fromAThread_noOwner() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            CompletableFuture<Void> released = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    lock.release();
                    released.complete(null);
                } catch (Throwable e) {
                    released.completeExceptionally(e);
                }
            });
            t.start();
            done(released, "release from a plain thread");
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void release_fromALoopCallback_handsOverToWaiter() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            Task<Void> waiter = createTask(() -> await(lock.acquire()));
            parked(waiter);
            CompletableFuture<Void> released = new CompletableFuture<>();
            Asyncio.getRunningLoop().callSoon(() -> {
                try {
                    lock.release();
                    released.complete(null);
                } catch (Throwable e) {
                    released.completeExceptionally(e);
                }
            });
            done(released, "release from a callSoon callback");
            done(waiter, "waiter");
            assertThat(lock.locked()).isTrue();
            return null;
        });
    }

    @Test
    void acquire_byTaskThatHoldsIt_waitsUntilAnotherReleases() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            Task<Void> again = lock.acquire(); // asyncio: waits, it does not raise
            assertThat(staysPending(again)).isTrue();
            await(createTask(() -> {
                lock.release();
                return null;
            }));
            done(again, "second acquire by the holder");
            assertThat(lock.locked()).isTrue();
            lock.release();
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    @Test
    void acquire_byTaskThatHoldsIt_debugModeDoesNotThrow() throws Exception {
        Asyncio.run(
                () -> {
                    Asyncio.getRunningLoop().setSlowCallbackDuration(Duration.ofMillis(10));
                    Lock lock = new Lock();
                    await(lock.acquire());
                    Task<Void> again = lock.acquire();
                    assertThat(staysPending(again)).isTrue();
                    lock.release();
                    done(again, "second acquire by the holder in debug mode");
                    lock.release();
                    return null;
                },
                true);
    }

    @Test
    void permit_acquiredInOneTask_releasedInAnother() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            Permit p = await(createTask(() -> await(lock.acquirePermit())));
            assertThat(lock.locked()).isTrue();
            await(createTask(() -> {
                p.close();
                return null;
            }));
            assertThat(lock.locked()).isFalse();
            return null;
        });
    }

    // ---- issue 13, item 4 / issue 12, item 2: cancel() withdraws the waiter at once

    @Test
    void cancelThenRelease_opFuture_lockGoesToNextWaiter() throws Exception {
        for (int round = 0; round < RACES; round++) {
            Lock lock = new Lock();
            assertThat(lock.tryAcquire()).isTrue();
            Task<Void> a = lock.acquire();
            Task<Void> b = lock.acquire();
            assertThat(a.cancel())
                    .as("round %d: cancel() of a parked acquire", round)
                    .isTrue();
            lock.release();
            endsCancelled(a, "round " + round + ": cancelled acquire");
            done(b, "round " + round + ": next waiter");
            assertThat(lock.locked()).isTrue();
            lock.release();
            assertThat(lock.locked())
                    .as("round %d: the cancelled acquire took the lock", round)
                    .isFalse();
        }
    }

    @Test
    void cancelThenRelease_taskBody_lockGoesToNextWaiter() throws Exception {
        Asyncio.run(() -> {
            for (int round = 0; round < RACES; round++) {
                Lock lock = new Lock();
                assertThat(lock.tryAcquire()).isTrue();
                AtomicInteger took = new AtomicInteger();
                Task<Void> a = createTask(() -> {
                    await(lock.acquire());
                    took.incrementAndGet();
                    return null;
                });
                parked(a);
                Task<Void> b = createTask(() -> {
                    await(lock.acquire());
                    lock.release(); // by its holder: this test does not depend on item 1
                    return null;
                });
                parked(b);
                a.cancel("race");
                lock.release();
                done(b, "round " + round + ": next waiter");
                endsCancelled(a, "round " + round + ": cancelled task");
                assertThat(took.get())
                        .as("round %d: cancelled task took the lock", round)
                        .isZero();
                assertThat(lock.locked())
                        .as("round %d: the cancelled task holds the lock", round)
                        .isFalse();
            }
            return null;
        });
    }

    @Test
    void cancelRacingRelease_opFutureCancelTrueOnlyIfNothingTaken() throws Exception {
        // a future's cancel(): true only if it ends cancelled having taken nothing; false once it holds
        Lock[] lock = new Lock[1];
        @SuppressWarnings({"unchecked", "rawtypes"})
        Task<Void>[] a = new Task[1];
        boolean[] cancelResult = new boolean[1];
        PrimitivesSupport.raceOnTwoThreads(
                RACES,
                () -> {
                    lock[0] = new Lock();
                    lock[0].tryAcquire();
                    a[0] = lock[0].acquire();
                },
                () -> cancelResult[0] = a[0].cancel(),
                () -> lock[0].release(),
                () -> {
                    if (cancelResult[0]) {
                        endsCancelled(a[0], "cancel() returned true");
                        assertThat(lock[0].locked())
                                .as("cancel() true but the lock stays taken")
                                .isFalse();
                    } else {
                        try {
                            done(a[0], "cancel() returned false");
                        } catch (Exception e) {
                            throw new AssertionError("cancel() returned false but the acquire failed: " + e, e);
                        }
                        assertThat(lock[0].locked()).isTrue();
                    }
                });
    }

    @Test
    void cancelAfterRelease_opFutureHoldsLock_cancelReturnsFalse() throws Exception {
        // asyncio: release() hands the lock to the first waiter's future, whose cancel() is then false
        for (int round = 0; round < RACES; round++) {
            Lock lock = new Lock();
            assertThat(lock.tryAcquire()).isTrue();
            Task<Void> a = lock.acquire();
            lock.release();
            assertThat(a.cancel())
                    .as("round %d: cancel() after the lock was handed over", round)
                    .isFalse();
            done(a, "round " + round + ": acquire handed the lock");
            assertThat(lock.locked()).isTrue();
        }
    }

    // ---- issue 13, item 7: no busy-spin on release

    @Test
    void releaseTwiceAroundHandOff_secondReleaseFreesLockWithoutOwnerCheck() throws Exception {
        // the hand-off window in which the new holder is not yet recorded: release() must neither spin nor
        // refuse; the lock ends free and the waiter's acquire completes
        for (int round = 0; round < RACES; round++) {
            Lock lock = new Lock();
            assertThat(lock.tryAcquire()).isTrue();
            Task<Void> a = lock.acquire();
            lock.release();
            lock.release();
            done(a, "round " + round + ": waiter");
            eventually(() -> !lock.locked());
        }
    }
}
