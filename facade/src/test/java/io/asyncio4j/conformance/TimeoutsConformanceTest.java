package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.conformance.Conf.carriedTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import io.asyncio4j.TaskGroupException;
import io.asyncio4j.Timeout;
import io.asyncio4j.TimeoutError;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Ports of CPython's {@code Lib/test/test_asyncio/test_timeouts.py} (3.13+, with {@code _insert_timeout_error}). */
@org.junit.jupiter.api.Timeout(30)
@SuppressWarnings("finally") // the CPython cases throw from finally blocks on purpose
class TimeoutsConformanceTest {
    private static final Duration MS10 = Duration.ofMillis(10);

    /** Keeps the task's thread busy, as CPython's {@code time.sleep()} keeps the loop busy. */
    private static void crunch(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static double now() {
        return Asyncio.getRunningLoop().time();
    }

    @Test
    void test_timeout_basic() throws Exception {
        // CPython: test_timeouts.py::test_timeout_basic
        Asyncio.run(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeout(MS10, t -> {
                        cm.set(t);
                        return await(sleep(Duration.ofSeconds(10)));
                    }));
            assertTrue(cm.get().expired());
            return null;
        });
    }

    @Test
    void test_timeout_at_basic() throws Exception {
        // CPython: test_timeouts.py::test_timeout_at_basic
        Asyncio.run(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            double deadline = now() + 0.01;
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeoutAt(deadline, t -> {
                        cm.set(t);
                        return await(sleep(Duration.ofSeconds(10)));
                    }));
            assertTrue(cm.get().expired());
            assertEquals(deadline, cm.get().when());
            return null;
        });
    }

    @Test
    void test_nested_timeouts() throws Exception {
        // CPython: test_timeouts.py::test_nested_timeouts (issue 12 item 4: same deadline, only the outer raises)
        Asyncio.run(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicReference<Timeout> cm1 = new AtomicReference<>();
            AtomicReference<Timeout> cm2 = new AtomicReference<>();
            double deadline = now() + 0.01;
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeoutAt(deadline, t1 -> {
                        cm1.set(t1);
                        try {
                            return Asyncio.timeoutAt(deadline, t2 -> {
                                cm2.set(t2);
                                return await(sleep(Duration.ofSeconds(10)));
                            });
                        } catch (CancelledError e) {
                            cancelled.set(true);
                            throw e;
                        }
                    }));
            assertTrue(cancelled.get(), "only the topmost timeout raises TimeoutError");
            assertTrue(cm1.get().expired());
            assertTrue(cm2.get().expired());
            return null;
        });
    }

    @Test
    void test_waiter_cancelled() throws Exception {
        // CPython: test_timeouts.py::test_waiter_cancelled
        Asyncio.run(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeout(MS10, t -> {
                        try {
                            return await(sleep(Duration.ofSeconds(10)));
                        } catch (CancelledError e) {
                            cancelled.set(true);
                            throw e;
                        }
                    }));
            assertTrue(cancelled.get());
            return null;
        });
    }

    @Test
    void test_timeout_not_called() throws Exception {
        // CPython: test_timeouts.py::test_timeout_not_called
        Asyncio.run(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            Asyncio.timeout(Duration.ofSeconds(10), t -> {
                cm.set(t);
                return await(sleep(MS10));
            });
            double t1 = now();
            assertFalse(cm.get().expired());
            assertThat(cm.get().when()).isGreaterThan(t1);
            return null;
        });
    }

    @Test
    void test_timeout_disabled() throws Exception {
        // CPython: test_timeouts.py::test_timeout_disabled
        // Differs: Java's timeout(Duration) takes no null; a block without deadline is made with reschedule(null).
        Asyncio.run(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            Asyncio.timeout(Duration.ofSeconds(10), t -> {
                t.reschedule(null);
                cm.set(t);
                return await(sleep(MS10));
            });
            assertFalse(cm.get().expired());
            assertNull(cm.get().when());
            return null;
        });
    }

    @Test
    void test_timeout_at_disabled() throws Exception {
        // CPython: test_timeouts.py::test_timeout_at_disabled
        // Differs: as test_timeout_disabled (timeoutAt(double) takes no None).
        Asyncio.run(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            Asyncio.timeoutAt(now() + 10, t -> {
                t.reschedule(null);
                cm.set(t);
                return await(sleep(MS10));
            });
            assertFalse(cm.get().expired());
            assertNull(cm.get().when());
            return null;
        });
    }

    private static void zeroTimeout(Duration delay, Duration sleepFor) throws Exception {
        Asyncio.run(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            double t0 = now();
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeout(delay, t -> {
                        cm.set(t);
                        return await(sleep(sleepFor));
                    }));
            double t1 = now();
            assertTrue(cm.get().expired());
            if (delay.isNegative()) {
                assertThat(cm.get().when()).isLessThanOrEqualTo(t0);
            } else {
                assertThat(cm.get().when()).isBetween(t0, t1);
            }
            return null;
        });
    }

    @Test
    void test_timeout_zero() throws Exception {
        // CPython: test_timeouts.py::test_timeout_zero
        zeroTimeout(Duration.ZERO, Duration.ofSeconds(10));
    }

    @Test
    void test_timeout_zero_sleep_zero() throws Exception {
        // CPython: test_timeouts.py::test_timeout_zero_sleep_zero (issue 12 item 4)
        zeroTimeout(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void test_timeout_in_the_past_sleep_zero() throws Exception {
        // CPython: test_timeouts.py::test_timeout_in_the_past_sleep_zero (issue 12 item 4)
        zeroTimeout(Duration.ofSeconds(-11), Duration.ZERO);
    }

    @Test
    void test_foreign_exception_passed() throws Exception {
        // CPython: test_timeouts.py::test_foreign_exception_passed
        Asyncio.run(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Asyncio.timeout(MS10, t -> {
                        cm.set(t);
                        throw new IllegalArgumentException("KeyError");
                    }));
            assertFalse(cm.get().expired());
            return null;
        });
    }

    @Test
    void test_timeout_exception_context() throws Exception {
        // CPython: test_timeouts.py::test_timeout_exception_context
        // Differs: Java has no implicit __context__, and the CancelledError thrown by the finally replaces the
        // ArithmeticException; what is checked: TimeoutError caused by the CancelledError.
        Asyncio.run(() -> {
            TimeoutError e = assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeout(MS10, t -> {
                        try {
                            throw new ArithmeticException("/ by zero");
                        } finally {
                            await(sleep(Duration.ofSeconds(1)));
                        }
                    }));
            assertThat(e.getCause()).isInstanceOf(CancelledError.class);
            return null;
        });
    }

    @Test
    void test_foreign_exception_on_timeout() throws Exception {
        // CPython: test_timeouts.py::test_foreign_exception_on_timeout (issue 12 item 5)
        // The Java form of "ZeroDivisionError raised during handling of TimeoutError": the cleanup's
        // exception carries the TimeoutError (as its cause where free, else suppressed).
        Asyncio.run(() -> {
            ArithmeticException e = assertThrows(
                    ArithmeticException.class,
                    () -> Asyncio.timeout(MS10, t -> {
                        try { // crash()
                            await(sleep(Duration.ofSeconds(1)));
                        } finally {
                            throw new ArithmeticException("/ by zero");
                        }
                    }));
            TimeoutError e2 = carriedTimeout(e);
            assertNotNull(e2, "the cleanup's exception carries the TimeoutError");
            assertThat(e2.getCause()).isInstanceOf(CancelledError.class);
            return null;
        });
    }

    @Test
    void test_foreign_exception_on_timeout_2() throws Exception {
        // CPython: test_timeouts.py::test_foreign_exception_on_timeout_2 (issue 12 item 5)
        // Differs: Java's finally drops the exceptions it replaces (ValueError, KeyError); the last one
        // still carries the TimeoutError.
        Asyncio.run(() -> {
            ArithmeticException e = assertThrows(
                    ArithmeticException.class,
                    () -> Asyncio.timeout(MS10, t -> {
                        try {
                            try {
                                throw new IllegalArgumentException("ValueError");
                            } finally {
                                await(sleep(Duration.ofSeconds(1)));
                            }
                        } finally {
                            try {
                                throw new IllegalStateException("KeyError");
                            } finally {
                                throw new ArithmeticException("/ by zero");
                            }
                        }
                    }));
            TimeoutError e3 = carriedTimeout(e);
            assertNotNull(e3, "the cleanup's exception carries the TimeoutError");
            assertThat(e3.getCause()).isInstanceOf(CancelledError.class);
            return null;
        });
    }

    @Test
    void test_foreign_cancel_doesnt_timeout_if_not_expired() throws Exception {
        // CPython: test_timeouts.py::test_foreign_cancel_doesnt_timeout_if_not_expired
        Asyncio.run(() -> {
            Task<Void> task = createTask(() -> {
                AtomicReference<Timeout> cm = new AtomicReference<>();
                assertThrows(
                        CancelledError.class,
                        () -> Asyncio.timeout(Duration.ofSeconds(10), t -> {
                            cm.set(t);
                            currentTask().cancel();
                            return await(sleep(Duration.ofSeconds(10)));
                        }));
                assertFalse(cm.get().expired());
                return null;
            });
            await(Asyncio.wait(java.util.List.of(task)));
            assertThat(task.exception()).isNull();
            return null;
        });
    }

    @Test
    void test_outer_task_is_not_cancelled() throws Exception {
        // CPython: test_timeouts.py::test_outer_task_is_not_cancelled
        Asyncio.run(() -> {
            Task<Void> task = createTask(() -> {
                assertThrows(
                        TimeoutError.class,
                        () -> Asyncio.timeout(Duration.ofMillis(1), t -> await(sleep(Duration.ofSeconds(10)))));
                return null;
            });
            await(task);
            assertFalse(task.cancelled());
            assertTrue(task.done());
            return null;
        });
    }

    @Test
    void test_nested_timeouts_concurrent() throws Exception {
        // CPython: test_timeouts.py::test_nested_timeouts_concurrent
        // (CPython's inner assertRaises(TimeoutError) lets the CancelledError through; so does the Java catch)
        Asyncio.run(() -> {
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeout(Duration.ofMillis(2), outer -> {
                        try {
                            Asyncio.timeout(Duration.ofMillis(100), inner -> {
                                crunch(MS10);
                                return await(sleep(Duration.ofSeconds(1)));
                            });
                        } catch (TimeoutError expectedOnlyIfInnerExpired) {
                            // as assertRaises(TimeoutError)
                        }
                        return null;
                    }));
            return null;
        });
    }

    @Test
    void test_nested_timeouts_loop_busy() throws Exception {
        // CPython: test_timeouts.py::test_nested_timeouts_loop_busy (the t1 <= t0 + 1 timing check is left out)
        Asyncio.run(() -> {
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeout(Duration.ofMillis(100), outer -> {
                        try {
                            Asyncio.timeout(MS10, inner -> {
                                crunch(Duration.ofMillis(100));
                                return await(sleep(Duration.ofSeconds(1)));
                            });
                        } catch (TimeoutError caughtByInner) {
                            // as assertRaises(TimeoutError)
                        }
                        return await(sleep(Duration.ofSeconds(10))); // interrupted by the outer timeout
                    }));
            return null;
        });
    }

    @Test
    void test_reschedule() throws Exception {
        // CPython: test_timeouts.py::test_reschedule
        Asyncio.run(() -> {
            CompletableFuture<Timeout> fut = new CompletableFuture<>();
            double deadline1 = now() + 10;
            double deadline2 = deadline1 + 20;
            Task<Void> task = createTask(() -> Asyncio.timeoutAt(deadline1, cm -> {
                fut.complete(cm);
                return await(sleep(Duration.ofSeconds(50)));
            }));
            Timeout cm = await(fut);
            assertEquals(deadline1, cm.when());
            cm.reschedule(deadline2);
            assertEquals(deadline2, cm.when());
            cm.reschedule(null);
            assertNull(cm.when());
            task.cancel();
            assertThrows(CancelledError.class, () -> await(task));
            assertFalse(cm.expired());
            return null;
        });
    }

    @Test
    void test_nested_timeout_in_finally() throws Exception {
        // CPython: test_timeouts.py::test_nested_timeout_in_finally
        // Differs only in the __context__ links Java has no equivalent of; both causes are checked.
        Asyncio.run(() -> {
            AtomicReference<TimeoutError> inner = new AtomicReference<>();
            TimeoutError e1 = assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeout(MS10, t -> {
                        try {
                            return await(sleep(Duration.ofSeconds(1)));
                        } finally {
                            inner.set(assertThrows(
                                    TimeoutError.class,
                                    () -> Asyncio.timeout(MS10, t2 -> await(sleep(Duration.ofSeconds(10))))));
                        }
                    }));
            assertThat(e1.getCause()).isInstanceOf(CancelledError.class);
            assertThat(inner.get().getCause()).isInstanceOf(CancelledError.class);
            return null;
        });
    }

    @Test
    void test_timeout_after_cancellation() throws Exception {
        // CPython: test_timeouts.py::test_timeout_after_cancellation
        Asyncio.run(() -> {
            try {
                currentTask().cancel();
                await(sleep(Duration.ofSeconds(1))); // work which will be cancelled
            } catch (CancelledError e) {
                // handled
            } finally {
                assertThrows(
                        TimeoutError.class,
                        () -> Asyncio.timeout(Duration.ZERO, t -> await(sleep(Duration.ofSeconds(1)))));
            }
            return null;
        });
    }

    @Test
    void test_cancel_in_timeout_after_cancellation() throws Exception {
        // CPython: test_timeouts.py::test_cancel_in_timeout_after_cancellation
        Asyncio.run(() -> {
            try {
                currentTask().cancel();
                await(sleep(Duration.ofSeconds(1)));
            } catch (CancelledError e) {
                // handled
            } finally {
                assertThrows(
                        CancelledError.class,
                        () -> Asyncio.timeout(Duration.ofSeconds(1), t -> {
                            currentTask().cancel();
                            return await(sleep(Duration.ofSeconds(2)));
                        }));
            }
            return null;
        });
    }

    @Test
    void test_timeout_exception_cause() throws Exception {
        // CPython: test_timeouts.py::test_timeout_exception_cause
        Asyncio.run(() -> {
            TimeoutError e = assertThrows(
                    TimeoutError.class, () -> Asyncio.timeout(Duration.ZERO, t -> await(sleep(Duration.ofSeconds(1)))));
            assertThat(e.getCause()).isInstanceOf(CancelledError.class);
            return null;
        });
    }

    @Test
    void test_timeout_finished() throws Exception {
        // CPython: test_timeouts.py::test_timeout_finished (RuntimeError -> IllegalStateException)
        Asyncio.run(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            Asyncio.timeout(MS10, t -> {
                cm.set(t);
                return null;
            });
            assertThrows(IllegalStateException.class, () -> cm.get().reschedule(now() + 0.02));
            return null;
        });
    }

    @Test
    void test_timeout_expired() throws Exception {
        // CPython: test_timeouts.py::test_timeout_expired
        Asyncio.run(() -> {
            AtomicReference<Timeout> cm = new AtomicReference<>();
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeout(MS10, t -> {
                        cm.set(t);
                        return await(sleep(Duration.ofSeconds(1)));
                    }));
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> cm.get().reschedule(now() + 0.02));
            assertThat(e.getMessage()).contains("expired");
            return null;
        });
    }

    @Test
    void test_timeout_expiring() throws Exception {
        // CPython: test_timeouts.py::test_timeout_expiring
        Asyncio.run(() -> {
            Asyncio.timeout(MS10, cm -> {
                assertThrows(CancelledError.class, () -> await(sleep(Duration.ofSeconds(1))));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cm.reschedule(now() + 0.02));
                assertThat(e.getMessage()).contains("expiring");
                return null;
            });
            return null;
        });
    }

    @Test
    void test_timeout_without_task() throws Exception {
        // CPython: test_timeouts.py::test_timeout_without_task (RuntimeError -> IllegalStateException)
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.timeout(MS10, t -> null));
        assertThat(e.getMessage()).contains("task");
    }

    @SuppressWarnings("finally")
    private static Void crashInCleanup() throws Exception {
        try {
            await(sleep(Duration.ofSeconds(2))); // interrupted after 10 ms
        } finally {
            throw new ArithmeticException("/ by zero"); // crash in cleanup
        }
    }

    @Test
    void test_timeout_taskgroup() throws Exception {
        // CPython: test_timeouts.py::test_timeout_taskgroup (issue 12 item 5)
        // Differs: the body's ValueError is dropped by Java's finally (no __context__); the group error and
        // the child's cleanup error each carry the TimeoutError (cause where free, else suppressed).
        Asyncio.run(() -> {
            TaskGroupException eg = assertThrows(
                    TaskGroupException.class,
                    () -> Asyncio.timeout(
                            MS10,
                            t -> TaskGroup.run(tg -> {
                                tg.createTask(TimeoutsConformanceTest::crashInCleanup);
                                try {
                                    throw new IllegalArgumentException("ValueError");
                                } finally {
                                    await(sleep(Duration.ofSeconds(1)));
                                }
                            })));
            TimeoutError e1 = carriedTimeout(eg);
            assertNotNull(e1, "the group's exception carries the TimeoutError");
            assertThat(e1.getCause()).isInstanceOf(CancelledError.class);
            assertEquals(1, eg.exceptions().size(), eg.exceptions().toString());
            Throwable child = eg.exceptions().get(0);
            assertThat(child).isInstanceOf(ArithmeticException.class);
            TimeoutError e2 = carriedTimeout(child);
            assertNotNull(e2, "the child's cleanup error carries the TimeoutError");
            assertThat(e2.getCause()).isInstanceOf(CancelledError.class);
            return null;
        });
    }
}
