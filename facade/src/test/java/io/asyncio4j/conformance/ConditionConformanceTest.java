package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.conformance.PrimitivesSupport.RACES;
import static io.asyncio4j.conformance.PrimitivesSupport.brief;
import static io.asyncio4j.conformance.PrimitivesSupport.done;
import static io.asyncio4j.conformance.PrimitivesSupport.endsCancelled;
import static io.asyncio4j.conformance.PrimitivesSupport.eventually;
import static io.asyncio4j.conformance.PrimitivesSupport.parked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Condition;
import io.asyncio4j.Lock;
import io.asyncio4j.Permit;
import io.asyncio4j.Task;
import io.asyncio4j.TimeoutError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's {@code test_locks.py::ConditionTests} ({@code wait()} is {@code waitFor()}, {@code wait_for(p)}
 * is {@code waitFor(p)}, {@code notify_all()} is {@code notifyAllWaiters()}), plus issue 13 items 2, 3, 4.
 */
@Timeout(60)
@SuppressWarnings("try")
class ConditionConformanceTest {

    /** A task that takes the lock, waits once, and records {@code n}; releases only if {@code release}. */
    private static Task<Boolean> waiter(Condition cond, List<Integer> result, int n, boolean release) {
        return createTask(() -> {
            await(cond.acquire());
            await(cond.waitFor());
            result.add(n);
            if (release) {
                cond.release();
            }
            return true;
        });
    }

