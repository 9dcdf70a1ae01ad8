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

    @Test
    void test_taskgroup_cancel_one_winner() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_cancel_one_winner. asyncio starts the three tasks in
        // creation order and, once the event is set, resumes fn_1 first: fn_1 finishes and cancels the
        // group while fn_2, woken by the same event, has not run yet, so only fn_1 finishes. Java bodies
        // run in parallel, so gates keep that order: each task starts once the one before it has, and
        // fn_2, after the event, passes one more gate, opened only once the winner has cancelled the
        // group, then sleep(0). The request thus reaches fn_2 whether it was parked at the event or the
        // gate, or was running between them (then it is pending, and due at the sleep(0), a suspension
        // even when done, as asyncio's). Repeated, as a race: the winner and the record must be
        // CPython's in every try.
        int reps = Conf.reps();
        List<String> bad = Asyncio.run(() -> {
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                Event event = new Event();
                Event started1 = new Event();
                Event started2 = new Event();
                Event groupCancelled = new Event();
                List<String> record = Collections.synchronizedList(new ArrayList<>());
                Callable<Integer> fn1 = () -> {
                    record.add("1 started");
                    started1.set();
                    await(event.waitFor());
                    record.add("1 finished");
                    return 1;
                };
                Callable<Integer> fn2 = () -> {
                    await(started1.waitFor());
                    record.add("2 started");
                    started2.set();
                    await(event.waitFor());
                    await(groupCancelled.waitFor()); // asyncio: fn_2 has not resumed when fn_1 cancels
                    await(sleep(Duration.ZERO)); // a real suspension: the request is due here if not before
                    record.add("2 finished");
                    return 2;
                };
                Callable<Integer> fn3 = () -> {
                    await(started2.waitFor());
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
                            groupCancelled.set();
                            return null;
                        });
                    }
                    return null;
                });
                List<String> seen = new ArrayList<>(record);
                if (!Integer.valueOf(1).equals(outcome.get())
                        || !seen.equals(List.of("1 started", "2 started", "3 started", "1 finished"))) {
                    wrong.add("try " + i + ": outcome=" + outcome.get() + " record=" + seen);
                }
            }
            return wrong;
        });
        assertThat(bad)
                .as(bad.size() + " of " + reps + " tries went wrong, first ones: "
                        + bad.subList(0, Math.min(5, bad.size())))
                .isEmpty();
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
