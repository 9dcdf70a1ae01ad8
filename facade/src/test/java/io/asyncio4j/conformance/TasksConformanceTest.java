package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.conformance.Conf.LONG;
import static io.asyncio4j.conformance.Conf.parked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.Asyncio;
import io.asyncio4j.Barrier;
import io.asyncio4j.CancelledError;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Outcome;
import io.asyncio4j.Task;
import io.asyncio4j.TimeoutError;
import io.asyncio4j.TimerHandle;
import io.asyncio4j.WaitResult;
import io.asyncio4j.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of the cancellation cases of CPython's {@code Lib/test/test_asyncio/test_tasks.py}. Where
 * CPython drives the loop by hand ({@code run_briefly}), the Java test waits until the task is parked in
 * {@code await} ({@link Conf#parked}); where a CPython body is suspended at a bare {@code yield}, the Java
 * body is held between awaits so that the request has to stay pending ({@code _must_cancel}).
 */
@Timeout(30)
class TasksConformanceTest {

    /** Holds a body between two awaits until released: the request then has no waiter to cancel. */
    private static void spinUntil(AtomicBoolean go) {
        while (!go.get()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void test_cancelling() throws Exception {
        // CPython: test_tasks.py::test_cancelling
        Asyncio.run(() -> {
            CompletableFuture<Void> looked = new CompletableFuture<>();
            Task<Void> t = createTask(() -> {
                try {
                    return await(sleep(LONG));
                } catch (CancelledError e) {
                    looked.join(); // asyncio has not stepped the task yet; a Java body runs in parallel
                    throw e;
                }
            });
            parked(t);
            assertEquals(0, t.cancelling());
            assertThat(t.toString()).doesNotContain("cancelling");
            assertTrue(t.cancel());
            assertTrue(t.cancelling() > 0);
            assertThat(t.toString()).contains("cancelling");
            assertTrue(t.cancel()); // a second request is still accepted while pending
            looked.complete(null);
            assertThrows(CancelledError.class, () -> await(t));
            return null;
        });
    }

    @Test
    void test_uncancel_basic() throws Exception {
        // CPython: test_tasks.py::test_uncancel_basic
        Asyncio.run(() -> {
            AtomicBoolean secondSleep = new AtomicBoolean();
            CompletableFuture<Void> proceed = new CompletableFuture<>();
            Task<Void> t = createTask(() -> {
                try {
                    await(sleep(LONG));
                } catch (CancelledError e) {
                    // Java bodies run in parallel: hold here until the test has looked, as asyncio's
                    // loop does not step the task before run_until_complete
                    await(proceed);
                    currentTask().uncancel();
                    secondSleep.set(true);
                    await(sleep(LONG));
                }
                return null;
            });
            parked(t);
            assertTrue(t.cancel());
            assertThat(t.toString()).contains("cancelling");
            assertEquals(1, t.cancelling());
            assertFalse(t.cancelled());
            proceed.complete(null);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(secondSleep);
            parked(t);
            assertThat(t.toString()).doesNotContain("cancelling");
            assertEquals(0, t.cancelling());
            assertFalse(t.cancelled());

            assertTrue(t.cancel());
            assertEquals(1, t.cancelling());
            // (asyncio's loop has not stepped the task yet here; a Java body runs in parallel and may
            // already have ended cancelled, so cancelled() is not asserted at this point)
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.cancelled());
            assertTrue(t.done());
            t.uncancel(); // no longer effective
            assertTrue(t.cancelled());
            assertTrue(t.done());
            return null;
        });
    }

    private static List<Boolean> makeRequestWithTimeout(Duration sleepFor, Duration timeout) throws Exception {
        Task<?> task = currentTask();
        EventLoop loop = Asyncio.getRunningLoop();
        AtomicBoolean timedOut = new AtomicBoolean();
        boolean structuredBlockFinished = false;
        TimerHandle handle = loop.callLater(timeout, () -> {
            timedOut.set(true);
            task.cancel();
        });
        try {
            Throwable raised = null;
            try {
                await(sleep(sleepFor));
                structuredBlockFinished = true;
            } catch (Throwable e) {
                raised = e;
            } finally {
                handle.cancel();
                if (timedOut.get() && task.uncancel() == 0 && raised instanceof CancelledError) {
                    throw new TimeoutError("timed out", raised);
                }
            }
            if (raised != null) {
                throw (Exception) raised;
            }
        } catch (TimeoutError e) {
            assertTrue(timedOut.get());
        }
        boolean outerCodeReached = true;
        await(sleep(Duration.ZERO));
        return List.of(timedOut.get(), structuredBlockFinished, outerCodeReached);
    }

    @Test
    void test_uncancel_structured_blocks() throws Exception {
        // CPython: test_tasks.py::test_uncancel_structured_blocks
        Asyncio.run(() -> {
            Task<List<Boolean>> t1 =
                    createTask(() -> makeRequestWithTimeout(Duration.ofSeconds(10), Duration.ofMillis(100)));
            assertEquals(List.of(true, false, true), await(t1));
            assertEquals(0, t1.cancelling());

            Task<List<Boolean>> t2 = createTask(() -> makeRequestWithTimeout(Duration.ZERO, Duration.ofSeconds(10)));
            assertEquals(List.of(false, true, true), await(t2));
            assertEquals(0, t2.cancelling());
            return null;
        });
    }

    @Test
    void test_uncancel_resets_must_cancel() throws Exception {
        // CPython: test_tasks.py::test_uncancel_resets_must_cancel
        Asyncio.run(() -> {
            CompletableFuture<Void> fut = new CompletableFuture<>();
            AtomicBoolean go = new AtomicBoolean();
            Task<Integer> task = createTask(() -> {
                await(fut);
                spinUntil(go); // runnable, not suspended: the request can only be pending
                return 42;
            });
            parked(task);
            fut.complete(null);
            try {
                assertTrue(task.cancel());
                assertEquals(1, task.cancelling());
                task.uncancel();
                assertEquals(0, task.cancelling());
            } finally {
                go.set(true);
            }
            assertEquals(42, await(task));
            return null;
        });
    }

    @Test
    void test_cancel() throws Exception {
        // CPython: test_tasks.py::test_cancel
        Asyncio.run(() -> {
            Task<Integer> t = createTask(() -> {
                await(sleep(Duration.ofSeconds(10)));
                return 12;
            });
            Asyncio.getRunningLoop().callSoon(t::cancel);
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.done());
            assertTrue(t.cancelled());
            assertFalse(t.cancel());
            return null;
        });
    }

    @Test
    void test_cancel_with_message_then_future_result() throws Exception {
        // CPython: test_tasks.py::test_cancel_with_message_then_future_result
        for (String message : Arrays.asList(null, "my message")) {
            CancelledError e = assertThrows(
                    CancelledError.class,
                    () -> Asyncio.run(() -> {
                        Task<Void> task = createTask(() -> await(sleep(LONG)));
                        parked(task);
                        task.cancel(message);
                        await(Asyncio.wait(List.of(task)));
                        return task.result();
                    }));
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    void test_cancel_with_message_then_future_exception() throws Exception {
        // CPython: test_tasks.py::test_cancel_with_message_then_future_exception
        for (String message : Arrays.asList(null, "my message")) {
            CancelledError e = assertThrows(
                    CancelledError.class,
                    () -> Asyncio.run(() -> {
                        Task<Void> task = createTask(() -> await(sleep(LONG)));
                        parked(task);
                        task.cancel(message);
                        await(Asyncio.wait(List.of(task)));
                        return task.exception();
                    }));
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    void test_cancellation_exception_context() throws Exception {
        // CPython: test_tasks.py::test_cancellation_exception_context
        // Java has no implicit __context__: the chain is made explicit with the cause, as "raise ... from ex".
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Asyncio.run(() -> {
                    CompletableFuture<Void> fut = new CompletableFuture<>();
                    Task<Void> inner = createTask(() -> {
                        fut.complete(null);
                        await(sleep(Duration.ofSeconds(10)));
                        return null;
                    });
                    await(fut);
                    Asyncio.getRunningLoop().callSoon(() -> inner.cancel("msg"));
                    try {
                        await(inner);
                    } catch (CancelledError ex) {
                        throw new IllegalArgumentException("cancelled", ex);
                    }
                    return null;
                }));
        assertEquals("cancelled", e.getMessage());
        assertThat(e.getCause()).isInstanceOf(CancelledError.class).hasMessage("msg");
    }

    @Test
    void test_cancel_with_message_before_starting_task() throws Exception {
        // CPython: test_tasks.py::test_cancel_with_message_before_starting_task
        CancelledError e = assertThrows(
                CancelledError.class,
                () -> Asyncio.run(() -> {
                    Task<Void> task = createTask(() -> await(sleep(Duration.ofSeconds(10))));
                    task.cancel("my message");
                    await(Asyncio.wait(List.of(task)));
                    return task.exception();
                }));
        assertEquals("my message", e.getMessage());
    }

    @Test
    void test_cancel_yield() throws Exception {
        // CPython: test_tasks.py::test_cancel_yield
        Asyncio.run(() -> {
            CompletableFuture<Void> started = new CompletableFuture<>();
            AtomicBoolean go = new AtomicBoolean();
            Task<Integer> t = createTask(() -> {
                started.complete(null);
                spinUntil(go); // CPython's task is at a bare yield: no waiter to cancel
                await(sleep(Duration.ZERO));
                await(sleep(Duration.ZERO));
                return 12;
            });
            await(started);
            try {
                assertTrue(t.cancel());
            } finally {
                go.set(true);
            }
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.done());
            assertTrue(t.cancelled());
            assertFalse(t.cancel());
            return null;
        });
    }

    @Test
    void test_cancel_inner_future() throws Exception {
        // CPython: test_tasks.py::test_cancel_inner_future
        Asyncio.run(() -> {
            CompletableFuture<Void> f = Asyncio.getRunningLoop().createFuture();
            Task<Integer> t = createTask(() -> {
                await(f);
                return 12;
            });
            parked(t);
            f.cancel(false);
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(f.isCancelled());
            assertTrue(t.cancelled());
            return null;
        });
    }

    @Test
    void test_cancel_both_task_and_inner_future() throws Exception {
        // CPython: test_tasks.py::test_cancel_both_task_and_inner_future
        Asyncio.run(() -> {
            CompletableFuture<Void> f = Asyncio.getRunningLoop().createFuture();
            Task<Integer> t = createTask(() -> {
                await(f);
                return 12;
            });
            parked(t);
            f.cancel(false);
            t.cancel();
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.done());
            assertTrue(f.isCancelled());
            assertTrue(t.cancelled());
            return null;
        });
    }

    @Test
    void test_cancel_task_catching() throws Exception {
        // CPython: test_tasks.py::test_cancel_task_catching
        Asyncio.run(() -> {
            CompletableFuture<Void> fut1 = new CompletableFuture<>();
            CompletableFuture<Void> fut2 = new CompletableFuture<>();
            AtomicBoolean atFut2 = new AtomicBoolean();
            Task<Integer> t = createTask(() -> {
                await(fut1);
                atFut2.set(true);
                try {
                    await(fut2);
                } catch (CancelledError e) {
                    return 42;
                }
                return 0;
            });
            parked(t);
            fut1.complete(null);
            Awaitility.await().untilTrue(atFut2);
            parked(t);
            t.cancel();
            assertTrue(fut2.isCancelled(), "cancel() cancels the awaited future synchronously");
            assertEquals(42, await(t));
            assertFalse(t.cancelled());
            return null;
        });
    }

    @Test
    void test_cancel_task_ignoring() throws Exception {
        // CPython: test_tasks.py::test_cancel_task_ignoring
        Asyncio.run(() -> {
            CompletableFuture<Void> fut1 = new CompletableFuture<>();
            CompletableFuture<Void> fut2 = new CompletableFuture<>();
            CompletableFuture<Integer> fut3 = new CompletableFuture<>();
            AtomicBoolean atFut2 = new AtomicBoolean();
            AtomicBoolean atFut3 = new AtomicBoolean();
            Task<Integer> t = createTask(() -> {
                await(fut1);
                atFut2.set(true);
                try {
                    await(fut2);
                } catch (CancelledError e) {
                    // ignored
                }
                atFut3.set(true);
                return await(fut3);
            });
            parked(t);
            fut1.complete(null);
            Awaitility.await().untilTrue(atFut2);
            parked(t);
            t.cancel();
            assertTrue(fut2.isCancelled(), "cancel() cancels the awaited future synchronously");
            Awaitility.await().untilTrue(atFut3);
            parked(t);
            fut3.complete(42);
            assertEquals(42, await(t));
            assertFalse(fut3.isCancelled());
            assertFalse(t.cancelled());
            return null;
        });
    }

    @Test
    void test_cancel_current_task() throws Exception {
        // CPython: test_tasks.py::test_cancel_current_task
        Asyncio.run(() -> {
            AtomicReference<Task<Integer>> self = new AtomicReference<>();
            CompletableFuture<Void> known = new CompletableFuture<>();
            Task<Integer> t = createTask(() -> {
                await(known);
                self.get().cancel();
                await(sleep(Duration.ofSeconds(100))); // cancelled at once
                return 12;
            });
            self.set(t);
            known.complete(null);
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.done());
            assertTrue(t.cancelled());
            assertFalse(t.cancel());
            return null;
        });
    }

    @Test
    void test_cancel_at_end() throws Exception {
        // CPython: test_tasks.py::test_cancel_at_end
        Asyncio.run(() -> {
            AtomicReference<Task<Integer>> self = new AtomicReference<>();
            CompletableFuture<Void> known = new CompletableFuture<>();
            Task<Integer> t = createTask(() -> {
                await(known);
                self.get().cancel();
                return 12; // returns while the request is pending: the task ends cancelled
            });
            self.set(t);
            known.complete(null);
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.done());
            assertTrue(t.cancelled());
            assertFalse(t.cancel());
            return null;
        });
    }

    @Test
    void test_cancel_awaited_task() throws Exception {
        // CPython: test_tasks.py::test_cancel_awaited_task
        Asyncio.run(() -> {
            CompletableFuture<Void> fut = new CompletableFuture<>();
            AtomicReference<Task<Void>> nested = new AtomicReference<>();
            Task<Void> task = createTask(() -> {
                Task<Void> n = createTask(() -> await(fut));
                nested.set(n);
                parked(n);
                currentTask().cancel();
                await(n); // the pending request is relayed to the nested task at once
                return null;
            });
            assertThrows(CancelledError.class, () -> await(task));
            assertTrue(task.cancelled());
            Awaitility.await().until(() -> nested.get().isDone());
            assertTrue(nested.get().cancelled());
            assertTrue(fut.isCancelled());
            return null;
        });
    }

    @Test
    void test_as_completed() throws Exception {
        // CPython: test_tasks.py::test_as_completed
        Asyncio.run(() -> {
            for (int form = 0; form < 2; form++) {
                CompletableFuture<Void> gate = new CompletableFuture<>();
                Task<String> a = sleep(Duration.ofMillis(10), "a");
                Task<String> b = sleep(Duration.ofMillis(10), "b");
                Task<String> c = createTask(() -> {
                    await(gate);
                    return "c";
                });
                List<String> values = new ArrayList<>();
                if (form == 0) {
                    for (Task<String> f : Asyncio.asCompleted(List.of(b, c, a))) {
                        values.add(await(f));
                        if (values.size() == 2) {
                            gate.complete(null);
                        }
                    }
                } else {
                    try (var it =
                            AsyncIterable.<String>asCompleted(List.of(b, c, a)).iterate()) {
                        for (String v : it) {
                            values.add(v);
                            if (values.size() == 2) {
                                gate.complete(null);
                            }
                        }
                    }
                }
                assertThat(values.subList(0, 2)).containsExactlyInAnyOrder("a", "b");
                assertEquals("c", values.get(2));
            }
            return null;
        });
    }

    @Test
    void test_as_completed_with_timeout() throws Exception {
        // CPython: test_tasks.py::test_as_completed_with_timeout
        Asyncio.run(() -> {
            Task<String> a = sleep(Duration.ofMillis(10), "a");
            Task<String> b = sleep(LONG, "b");
            List<Object> values = new ArrayList<>();
            for (Task<String> f : Asyncio.asCompleted(List.of(a, b), Duration.ofMillis(500))) {
                try {
                    values.add(await(f));
                } catch (TimeoutError e) {
                    values.add(e);
                }
            }
            assertEquals("a", values.get(0));
            assertThat(values.get(1)).isInstanceOf(TimeoutError.class);
            assertFalse(b.isDone(), "as_completed's timeout does not cancel the awaitables");

            Task<String> a2 = sleep(Duration.ofMillis(10), "a");
            List<Object> values2 = new ArrayList<>();
            try (var it = AsyncIterable.<String>asCompleted(List.of(a2, b), Duration.ofMillis(500))
                    .iterate()) {
                for (String v : it) {
                    values2.add(v);
                }
            } catch (Exception e) { // hasNext() throws the stream's TimeoutError as it is (sneaky)
                values2.add(e);
            }
            assertEquals("a", values2.get(0));
            assertThat(values2.get(1)).isInstanceOf(TimeoutError.class);
            assertFalse(b.isDone());
            b.cancel();
            return null;
        });
    }

    @Test
    void test_as_completed_with_unused_timeout() throws Exception {
        // CPython: test_tasks.py::test_as_completed_with_unused_timeout
        Asyncio.run(() -> {
            for (Task<String> f :
                    Asyncio.asCompleted(List.of(sleep(Duration.ofMillis(10), "a")), Duration.ofSeconds(10))) {
                assertEquals("a", await(f));
            }
            List<String> values = await(AsyncIterable.<String>asCompleted(
                            List.of(sleep(Duration.ofMillis(10), "a")), Duration.ofSeconds(10))
                    .toList());
            assertEquals(List.of("a"), values);
            return null;
        });
    }

    @Test
    void test_as_completed_reverse_wait() throws Exception {
        // CPython: test_tasks.py::test_as_completed_reverse_wait
        // Differs: CPython's plain iterator yields lazy coroutines, each taking the next outcome when it
        // is awaited; Java's list holds tasks, the i-th completing with the i-th outcome whatever the
        // order they are awaited in.
        Asyncio.run(() -> {
            CompletableFuture<String> a = new CompletableFuture<>();
            CompletableFuture<String> b = new CompletableFuture<>();
            List<Task<String>> futs = Asyncio.asCompleted(List.of(a, b));
            assertEquals(2, futs.size());
            a.complete("a");
            assertEquals("a", await(futs.get(0)));
            assertFalse(futs.get(1).isDone());
            b.complete("b");
            assertEquals("b", await(futs.get(1)));
            return null;
        });
    }

    @Test
    void test_as_completed_concurrent() throws Exception {
        // CPython: test_tasks.py::test_as_completed_concurrent
        Asyncio.run(() -> {
            Task<String> a = sleep(Duration.ofMillis(50), "a");
            Task<String> b = sleep(Duration.ofMillis(50), "b");
            List<Task<String>> futs = Asyncio.asCompleted(List.of(a, b));
            assertEquals(2, futs.size());
            WaitResult<Task<String>> r = await(Asyncio.wait(futs));
            Set<String> results = new HashSet<>();
            for (Task<String> f : r.done()) {
                results.add(f.result());
            }
            assertEquals(Set.of("a", "b"), results);
            assertEquals(
                    Set.of("a", "b"),
                    new HashSet<>(await(AsyncIterable.<String>asCompleted(
                                    List.of(sleep(Duration.ofMillis(50), "a"), sleep(Duration.ofMillis(50), "b")))
                            .toList())));
            return null;
        });
    }

    @Test
    void test_as_completed_duplicate_coroutines() throws Exception {
        // CPython: test_tasks.py::test_as_completed_duplicate_coroutines (issue 12 item 7: the input is a set)
        Asyncio.run(() -> {
            Task<String> c = createTask(() -> "ham");
            Task<String> spam = createTask(() -> "spam");
            List<String> result = new ArrayList<>();
            for (Task<String> f : Asyncio.asCompleted(List.of(c, c, spam))) {
                result.add(await(f));
            }
            assertEquals(Set.of("ham", "spam"), new HashSet<>(result));
            assertEquals(2, result.size());

            List<String> viaAsync =
                    await(AsyncIterable.<String>asCompleted(List.of(c, c, spam)).toList());
            assertEquals(Set.of("ham", "spam"), new HashSet<>(viaAsync));
            assertEquals(2, viaAsync.size());
            return null;
        });
    }

    @Test
    void test_sleep_cancel() throws Exception {
        // CPython: test_tasks.py::test_sleep_cancel (the timer handle is internal; its effect is checked)
        Asyncio.run(() -> {
            Task<String> t = sleep(Duration.ofSeconds(10), "yeah");
            assertTrue(t.cancel());
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.cancelled());
            return null;
        });
    }

    @Test
    void test_task_cancel_sleeping_task() throws Exception {
        // CPython: test_tasks.py::test_task_cancel_sleeping_task
        assertEquals("cancelled", Asyncio.run(() -> {
            Task<Void> sleeper = createTask(() -> await(sleep(Duration.ofSeconds(5000))));
            Asyncio.getRunningLoop().callLater(Duration.ofMillis(100), sleeper::cancel);
            try {
                await(sleeper);
            } catch (CancelledError e) {
                return "cancelled";
            }
            return "slept in";
        }));
    }

    @Test
    void test_task_cancel_waiter_future() throws Exception {
        // CPython: test_tasks.py::test_task_cancel_waiter_future
        Asyncio.run(() -> {
            CompletableFuture<Void> fut = new CompletableFuture<>();
            Task<Void> task = createTask(() -> await(fut));
            parked(task);
            task.cancel();
            assertThrows(CancelledError.class, () -> await(task));
            assertTrue(fut.isCancelled());
            return null;
        });
    }

    @Test
    void test_task_set_methods() throws Exception {
        // CPython: test_tasks.py::test_task_set_methods
        // Differs: UnsupportedOperationException where CPython raises RuntimeError (Java's idiom for a refused
        // operation).
        assertEquals("ko", Asyncio.run(() -> {
            Task<String> task = createTask(() -> "ko");
            assertThrows(UnsupportedOperationException.class, () -> task.complete("ok"));
            assertThrows(
                    UnsupportedOperationException.class,
                    () -> task.completeExceptionally(new IllegalArgumentException()));
            return await(task);
        }));
    }

    @Test
    void test_baseexception_during_cancel() throws Exception {
        // CPython: test_tasks.py::test_baseexception_during_cancel (SystemExit -> an Error)
        Asyncio.run(() -> {
            Conf.MyBaseExc baseExc = new Conf.MyBaseExc();
            Task<Void> task = createTask(() -> {
                try {
                    await(sleep(Duration.ofSeconds(10)));
                } catch (CancelledError e) {
                    throw baseExc;
                }
                return null;
            });
            parked(task);
            task.cancel();
            assertFalse(task.done() && task.cancelled());
            await(Asyncio.wait(List.of(task)));
            assertTrue(task.done());
            assertFalse(task.cancelled());
            assertSame(baseExc, task.exception());
            return null;
        });
    }

    @Test
    void test_yield_future_passes_cancel() throws Exception {
        // CPython: test_tasks.py::test_yield_future_passes_cancel
        Asyncio.run(() -> {
            AtomicInteger proof = new AtomicInteger();
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            Task<Void> f = createTask(() -> {
                try {
                    try { // inner()
                        await(waiter);
                        throw new AssertionError("got past sleep() in inner()");
                    } catch (CancelledError e) {
                        proof.addAndGet(1);
                        throw e;
                    }
                } catch (CancelledError e) {
                    proof.addAndGet(100); // expect this path
                }
                return null;
            });
            parked(f);
            f.cancel();
            await(f);
            assertEquals(101, proof.get());
            assertTrue(waiter.isCancelled());
            return null;
        });
    }

    @Test
    void test_yield_wait_does_not_shield_cancel() throws Exception {
        // CPython: test_tasks.py::test_yield_wait_does_not_shield_cancel
        Asyncio.run(() -> {
            AtomicInteger proof = new AtomicInteger();
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            Task<Void> f = createTask(() -> {
                Task<Void> inner = createTask(() -> {
                    await(waiter);
                    proof.addAndGet(1);
                    return null;
                });
                await(Asyncio.wait(List.of(inner)));
                proof.addAndGet(100);
                return null;
            });
            parked(f);
            f.cancel();
            assertThrows(CancelledError.class, () -> await(f));
            waiter.complete(null);
            Awaitility.await().until(() -> proof.get() == 1);
            return null;
        });
    }

    @Test
    void test_shield_result() throws Exception {
        // CPython: test_tasks.py::test_shield_result
        Asyncio.run(() -> {
            CompletableFuture<Integer> inner = new CompletableFuture<>();
            Task<Integer> outer = Asyncio.shield(inner);
            inner.complete(42);
            assertEquals(42, await(outer));
            return null;
        });
    }

    @Test
    void test_shield_exception() throws Exception {
        // CPython: test_tasks.py::test_shield_exception
        Asyncio.run(() -> {
            CompletableFuture<Integer> inner = new CompletableFuture<>();
            Task<Integer> outer = Asyncio.shield(inner);
            IllegalStateException exc = new IllegalStateException("expected");
            inner.completeExceptionally(exc);
            await(Asyncio.wait(List.of(outer)));
            assertSame(exc, outer.exception());
            return null;
        });
    }

    @Test
    void test_shield_cancel_inner() throws Exception {
        // CPython: test_tasks.py::test_shield_cancel_inner
        Asyncio.run(() -> {
            CompletableFuture<Integer> inner = new CompletableFuture<>();
            Task<Integer> outer = Asyncio.shield(inner);
            inner.cancel(false);
            await(Asyncio.wait(List.of(outer)));
            assertTrue(outer.cancelled());
            return null;
        });
    }

    @Test
    void test_shield_cancel_outer() throws Exception {
        // CPython: test_tasks.py::test_shield_cancel_outer
        Asyncio.run(() -> {
            CompletableFuture<Integer> inner = new CompletableFuture<>();
            Task<Integer> outer = Asyncio.shield(inner);
            outer.cancel();
            await(Asyncio.wait(List.of(outer)));
            assertTrue(outer.cancelled());
            assertFalse(inner.isDone());
            return null;
        });
    }

    @Test
    void test_shield_cancel_outer_result() throws Exception {
        // CPython: test_tasks.py::test_shield_cancel_outer_result (the loop's exception handler is the log)
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(() -> {
                CompletableFuture<Integer> inner = Asyncio.getRunningLoop().createFuture();
                Task<Integer> outer = Asyncio.shield(inner);
                outer.cancel();
                await(Asyncio.wait(List.of(outer)));
                inner.complete(1);
                Conf.exactlyReports(logs, t -> true, 0);
                return null;
            });
        }
    }

    @Test
    void test_shield_cancel_outer_exception() throws Exception {
        // CPython: test_tasks.py::test_shield_cancel_outer_exception (issue 12 item 6)
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(() -> {
                CompletableFuture<Integer> inner = Asyncio.getRunningLoop().createFuture();
                Task<Integer> outer = Asyncio.shield(inner);
                outer.cancel();
                await(Asyncio.wait(List.of(outer)));
                inner.completeExceptionally(new IllegalStateException("foo"));
                Conf.exactlyReports(logs, t -> "foo".equals(t.getMessage()), 1);
                return null;
            });
        }
    }

    @Test
    void test_shield_duplicate_log_once() throws Exception {
        // CPython: test_tasks.py::test_shield_duplicate_log_once (issue 12 item 6)
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(() -> {
                CompletableFuture<Integer> inner = Asyncio.getRunningLoop().createFuture();
                Task<Integer> outer = Asyncio.shield(inner);
                outer.cancel();
                await(Asyncio.wait(List.of(outer)));
                Task<Integer> outer2 = Asyncio.shield(inner);
                outer2.cancel();
                await(Asyncio.wait(List.of(outer2)));
                inner.completeExceptionally(new IllegalStateException("foo"));
                Conf.exactlyReports(logs, t -> "foo".equals(t.getMessage()), 1);
                return null;
            });
        }
    }

    @Test
    void test_shield_shortcut() throws Exception {
        // CPython: test_tasks.py::test_shield_shortcut
        assertEquals(42, Asyncio.run(() -> await(Asyncio.shield(CompletableFuture.completedFuture(42)))));
    }

    @Test
    void test_shield_effect() throws Exception {
        // CPython: test_tasks.py::test_shield_effect
        Asyncio.run(() -> {
            AtomicInteger proof = new AtomicInteger();
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            Task<Void> f = createTask(() -> {
                await(Asyncio.shield(createTask(() -> {
                    await(waiter);
                    proof.addAndGet(1);
                    return null;
                })));
                proof.addAndGet(100);
                return null;
            });
            parked(f);
            f.cancel();
            assertThrows(CancelledError.class, () -> await(f));
            waiter.complete(null);
            Awaitility.await().until(() -> proof.get() == 1);
            return null;
        });
    }

    @Test
    void test_shield_gather() throws Exception {
        // CPython: test_tasks.py::test_shield_gather
        Asyncio.run(() -> {
            CompletableFuture<Integer> child1 = new CompletableFuture<>();
            CompletableFuture<Integer> child2 = new CompletableFuture<>();
            Task<List<Integer>> parent = Asyncio.gather(child1, child2);
            Task<List<Integer>> outer = Asyncio.shield(parent);
            outer.cancel();
            await(Asyncio.wait(List.of(outer)));
            assertTrue(outer.cancelled());
            child1.complete(1);
            child2.complete(2);
            assertEquals(List.of(1, 2), await(parent));
            return null;
        });
    }

    @Test
    void test_gather_shield() throws Exception {
        // CPython: test_tasks.py::test_gather_shield
        Asyncio.run(() -> {
            CompletableFuture<Integer> child1 = new CompletableFuture<>();
            CompletableFuture<Integer> child2 = new CompletableFuture<>();
            Task<Integer> inner1 = Asyncio.shield(child1);
            Task<Integer> inner2 = Asyncio.shield(child2);
            Task<List<Integer>> parent = Asyncio.gather(inner1, inner2);
            parent.cancel();
            await(Asyncio.wait(List.of(parent)));
            assertThatThrownBy(parent::exception).isInstanceOf(CancelledError.class);
            assertTrue(inner1.cancelled());
            assertTrue(inner2.cancelled());
            assertFalse(child1.isDone());
            assertFalse(child2.isDone());
            child1.complete(1);
            child2.complete(2);
            return null;
        });
    }

    @Test
    void test_tb_logger_not_called_after_cancel() throws Exception {
        // CPython: test_tasks.py::test_tb_logger_not_called_after_cancel
        // (asyncio's Future.cancel() clears the "never retrieved" flag even on a done future)
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(() -> {
                Task<Void> task = createTask(() -> {
                    throw new IllegalArgumentException("TypeError");
                });
                await(Asyncio.wait(List.of(task)));
                task.cancel();
                return null;
            });
            System.gc();
            Conf.exactlyReports(logs, t -> "TypeError".equals(t.getMessage()), 0);
        }
    }

    @Test
    void test_cancel_gather_2() throws Exception {
        // CPython: test_tasks.py::test_cancel_gather_2
        for (String message : Arrays.asList(null, "my message")) {
            CancelledError e = assertThrows(
                    CancelledError.class,
                    () -> Asyncio.run(() -> {
                        Task<Void> qwe = createTask(() -> {
                            double time = 0;
                            while (true) {
                                time += 0.05;
                                await(Asyncio.gatherOutcomes(List.of(sleep(Duration.ofMillis(50)))));
                                if (time > 1) {
                                    return null;
                                }
                            }
                        });
                        await(sleep(Duration.ofMillis(200)));
                        qwe.cancel(message);
                        return await(qwe);
                    }));
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    void test_cancel_gather_3() throws Exception {
        // CPython: test_tasks.py::test_cancel_gather_3
        CancelledError e = assertThrows(
                CancelledError.class,
                () -> Asyncio.run(() -> {
                    Barrier barrier = new Barrier(2);
                    Task<List<Outcome<Object>>> gfut = Asyncio.gatherOutcomes(
                            () -> 42,
                            () -> {
                                await(barrier.waitFor());
                                await(sleep(Duration.ofSeconds(1)));
                                return null;
                            },
                            () -> 42);
                    await(barrier.waitFor());
                    gfut.cancel("my message");
                    return await(gfut);
                }));
        assertEquals("my message", e.getMessage());
    }

    @Test
    void test_cancel_traceback_for_future_result() throws Exception {
        // CPython: test_tasks.py::test_cancel_traceback_for_future_result (the traceback text is Python's;
        // what is checked: awaiting the cancelled task raises CancelledError in the awaiting task)
        assertThrows(
                CancelledError.class,
                () -> Asyncio.run(() -> {
                    Task<Void> task = createTask(() -> await(sleep(Duration.ofSeconds(10))));
                    parked(task);
                    task.cancel();
                    return await(task);
                }));
    }
}