    /** Starts waiters one by one, each parked in waitFor (lock free again) before the next starts. */
    private static List<Task<Boolean>> waiters(Condition cond, List<Integer> result, int count, boolean release) {
        List<Task<Boolean>> ts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Task<Boolean> t = waiter(cond, result, i, release);
            parked(t);
            eventually(() -> !cond.locked());
            ts.add(t);
        }
        return ts;
    }

    @Test
    void test_wait() throws Exception {
        // ConditionTests::test_wait
        Asyncio.run(() -> {
            Condition cond = new Condition();
            List<Integer> result = new CopyOnWriteArrayList<>();
            List<Task<Boolean>> ts = waiters(cond, result, 3, false);
            assertThat(result).isEmpty();
            assertThat(cond.locked()).isFalse();

            await(cond.acquire());
            cond.notify(1);
            brief();
            assertThat(result).isEmpty();
            assertThat(cond.locked()).isTrue();

            cond.release();
            eventually(() -> result.size() == 1);
            assertThat(result).containsExactly(1);
            assertThat(cond.locked()).isTrue(); // t1 holds it and never releases

            cond.notify(2); // asyncio: notify() needs the lock locked, by anyone
            brief();
            assertThat(result).containsExactly(1);
            assertThat(cond.locked()).isTrue();

            cond.release(); // releases t1's hold: no owner
            eventually(() -> result.size() == 2);
            assertThat(result).containsExactly(1, 2);
            assertThat(cond.locked()).isTrue();

            cond.release();
            eventually(() -> result.size() == 3);
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(cond.locked()).isTrue();
            for (Task<Boolean> t : ts) {
                assertThat(await(t)).isTrue();
            }
            return null;
        });
    }

    @Test
    void test_wait_cancel() throws Exception {
        // ConditionTests::test_wait_cancel
        Asyncio.run(() -> {
            Condition cond = new Condition();
            await(cond.acquire());
            Task<Void> wait = cond.waitFor();
            Asyncio.getRunningLoop().callSoon(wait::cancel);
            assertThatThrownBy(() -> await(wait)).isInstanceOf(CancelledError.class);
            assertThat(cond.locked()).isTrue();
            return null;
        });
    }

    @Test
    void test_wait_cancel_contested() throws Exception {
        // ConditionTests::test_wait_cancel_contested
        Asyncio.run(() -> {
            Condition cond = new Condition();
            await(cond.acquire());
            assertThat(cond.locked()).isTrue();
            Task<Void> waitTask = cond.waitFor();
            eventually(() -> !cond.locked());

            await(cond.acquire());
            assertThat(cond.locked()).isTrue();
            cond.notify(1);
            Asyncio.getRunningLoop().callSoon(waitTask::cancel);
            Asyncio.getRunningLoop().callSoon(cond::release);
            try {
                await(waitTask);
            } catch (CancelledError e) {
                // asyncio: should not happen, no cancellation point; tolerated there too
            }
            assertThat(cond.locked()).isTrue();
            return null;
        });
    }

    @Test
    void test_wait_cancel_after_notify() throws Exception {
        // ConditionTests::test_wait_cancel_after_notify (bpo-32841)
        Asyncio.run(() -> {
            AtomicBoolean waited = new AtomicBoolean();
            Condition cond = new Condition();
            Task<Void> waiter = createTask(() -> {
                try (Permit p = await(cond.acquirePermit())) {
                    waited.set(true);
                    await(cond.waitFor());
                }
                return null;
            });
            parked(waiter);
            eventually(() -> !cond.locked());
            await(cond.acquire());
            cond.notify(1);
            brief(); // the waiter gets to re-acquiring
            waiter.cancel();
            brief();
            cond.release();
            endsCancelled(waiter, "waiter");
            assertThat(waited.get()).isTrue();
            return null;
        });
    }

    @Test
    void test_wait_unacquired() throws Exception {
        // ConditionTests::test_wait_unacquired (RuntimeError -> IllegalStateException)
        Asyncio.run(() -> {
            Condition cond = new Condition();
            assertThatThrownBy(() -> await(cond.waitFor())).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void test_wait_for() throws Exception {
        // ConditionTests::test_wait_for
        Asyncio.run(() -> {
            Condition cond = new Condition();
            AtomicBoolean presult = new AtomicBoolean();
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t = createTask(() -> {
                await(cond.acquire());
                await(cond.waitFor(presult::get));
                result.add(1);
                cond.release();
                return true;
            });
            parked(t);
            eventually(() -> !cond.locked());
            assertThat(result).isEmpty();

            await(cond.acquire());
            cond.notify(1);
            cond.release();
            brief();
            assertThat(result).isEmpty();

            presult.set(true);
            await(cond.acquire());
            cond.notify(1);
            cond.release();
            assertThat(await(t)).isTrue();
            assertThat(result).containsExactly(1);
            return null;
        });
    }

    @Test
    void test_wait_for_unacquired() throws Exception {
        // ConditionTests::test_wait_for_unacquired (Java's predicate is boolean: the result is null, not the value)
        Asyncio.run(() -> {
            Condition cond = new Condition();
            Task<Void> res = cond.waitFor(() -> true); // predicate true: returns at once, lock not needed
            assertThat(await(res)).isNull();
            assertThat(cond.locked()).isFalse();
            assertThatThrownBy(() -> await(cond.waitFor(() -> false))).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }

    @Test
    void test_notify() throws Exception {
        // ConditionTests::test_notify
        Asyncio.run(() -> {
            Condition cond = new Condition();
            List<Integer> result = new CopyOnWriteArrayList<>();
            List<Task<Boolean>> ts = waiters(cond, result, 3, true);
            assertThat(result).isEmpty();

            await(cond.acquire());
            cond.notify(1);
            cond.release();
            eventually(() -> result.size() == 1);
            assertThat(result).containsExactly(1);

            await(cond.acquire());
            cond.notify(1);
            cond.notify(2048);
            cond.release();
            for (Task<Boolean> t : ts) {
                assertThat(await(t)).isTrue();
            }
            assertThat(result).containsExactly(1, 2, 3);
            return null;
        });
    }

    @Test
    void test_notify_all() throws Exception {
        // ConditionTests::test_notify_all
        Asyncio.run(() -> {
            Condition cond = new Condition();
            List<Integer> result = new CopyOnWriteArrayList<>();
            List<Task<Boolean>> ts = waiters(cond, result, 2, true);
            assertThat(result).isEmpty();
            await(cond.acquire());
            cond.notifyAllWaiters();
            cond.release();
            for (Task<Boolean> t : ts) {
                assertThat(await(t)).isTrue();
            }
            assertThat(result).containsExactly(1, 2);
            return null;
        });
    }

    @Test
    void test_notify_unacquired() {
        // ConditionTests::test_notify_unacquired
        Condition cond = new Condition();
        assertThatThrownBy(() -> cond.notify(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void test_notify_all_unacquired() {
        // ConditionTests::test_notify_all_unacquired
        Condition cond = new Condition();
        assertThatThrownBy(cond::notifyAllWaiters).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void test_context_manager() throws Exception {
        // ConditionTests::test_context_manager
        Asyncio.run(() -> {
            Condition cond = new Condition();
            assertThat(cond.locked()).isFalse();
            try (Permit p = await(cond.acquirePermit())) {
                assertThat(cond.locked()).isTrue();
            }
            assertThat(cond.locked()).isFalse();
            return null;
        });
    }

    @Test
    void test_explicit_lock() throws Exception {
        // ConditionTests::test_explicit_lock
        Asyncio.run(() -> {
            checkExplicitLock(null, null);
            checkExplicitLock(new Lock(), null);
            Lock lock = new Lock();
            checkExplicitLock(lock, new Condition(lock));
            return null;
        });
    }

    private static void checkExplicitLock(Lock lock, Condition cond) throws Exception {
        if (lock == null) {
            lock = new Lock();
        }
        if (cond == null) {
            cond = new Condition(lock);
        }
        assertThat(cond.lock()).isSameAs(lock);
        assertThat(lock.locked()).isFalse();
        assertThat(cond.locked()).isFalse();
        try (Permit p = await(cond.acquirePermit())) {
            assertThat(lock.locked()).isTrue();
            assertThat(cond.locked()).isTrue();
        }
        assertThat(lock.locked()).isFalse();
        assertThat(cond.locked()).isFalse();
        try (Permit p = await(lock.acquirePermit())) {
            assertThat(lock.locked()).isTrue();
            assertThat(cond.locked()).isTrue();
        }
        assertThat(lock.locked()).isFalse();
        assertThat(cond.locked()).isFalse();
    }

    @Test
    void test_timeout_in_block() throws Exception {
        // ConditionTests::test_timeout_in_block
        Asyncio.run(() -> {
            Condition condition = new Condition();
            try (Permit p = await(condition.acquirePermit())) {
                assertThatThrownBy(() -> await(Asyncio.waitFor(condition.waitFor(), Duration.ofMillis(100))))
                        .isInstanceOf(TimeoutError.class);
                assertThat(condition.locked()).isTrue();
            }
            assertThat(condition.locked()).isFalse();
            return null;
        });
    }

    @Test
    void test_cancelled_error_wakeup() throws Exception {
        // ConditionTests::test_cancelled_error_wakeup
        Asyncio.run(() -> {
            Condition cond = new Condition();
            AtomicReference<CancelledError> raised = new AtomicReference<>();
            Task<Void> task = createTask(() -> {
                try (Permit p = await(cond.acquirePermit())) {
                    try {
                        await(cond.waitFor(() -> false));
                    } catch (CancelledError e) {
                        raised.set(e);
                        throw e;
                    }
                }
                return null;
            });
            parked(task);
            eventually(() -> !cond.locked());
            task.cancel("foo");
            CancellationException err = endsCancelled(task, "task");
            assertThat(raised.get()).isNotNull();
            assertThat(raised.get().getMessage()).isEqualTo("foo");
            assertThat(err.getMessage()).isEqualTo("foo");
            return null;
        });
    }

    @Test
    void test_cancelled_error_re_aquire() throws Exception {
        // ConditionTests::test_cancelled_error_re_aquire
        Asyncio.run(() -> {
            Condition cond = new Condition();
            AtomicBoolean wake = new AtomicBoolean();
            AtomicReference<CancelledError> raised = new AtomicReference<>();
            Task<Void> task = createTask(() -> {
                try (Permit p = await(cond.acquirePermit())) {
                    try {
                        await(cond.waitFor(wake::get));
                    } catch (CancelledError e) {
                        raised.set(e);
                        throw e;
                    }
                }
                return null;
            });
            parked(task);
            eventually(() -> !cond.locked());
            await(cond.acquire());
            wake.set(true);
            cond.notify(1);
            brief(); // the task is now trying to re-acquire the lock: cancel it there
            task.cancel("foo");
            cond.release();
            CancellationException err = endsCancelled(task, "task");
            assertThat(raised.get()).as("CancelledError seen in the body").isNotNull();
            assertThat(raised.get().getMessage()).isEqualTo("foo");
            assertThat(err.getMessage()).isEqualTo("foo");
            return null;
        });
    }

    /** test_cancelled_wakeup and _relock: two consumers, one notified then cancelled; no lost wake-up. */
    private static void cancelledWakeup(boolean relock) throws Exception {
        Asyncio.run(() -> {
            Condition condition = new Condition();
            AtomicInteger state = new AtomicInteger();
            List<Task<Void>> c = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Task<Void> t = createTask(() -> {
                    try (Permit p = await(condition.acquirePermit())) {
                        while (true) {
                            await(condition.waitFor(() -> state.get() != 0));
                            if (state.get() < 0) {
                                return null;
                            }
                            state.decrementAndGet();
                        }
                    }
                });
                parked(t);
                eventually(() -> !condition.locked());
                c.add(t);
            }
            try (Permit p = await(condition.acquirePermit())) {
                state.incrementAndGet();
                condition.notify(1);
                if (relock) {
                    brief(); // the notified consumer settles on re-acquiring the lock
                }
                c.get(0).cancel();
                try {
                    Asyncio.timeout(Duration.ofMillis(200), t -> await(condition.waitFor(() -> state.get() == 0)));
                } catch (TimeoutError e) {
                    // as in CPython: nobody notifies us, the timeout ends the wait
                }
                assertThat(state.get())
                        .as("the notification was lost with the cancelled consumer")
                        .isZero();
                state.set(-1);
                condition.notifyAllWaiters();
            }
            done(c.get(1), "second consumer");
            return null;
        });
    }

    @Test
    void test_cancelled_wakeup() throws Exception {
        // ConditionTests::test_cancelled_wakeup
        cancelledWakeup(false);
    }

    @Test
    void test_cancelled_wakeup_relock() throws Exception {
        // ConditionTests::test_cancelled_wakeup_relock
        cancelledWakeup(true);
    }

    // ---- issue 13, item 3

    @Test
    void cancelAfterNotify_reacquiresReraisesSameMessage_andPassesNotificationOn() throws Exception {
        Asyncio.run(() -> {
            Condition cond = new Condition();
            AtomicBoolean heldInCatch = new AtomicBoolean();
            AtomicReference<String> caughtMessage = new AtomicReference<>();
            Task<String> w1 = createTask(() -> {
                try (Permit p = await(cond.acquirePermit())) {
                    try {
                        await(cond.waitFor());
                        return "woken";
                    } catch (CancelledError e) {
                        heldInCatch.set(cond.locked());
                        caughtMessage.set(e.getMessage());
                        throw e;
                    }
                }
            });
            parked(w1);
            eventually(() -> !cond.locked());
            Task<String> w2 = createTask(() -> {
                try (Permit p = await(cond.acquirePermit())) {
                    await(cond.waitFor());
                    return "woken";
                }
            });
            parked(w2);
            eventually(() -> !cond.locked());
            await(cond.acquire());
            cond.notify(1); // w1 is notified
            w1.cancel("after notify");
            cond.release();
            CancellationException e = endsCancelled(w1, "w1");
            assertThat(e.getMessage()).isEqualTo("after notify");
            assertThat(caughtMessage.get()).isEqualTo("after notify");
            assertThat(heldInCatch.get())
                    .as("lock re-acquired before CancelledError")
                    .isTrue();
            assertThat(done(w2, "w2: the notification passed on")).isEqualTo("woken");
            assertThat(cond.locked()).isFalse();
            return null;
        });
    }

    @Test
    void waitForPredicate_trueAtOnce_doesNotNeedTheLock() throws Exception {
        Condition cond = new Condition();
        Task<Void> t = cond.waitFor(() -> true);
        assertThat(t.isDone()).isTrue();
        assertThat(t.isCompletedExceptionally()).isFalse();
    }

    // ---- issue 13, item 4

    @Test
    void cancelThenNotify_taskBody_wakeUpGoesToNextWaiter() throws Exception {
        Asyncio.run(() -> {
            for (int round = 0; round < RACES; round++) {
                Condition cond = new Condition();
                AtomicInteger woke = new AtomicInteger();
                List<Task<Void>> ws = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Task<Void> w = createTask(() -> {
                        try (Permit p = await(cond.acquirePermit())) {
                            await(cond.waitFor());
                            woke.incrementAndGet();
                        }
                        return null;
                    });
                    parked(w);
                    eventually(() -> !cond.locked());
                    ws.add(w);
                }
                await(cond.acquire());
                ws.get(0).cancel("race");
                cond.notify(1);
                cond.release();
                done(ws.get(1), "round " + round + ": the next waiter gets the notification");
                endsCancelled(ws.get(0), "round " + round + ": cancelled waiter");
                assertThat(woke.get()).isEqualTo(1);
                eventually(() -> !cond.locked());
            }
            return null;
        });
    }

    // ---- issue 13, item 2: the loop's close never hangs

    @Test
    void runEnds_whenCancelledConditionWaiterCannotRetakeLock_bodyExceptionReported() {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                Asyncio.run(() -> {
                    Condition cond = new Condition();
                    Task<Void> w = createTask(() -> {
                        await(cond.acquire());
                        await(cond.waitFor());
                        cond.release();
                        return null;
                    });
                    parked(w);
                    eventually(() -> !cond.locked());
                    // a task takes the lock and ends without releasing it
                    await(createTask(() -> await(cond.acquire())));
                    assertThat(cond.locked()).isTrue();
                    throw boom;
                });
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertThat(thrown).isSameAs(boom);
    }

    @Test
    void runEnds_whenMainReturnsWithConditionWaiterParked() throws Exception {
        Object value = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> Asyncio.run(() -> {
                    Condition cond = new Condition();
                    Task<Void> w = createTask(() -> {
                        await(cond.acquire());
                        await(cond.waitFor());
                        return null;
                    });
                    parked(w);
                    eventually(() -> !cond.locked());
                    await(createTask(() -> await(cond.acquire())));
                    return "done";
                }));
        assertThat(value).isEqualTo("done");
    }
}
