package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.conformance.Conf.parked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Task;
import io.asyncio4j.TimeoutError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code Lib/test/test_asyncio/test_waitfor.py}. */
@Timeout(30)
@SuppressWarnings("finally") // the CPython cases throw from finally blocks on purpose
class WaitForConformanceTest {
    /** A very small timeout: it passes {@code timeout > 0} but has almost no effect. */
    private static final Duration EPSILON = Duration.ofNanos(100_000);

    /** Runs for {@link #TASK_TIMEOUT}, ignoring cancellation requests. */
    static final class SlowTask {
        static final Duration TASK_TIMEOUT = Duration.ofMillis(200);
        volatile boolean started;
        volatile boolean exited;

        Void run() throws Exception {
            started = true;
            long exitAt = System.nanoTime() + TASK_TIMEOUT.toNanos();
            while (true) {
                long toSleep = exitAt - System.nanoTime();
                if (toSleep <= 0) {
                    break;
                }
                try {
                    await(sleep(Duration.ofNanos(toSleep)));
                } catch (CancelledError ignored) {
                    // ignores cancel requests
                }
            }
            exited = true;
            return null;
        }
    }

    @Test
    void test_asyncio_wait_for_cancelled() throws Exception {
        // CPython: test_waitfor.py::test_asyncio_wait_for_cancelled
        Asyncio.run(() -> {
            SlowTask t = new SlowTask();
            Task<Void> waitForTask =
                    createTask(() -> await(Asyncio.waitFor(createTask(t::run), SlowTask.TASK_TIMEOUT.multipliedBy(2))));
            // asyncio's sleep(0) lets waitForTask start and its inner task take its first step before the
            // cancel arrives; Java bodies start in parallel, so wait for both (a task cancelled before it
            // starts never runs, and the case would test nothing)
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> t.started);
            parked(waitForTask);
            waitForTask.cancel();
            await(Asyncio.wait(List.of(waitForTask)));
            assertTrue(t.exited);
            return null;
        });
    }

    @Test
    void test_asyncio_wait_for_timeout() throws Exception {
        // CPython: test_waitfor.py::test_asyncio_wait_for_timeout
        Asyncio.run(() -> {
            SlowTask t = new SlowTask();
            try {
                await(Asyncio.waitFor(createTask(t::run), SlowTask.TASK_TIMEOUT.dividedBy(2)));
            } catch (TimeoutError e) {
                // either outcome: the task ignored the cancellation and returned
            }
            assertTrue(t.exited);
            return null;
        });
    }

    @Test
    void test_wait_for_timeout_less_then_0_or_0_future_done() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_timeout_less_then_0_or_0_future_done
        Asyncio.run(() -> {
            CompletableFuture<String> fut = Asyncio.getRunningLoop().createFuture();
            fut.complete("done");
            assertEquals("done", await(Asyncio.waitFor(fut, Duration.ZERO)));
            assertTrue(fut.isDone());
            return null;
        });
    }

    @Test
    void test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
        Asyncio.run(() -> {
            AtomicBoolean fooStarted = new AtomicBoolean();
            assertThrows(
                    TimeoutError.class,
                    () -> await(Asyncio.waitFor(
                            () -> {
                                fooStarted.set(true);
                                return null;
                            },
                            Duration.ZERO)));
            assertFalse(fooStarted.get());
            return null;
        });
    }

    @Test
    void test_wait_for_timeout_less_then_0_or_0() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_timeout_less_then_0_or_0
        Asyncio.run(() -> {
            for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
                AtomicBoolean fooRunning = new AtomicBoolean();
                CompletableFuture<Void> started = new CompletableFuture<>();
                Task<String> fut = createTask(() -> {
                    fooRunning.set(true);
                    started.complete(null);
                    try {
                        await(sleep(Duration.ofSeconds(10)));
                    } finally {
                        fooRunning.set(false);
                    }
                    return "done";
                });
                await(started);
                assertThrows(TimeoutError.class, () -> await(Asyncio.waitFor(fut, timeout)));
                assertTrue(fut.isDone());
                assertTrue(fut.cancelled(), "cancelled due to the timeout");
                assertFalse(fooRunning.get());
            }
            return null;
        });
    }

    @Test
    void test_wait_for() throws Exception {
        // CPython: test_waitfor.py::test_wait_for
        Asyncio.run(() -> {
            AtomicBoolean fooRunning = new AtomicBoolean();
            Task<String> fut = createTask(() -> {
                fooRunning.set(true);
                try {
                    await(sleep(Duration.ofSeconds(10)));
                } finally {
                    fooRunning.set(false);
                }
                return "done";
            });
            assertThrows(TimeoutError.class, () -> await(Asyncio.waitFor(fut, Duration.ofMillis(100))));
            assertTrue(fut.isDone());
            assertTrue(fut.cancelled());
            assertFalse(fooRunning.get());
            return null;
        });
    }

    @Test
    void test_wait_for_blocking() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_blocking
        // Differs: no null timeout in Java; a timeout far beyond the test stands for None.
        assertEquals("done", Asyncio.run(() -> await(Asyncio.waitFor(() -> "done", Duration.ofDays(1)))));
    }

    @Test
    void test_wait_for_race_condition() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_race_condition (timeout widened from 0.2 s: no tight timing)
        assertEquals("ok", Asyncio.run(() -> {
            CompletableFuture<String> fut = Asyncio.getRunningLoop().createFuture();
            Task<String> task = Asyncio.waitFor(fut, Duration.ofSeconds(10));
            Asyncio.getRunningLoop().callLater(Duration.ofMillis(100), () -> fut.complete("ok"));
            return await(task);
        }));
    }

    @Test
    void test_wait_for_cancellation_race_condition() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_cancellation_race_condition
        assertEquals(
                1,
                Asyncio.run(() -> await(Asyncio.waitFor(
                        () -> {
                            assertThrows(CancelledError.class, () -> await(sleep(Duration.ofSeconds(1))));
                            return 1;
                        },
                        Duration.ofMillis(10)))));
    }

    @Test
    void test_wait_for_waits_for_task_cancellation() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_waits_for_task_cancellation
        Asyncio.run(() -> {
            AtomicBoolean taskDone = new AtomicBoolean();
            Task<Void> innerTask = createTask(() -> {
                try {
                    await(sleep(Duration.ofSeconds(10)));
                } catch (CancelledError e) {
                    await(sleep(EPSILON));
                    throw e;
                } finally {
                    taskDone.set(true);
                }
                return null;
            });
            TimeoutError e = assertThrows(TimeoutError.class, () -> await(Asyncio.waitFor(innerTask, EPSILON)));
            assertTrue(taskDone.get());
            assertThat(e.getCause()).isInstanceOf(CancelledError.class);
            return null;
        });
    }

    @Test
    void test_wait_for_waits_for_task_cancellation_w_timeout_0() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_waits_for_task_cancellation_w_timeout_0
        Asyncio.run(() -> {
            AtomicBoolean taskDone = new AtomicBoolean();
            TimeoutError e = assertThrows(TimeoutError.class, () -> {
                Task<Void> innerTask = createTask(() -> {
                    try {
                        await(sleep(Duration.ofSeconds(10)));
                    } catch (CancelledError c) {
                        await(sleep(EPSILON));
                        throw c;
                    } finally {
                        taskDone.set(true);
                    }
                    return null;
                });
                await(sleep(EPSILON));
                await(Asyncio.waitFor(innerTask, Duration.ZERO));
            });
            assertTrue(taskDone.get());
            assertThat(e.getCause()).isInstanceOf(CancelledError.class);
            return null;
        });
    }

    static final class FooException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void test_wait_for_reraises_exception_during_cancellation() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_reraises_exception_during_cancellation
        Asyncio.run(() -> {
            Task<Void> innerTask = createTask(() -> {
                try {
                    await(sleep(Duration.ofMillis(200)));
                } finally {
                    throw new FooException();
                }
            });
            assertThrows(FooException.class, () -> await(Asyncio.waitFor(innerTask, EPSILON)));
            return null;
        });
    }

    @Test
    void test_wait_for_self_cancellation() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_self_cancellation
        Asyncio.run(() -> {
            Task<Integer> innerTask = createTask(() -> {
                try {
                    await(sleep(Duration.ofMillis(300)));
                } catch (CancelledError e) {
                    try {
                        await(sleep(Duration.ofMillis(300)));
                    } catch (CancelledError e2) {
                        await(sleep(Duration.ofMillis(300)));
                    }
                }
                return 42;
            });
            // CPython's create_task(wait_for(...)) is cancelled before it starts, so the wait_for never
            // runs; a Java body starts at once, so it is held at a gate and cancelled there
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<Integer> task = createTask(() -> {
                await(gate);
                return await(Asyncio.waitFor(innerTask, Duration.ofMillis(100)));
            });
            parked(task);
            task.cancel();
            assertThrows(CancelledError.class, () -> await(task));
            assertEquals(42, await(innerTask));
            return null;
        });
    }

    private static void cancelWaitFor(Duration timeout) throws Exception {
        Asyncio.run(() -> {
            Task<Void> task = createTask(() -> await(Asyncio.getRunningLoop().<Void>createFuture()));
            parked(task);
            Task<Void> wait = Asyncio.waitFor(task, timeout); // already waiting, as the started wait_for task
            Asyncio.getRunningLoop().callSoon(wait::cancel);
            assertThrows(CancelledError.class, () -> await(wait));
            // Python issue #23219: cancelling the wait must also cancel the task
            Awaitility.await().until(task::isDone);
            assertTrue(task.cancelled());
            return null;
        });
    }

    @Test
    void test_cancel_blocking_wait_for() throws Exception {
        // CPython: test_waitfor.py::test_cancel_blocking_wait_for (timeout None -> a day, see test_wait_for_blocking)
        cancelWaitFor(Duration.ofDays(1));
    }

    @Test
    void test_cancel_wait_for() throws Exception {
        // CPython: test_waitfor.py::test_cancel_wait_for
        cancelWaitFor(Duration.ofSeconds(60));
    }

    @Test
    void test_wait_for_cancel_suppressed() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_cancel_suppressed
        assertEquals(
                42,
                Asyncio.run(() -> await(Asyncio.waitFor(
                        () -> {
                            try {
                                await(sleep(Duration.ofSeconds(10)));
                            } catch (CancelledError e) {
                                return 42;
                            }
                            return 0;
                        },
                        Duration.ofMillis(100)))));
    }

    @Test
    void test_wait_for_issue86296() throws Exception {
        // CPython: test_waitfor.py::test_wait_for_issue86296
        Asyncio.run(() -> {
            AtomicBoolean reachedEnd = new AtomicBoolean();
            Task<Void> task = createTask(() -> {
                await(Asyncio.waitFor(() -> null, Duration.ofSeconds(100)));
                await(sleep(Duration.ofSeconds(1)));
                reachedEnd.set(true);
                return null;
            });
            parked(task);
            assertFalse(task.done());
            task.cancel();
            assertThrows(CancelledError.class, () -> await(task));
            assertFalse(reachedEnd.get());
            return null;
        });
    }
}
