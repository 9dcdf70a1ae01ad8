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
import io.asyncio4j.Event;
import io.asyncio4j.StopAsyncIteration;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import io.asyncio4j.TaskGroupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cases of the newer asyncio APIs: TaskGroup.cancel() (3.15), anext(it, default), as_completed yielding its inputs (3.13). */
@Timeout(30)
class NewerApiConformanceTest {

    @Test
    void test_taskgroup_cancel_children() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_cancel_children (asserting that TimeoutError is not raised)
        Asyncio.run(() -> Asyncio.timeout(
                Duration.ofSeconds(1),
                t -> TaskGroup.run(tg -> {
                    tg.createTask(() -> await(sleep(Duration.ofSeconds(10))));
                    tg.createTask(() -> await(sleep(Duration.ofSeconds(10))));
                    await(sleep(Duration.ZERO));
                    tg.cancel();
                    return null;
                })));
    }

    @Test
    void test_taskgroup_cancel_body() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_cancel_body
        AtomicInteger count = new AtomicInteger();
        Asyncio.run(() -> TaskGroup.run(tg -> {
            tg.cancel();
            count.incrementAndGet();
            await(sleep(Duration.ZERO));
            count.incrementAndGet();
            return null;
        }));
        assertEquals(1, count.get());
    }

    @Test
    void test_taskgroup_cancel_idempotent() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_cancel_idempotent
        AtomicInteger count = new AtomicInteger();
        Asyncio.run(() -> TaskGroup.run(tg -> {
            tg.cancel();
            tg.cancel();
            count.incrementAndGet();
            await(sleep(Duration.ZERO));
            count.incrementAndGet();
            return null;
        }));
        assertEquals(1, count.get());
    }

    @Test
    void test_taskgroup_cancel_after_exit() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_cancel_after_exit
        Asyncio.run(() -> {
            AtomicReference<TaskGroup> tg = new AtomicReference<>();
            TaskGroup.run(g -> {
                tg.set(g);
                await(sleep(Duration.ZERO));
                return null;
            });
            tg.get().cancel(); // asserting that no exception is raised
            await(sleep(Duration.ZERO));
            return null;
        });
    }

    @Test
    void test_taskgroup_cancel_before_create_task() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_cancel_before_create_task
        Asyncio.run(() -> TaskGroup.run(tg -> {
            tg.cancel();
            assertThrows(IllegalStateException.class, () -> tg.createTask(() -> await(sleep(Duration.ofSeconds(1)))));
            return null;
        }));
    }

    @Test
    void test_taskgroup_cancel_before_exception() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_cancel_before_exception
        Asyncio.run(() -> assertThrows(
                TaskGroupException.class,
                () -> TaskGroup.run(tg -> {
                    tg.createTask(() -> {
                        tg.cancel();
                        throw new IllegalStateException("RuntimeError");
                    });
                    await(sleep(Duration.ofSeconds(1)));
                    return null;
                })));
    }

    @Test
    void test_taskgroup_cancel_after_exception() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_cancel_after_exception
        Asyncio.run(() -> assertThrows(
                TaskGroupException.class,
                () -> TaskGroup.run(tg -> {
                    tg.createTask(() -> {
                        try {
                            throw new IllegalStateException("RuntimeError");
                        } finally {
                            tg.cancel();
                        }
                    });
                    await(sleep(Duration.ofSeconds(1)));
                    return null;
                })));
    }

    @Test
    void test_taskgroup_body_cancel_before_exception() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_body_cancel_before_exception
        Asyncio.run(() -> assertThrows(
                TaskGroupException.class,
                () -> TaskGroup.run(tg -> {
                    tg.cancel();
                    throw new IllegalStateException("RuntimeError");
                })));
    }

    @Test
    void test_taskgroup_body_cancel_after_exception() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_body_cancel_after_exception
        Asyncio.run(() -> assertThrows(
                TaskGroupException.class,
                () -> TaskGroup.run(tg -> {
                    try {
                        throw new IllegalStateException("RuntimeError");
                    } finally {
                        tg.cancel();
                    }
                })));
    }

    @Disabled(
            "racy as ported: it assumes asyncio one-thread step order, which parallel Java bodies do not keep; to be rewritten with gates (see CONFORMANCE.md, open cases)")
    @Test
    void test_taskgroup_cancel_one_winner() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_cancel_one_winner
        Asyncio.run(() -> {
            Event event = new Event();
            List<String> record = Collections.synchronizedList(new ArrayList<>());
            Callable<Integer> fn1 = () -> {
                record.add("1 started");
                await(event.waitFor());
                record.add("1 finished");
                return 1;
            };
            Callable<Integer> fn2 = () -> {
                record.add("2 started");
                await(event.waitFor());
                record.add("2 finished");
                return 2;
            };
            Callable<Integer> fn3 = () -> {
                record.add("3 started");
                event.set();
                await(sleep(Duration.ofSeconds(10)));
                record.add("3 finished");
                return 3;
            };
            AtomicReference<Integer> outcome = new AtomicReference<>();
            TaskGroup.run(tg -> {
                for (Callable<Integer> fn : List.of(fn1, fn2, fn3)) {
                    tg.createTask(() -> {
                        Integer v = fn.call();
                        outcome.compareAndSet(null, v);
                        tg.cancel();
                        return null;
                    });
                }
                return null;
            });
            // Java tasks start in parallel: the start order and which waiter wins are not fixed
            assertThat(outcome.get()).isIn(1, 2);
            assertThat(record).contains("1 started", "2 started", "3 started").doesNotContain("3 finished");
            assertThat(record.stream().filter(s -> s.endsWith("finished")).count())
                    .isLessThanOrEqualTo(2);
            return null;
        });
    }

    @Test
    void item12_tryWithResources_cancelCancelsOnlyTheChildren() throws Exception {
        // issue 12 item 12, try-with-resources form: close() cannot swallow what the block throws, so
        // cancel() there cancels the children (not the block), and the group ends without CancelledError
        Asyncio.run(() -> {
            Task<Void> child;
            try (TaskGroup tg = TaskGroup.open()) {
                child = tg.createTask(() -> await(sleep(Duration.ofSeconds(10))));
                await(sleep(Duration.ZERO));
                tg.cancel();
            }
            assertThat(child.cancelled()).isTrue();
            await(sleep(Duration.ZERO)); // no leftover request on the enclosing task
            return null;
        });
    }

    @Test
    void test_async_generator_anext() throws Exception {
        // CPython: test_asyncgen.py::test_async_generator_anext (check_async_iterator_anext; issue 12 item 8)
        Asyncio.run(() -> {
            AsyncIterable<String> agen = Asyncio.generator(y -> {
                y.yield("1");
                y.yield("2");
            });
            AsyncIterator<String> g1 = agen.aiter();
            assertEquals("1", await(g1.anext()));
            assertEquals("2", await(g1.anext()));
            assertThrows(StopAsyncIteration.class, () -> await(g1.anext()));
            assertThrows(StopAsyncIteration.class, () -> await(g1.anext()));
            AsyncIterator<String> g2 = agen.aiter();
            assertEquals("1", await(g2.anext("default")));
            assertEquals("2", await(g2.anext("default")));
            assertEquals("default", await(g2.anext("default")));
            assertEquals("default", await(g2.anext("default")));
            return null;
        });
    }

    @Test
    void test_as_completed_same_tasks_in_as_out() throws Exception {
        // CPython: test_tasks.py::test_as_completed_same_tasks_in_as_out (issue 12 item 7)
        Asyncio.run(() -> {
            Task<String> b = createTask(() -> "b");
            Task<String> d = createTask(() -> "d");
            Set<Task<String>> in = Set.of(b, d);
            Set<Task<String>> out =
                    new HashSet<>(await(AsyncIterable.asCompletedTasks(in).toList()));
            assertEquals(in, out);
            return null;
        });
    }
}
