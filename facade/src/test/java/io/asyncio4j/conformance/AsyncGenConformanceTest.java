package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.AsyncIterator;
import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.StopAsyncIteration;
import io.asyncio4j.Task;
import io.asyncio4j.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of the asyncio cases of CPython's {@code Lib/test/test_asyncgen.py}. An async generator is
 * {@link Asyncio#generator}; {@code GeneratorExit} at a {@code yield} is a {@link CancelledError} there;
 * {@code it.__anext__()} / {@code gen.aclose()} are {@link AsyncIterator#anext()} / {@link AsyncIterator#aclose()}.
 */
@Timeout(30)
@SuppressWarnings("finally") // the CPython cases throw from finally blocks on purpose
class AsyncGenConformanceTest {
    private static final Duration MS10 = Duration.ofMillis(10);

    @Test
    void test_async_gen_asyncio_01() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_asyncio_01
        assertEquals(
                List.of(1, 2),
                Asyncio.run(() -> await(Asyncio.<Integer>generator(y -> {
                            y.yield(1);
                            await(sleep(MS10));
                            y.yield(2);
                            await(sleep(MS10));
                        })
                        .toList())));
    }

    @Test
    void test_async_gen_asyncio_02() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_asyncio_02
        assertThrows(
                ArithmeticException.class,
                () -> Asyncio.run(() -> await(Asyncio.<Integer>generator(y -> {
                            y.yield(1);
                            await(sleep(MS10));
                            y.yield(2);
                            throw new ArithmeticException("/ by zero");
                        })
                        .toList())));
    }

    @Test
    void test_async_gen_exception_05() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_exception_05 (issue 12 item 8: PEP 479; RuntimeError ->
        // IllegalStateException)
        Asyncio.run(() -> {
            Exception e = assertThrows(
                    Exception.class,
                    () -> await(Asyncio.<Integer>generator(y -> {
                                y.yield(123);
                                throw new StopAsyncIteration();
                            })
                            .toList()));
            assertThat(e).isInstanceOf(IllegalStateException.class);
            assertThat(e.getMessage()).contains("StopAsyncIteration");
            return null;
        });
    }

    @Test
    void test_async_gen_asyncio_aclose_07() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_asyncio_aclose_07
        AtomicInteger done = new AtomicInteger();
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                        try {
                            y.yield(1);
                            throw new ArithmeticException("/ by zero");
                        } finally {
                            await(sleep(MS10));
                            await(sleep(MS10));
                            done.addAndGet(1);
                        }
                    })
                    .aiter();
            await(it.anext());
            await(it.aclose());
            return null;
        });
        assertEquals(1, done.get());
    }

    @Test
    void test_async_gen_asyncio_aclose_08() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_asyncio_aclose_08
        AtomicInteger done = new AtomicInteger();
        CompletableFuture<Void> fut = new CompletableFuture<>();
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                        try {
                            y.yield(1);
                            await(fut);
                            done.addAndGet(1000);
                            y.yield(2);
                        } finally {
                            await(sleep(MS10));
                            await(sleep(MS10));
                            done.addAndGet(1);
                        }
                        done.addAndGet(1000);
                    })
                    .aiter();
            assertEquals(1, await(it.anext()));
            await(it.aclose());
            return null;
        });
        assertEquals(1, done.get());
        fut.cancel(false);
    }

    @Test
    void test_async_gen_asyncio_aclose_10() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_asyncio_aclose_10
        AtomicInteger done = new AtomicInteger();
        Asyncio.run(() -> {
            AsyncIterator<Object> it = Asyncio.generator(y -> {
                        try {
                            y.yield("x");
                        } catch (CancelledError swallowed) {
                            // except: pass
                        }
                        done.set(1);
                    })
                    .aiter();
            await(it.anext());
            await(it.aclose());
            done.addAndGet(10);
            return null;
        });
        assertEquals(11, done.get());
    }

    @Test
    void test_async_gen_asyncio_aclose_12() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_asyncio_aclose_12
        AtomicInteger done = new AtomicInteger();
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                        Task<Void> task = createTask(() -> {
                            await(sleep(MS10));
                            throw new ArithmeticException("/ by zero");
                        });
                        try {
                            y.yield(1);
                        } finally {
                            try {
                                await(task);
                            } catch (ArithmeticException e) {
                                done.set(1);
                            }
                        }
                    })
                    .aiter();
            await(it.anext());
            await(it.aclose());
            return null;
        });
        assertEquals(1, done.get());
    }

    @Test
    void test_async_gen_asyncio_shutdown_01() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_asyncio_shutdown_01
        AtomicInteger finalized = new AtomicInteger();
        Asyncio.run(() -> {
            AsyncIterable<Integer> waiter = Asyncio.generator(y -> {
                try {
                    await(sleep(Duration.ofSeconds(1)));
                    y.yield(1);
                } finally {
                    await(sleep(Duration.ZERO));
                    finalized.incrementAndGet();
                }
            });
            Task<Void> t1 = createTask(() -> await(waiter.forEach(v -> {})));
            Task<Void> t2 = createTask(() -> await(waiter.forEach(v -> {})));
            await(sleep(Duration.ofMillis(100)));
            t1.cancel();
            t2.cancel();
            assertThrows(CancelledError.class, () -> await(t1));
            assertThrows(CancelledError.class, () -> await(t2));
            return null;
        });
        assertEquals(2, finalized.get());
    }

    @Test
    void test_asyncgen_nonstarted_hooks_are_cancellable() throws Exception {
        // CPython: test_asyncgen.py::test_asyncgen_nonstarted_hooks_are_cancellable (bpo-38013)
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(() -> {
                AsyncIterable<Integer> gen = Asyncio.generator(y -> {
                    y.yield(1);
                    y.yield(2);
                });
                try (var it = gen.iterate()) {
                    for (int i : it) {
                        break;
                    }
                }
                return null;
            });
            Conf.exactlyReports(logs, t -> true, 0);
        }
    }

    @Test
    void test_async_gen_aclose_twice_with_different_coros() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_aclose_twice_with_different_coros (bpo-39606)
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                        y.yield(1);
                        y.yield(2);
                    })
                    .aiter();
            await(it.aclose());
            await(it.aclose());
            return null;
        });
    }

    @Test
    void test_async_gen_aclose_after_exhaustion() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_aclose_after_exhaustion (bpo-39606)
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                        y.yield(1);
                        y.yield(2);
                    })
                    .aiter();
            assertEquals(1, await(it.anext()));
            assertEquals(2, await(it.anext()));
            assertThrows(StopAsyncIteration.class, () -> await(it.anext()));
            await(it.aclose());
            return null;
        });
    }

    @Test
    void test_async_gen_asyncio_shutdown_exception_01() throws Exception {
        // CPython: test_asyncgen.py::test_async_gen_asyncio_shutdown_exception_01 (issue 12 item 8: a
        // generator abandoned at run() shutdown is closed and its finally's exception is reported)
        AtomicInteger closed = new AtomicInteger();
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(() -> {
                AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                            try {
                                y.yield(1);
                                y.yield(2);
                            } finally {
                                closed.incrementAndGet();
                                throw new ArithmeticException("/ by zero in finally");
                            }
                        })
                        .aiter();
                await(it.anext()); // abandoned: neither exhausted nor closed
                return null;
            });
            assertEquals(1, closed.get());
            Conf.exactlyReports(logs, t -> t instanceof ArithmeticException, 1);
        }
    }
}
