package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.conformance.Conf.parked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Event;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import io.asyncio4j.TaskGroupException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ports of CPython's {@code Lib/test/test_asyncio/test_taskgroups.py} (3.13/3.15). {@code async with
 * TaskGroup() as g} is {@code TaskGroup.run(g -> ...)}, the form with asyncio's semantics; ExceptionGroup
 * is {@link TaskGroupException}; ZeroDivisionError is {@link ArithmeticException}.
 */
@Timeout(30)
@SuppressWarnings("finally") // the CPython cases throw from finally blocks on purpose
class TaskGroupsConformanceTest {

    static Set<Class<?>> errorTypes(TaskGroupException eg) {
        Set<Class<?>> types = new HashSet<>();
        for (Throwable t : eg.exceptions()) {
            types.add(t.getClass());
        }
        return types;
    }

    static Callable<Integer> sleepThen(Duration d, int value) {
        return () -> {
            await(sleep(d));
            return value;
        };
    }

    static Callable<Void> crashAfter(Duration d) {
        return () -> {
            await(sleep(d));
            throw new ArithmeticException("/ by zero");
        };
    }

    /** CPython's {@code try: await asyncio.sleep(10) finally: 1 / 0}. */
    @SuppressWarnings("finally")
    static Void sleepThenCrashInFinally() throws Exception {
        try {
            await(sleep(Duration.ofSeconds(10)));
        } finally {
            throw new ArithmeticException("/ by zero");
        }
    }

    static final Duration MS100 = Duration.ofMillis(100);

    @Test
    void test_taskgroup_01() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_01
        Asyncio.run(() -> {
            AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();
            TaskGroup.run(g -> {
                t1.set(g.createTask(sleepThen(MS100, 42)));
                t2.set(g.createTask(sleepThen(Duration.ofMillis(200), 11)));
                return null;
            });
            assertEquals(42, t1.get().result());
            assertEquals(11, t2.get().result());
            return null;
        });
    }

    @Test
    void test_taskgroup_03() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_03
        Asyncio.run(() -> {
            AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();
            TaskGroup.run(g -> {
                t1.set(g.createTask(sleepThen(Duration.ofSeconds(1), 42)));
                await(sleep(Duration.ofMillis(150)));
                t1.get().cancel(); // everything should continue working as expected
                t2.set(g.createTask(sleepThen(Duration.ofMillis(200), 11)));
                return null;
            });
            assertTrue(t1.get().cancelled());
            assertEquals(11, t2.get().result());
            return null;
        });
    }

    @Test
    void test_taskgroup_04() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_04
        Asyncio.run(() -> {
            AtomicInteger num = new AtomicInteger();
            AtomicBoolean t2Cancel = new AtomicBoolean();
            AtomicReference<Task<Void>> t2 = new AtomicReference<>();
            TaskGroupException eg = assertThrows(
                    TaskGroupException.class,
                    () -> await(createTask(() -> {
                        TaskGroup.run(g -> {
                            g.createTask(crashAfter(MS100));
                            t2.set(g.createTask(() -> {
                                try {
                                    await(sleep(Duration.ofSeconds(1)));
                                } catch (CancelledError e) {
                                    t2Cancel.set(true);
                                    throw e;
                                }
                                num.incrementAndGet();
                                return null;
                            }));
                            return null;
                        });
                        num.addAndGet(10);
                        return null;
                    })));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            assertEquals(0, num.get());
            assertTrue(t2Cancel.get());
            assertTrue(t2.get().cancelled());
            return null;
        });
    }

    @Test
    void test_cancel_children_on_child_error() throws Exception {
        // CPython: test_taskgroups.py::test_cancel_children_on_child_error
        Asyncio.run(() -> {
            AtomicInteger num = new AtomicInteger();
            AtomicBoolean t2Cancel = new AtomicBoolean();
            AtomicBoolean runnerCancel = new AtomicBoolean();
            TaskGroupException eg = assertThrows(
                    TaskGroupException.class,
                    () -> await(createTask(() -> {
                        TaskGroup.run(g -> {
                            g.createTask(crashAfter(MS100));
                            g.createTask(crashAfter(MS100));
                            g.createTask(crashAfter(MS100));
                            g.createTask(() -> {
                                try {
                                    await(sleep(Duration.ofSeconds(5)));
                                } catch (CancelledError e) {
                                    t2Cancel.set(true);
                                    throw e;
                                }
                                num.incrementAndGet();
                                return null;
                            });
                            try {
                                await(sleep(Duration.ofSeconds(10)));
                            } catch (CancelledError e) {
                                runnerCancel.set(true);
                                throw e;
                            }
                            return null;
                        });
                        num.addAndGet(10);
                        return null;
                    })));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            assertEquals(0, num.get());
            assertTrue(t2Cancel.get());
            assertTrue(runnerCancel.get());
            return null;
        });
    }

    private static Callable<Void> countCancel(AtomicInteger num) {
        return () -> {
            try {
                await(sleep(Duration.ofSeconds(5)));
            } catch (CancelledError e) {
                num.incrementAndGet();
                throw e;
            }
            return null;
        };
    }

    @Test
    void test_cancellation() throws Exception {
        // CPython: test_taskgroups.py::test_cancellation (3.13 checks the message too)
        Asyncio.run(() -> {
            AtomicInteger num = new AtomicInteger();
            Task<Void> r = createTask(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    g.createTask(countCancel(num));
                }
                return null;
            }));
            await(sleep(MS100));
            assertFalse(r.done());
            r.cancel("test");
            CancelledError e = assertThrows(CancelledError.class, () -> await(r));
            assertEquals("test", e.getMessage());
            assertEquals(5, num.get());
            return null;
        });
    }

    @Test
    void test_taskgroup_07() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_07
        Asyncio.run(() -> {
            AtomicInteger num = new AtomicInteger();
            Task<Void> r = createTask(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    g.createTask(countCancel(num));
                }
                try {
                    await(sleep(Duration.ofSeconds(10)));
                } catch (CancelledError e) {
                    num.addAndGet(10);
                    throw e;
                }
                return null;
            }));
            await(sleep(MS100));
            assertFalse(r.done());
            r.cancel();
            assertThrows(CancelledError.class, () -> await(r));
            assertEquals(15, num.get());
            return null;
        });
    }

    @Test
    void test_taskgroup_08() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_08 (issue 12 item 3: outside cancel + failing children)
        Asyncio.run(() -> {
            Task<Void> r = createTask(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    g.createTask(TaskGroupsConformanceTest::sleepThenCrashInFinally);
                }
                await(sleep(Duration.ofSeconds(10)));
                return null;
            }));
            await(sleep(MS100));
            assertFalse(r.done());
            r.cancel();
            TaskGroupException eg = assertThrows(TaskGroupException.class, () -> await(r));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void test_taskgroup_09() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_09
        Asyncio.run(() -> {
            AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();
            TaskGroupException eg = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(g -> {
                        t1.set(g.createTask(sleepThen(Duration.ofSeconds(1), 42)));
                        t2.set(g.createTask(sleepThen(Duration.ofSeconds(2), 11)));
                        await(sleep(MS100));
                        throw new ArithmeticException("/ by zero");
                    }));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            assertTrue(t1.get().cancelled());
            assertTrue(t2.get().cancelled());
            return null;
        });
    }

    @Test
    void test_taskgroup_10() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_10
        Asyncio.run(() -> {
            AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();
            TaskGroupException eg = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(g -> {
                        t1.set(g.createTask(sleepThen(Duration.ofSeconds(1), 42)));
                        t2.set(g.createTask(sleepThen(Duration.ofSeconds(2), 11)));
                        throw new ArithmeticException("/ by zero");
                    }));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            assertTrue(t1.get().cancelled());
            assertTrue(t2.get().cancelled());
            return null;
        });
    }

    @Test
    void test_taskgroup_10_try_with_resources() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_10, in the try-with-resources form.
        // Differs (forced by Java): close() cannot see the block's exception, so the children are not
        // cancelled; they run to their end, and the block's own exception propagates, not grouped.
        Asyncio.run(() -> {
            AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();
            assertThrows(ArithmeticException.class, () -> {
                try (TaskGroup g = TaskGroup.open()) {
                    t1.set(g.createTask(sleepThen(MS100, 42)));
                    t2.set(g.createTask(sleepThen(Duration.ofMillis(200), 11)));
                    throw new ArithmeticException("/ by zero");
                }
            });
            assertEquals(42, t1.get().result());
            assertEquals(11, t2.get().result());
            return null;
        });
    }

    @Test
    void test_taskgroup_11() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_11
        Asyncio.run(() -> {
            Task<Void> r = createTask(() -> TaskGroup.run(outer -> TaskGroup.run(g2 -> {
                for (int i = 0; i < 5; i++) {
                    g2.createTask(TaskGroupsConformanceTest::sleepThenCrashInFinally);
                }
                await(sleep(Duration.ofSeconds(10)));
                return null;
            })));
            await(sleep(MS100));
            assertFalse(r.done());
            r.cancel();
            TaskGroupException eg = assertThrows(TaskGroupException.class, () -> await(r));
            assertEquals(Set.of(TaskGroupException.class), errorTypes(eg));
            assertEquals(Set.of(ArithmeticException.class), errorTypes((TaskGroupException)
                    eg.exceptions().get(0)));
            return null;
        });
    }

    @Test
    void test_taskgroup_12() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_12
        Asyncio.run(() -> {
            Task<Void> r = createTask(() -> TaskGroup.run(g1 -> {
                g1.createTask(() -> await(sleep(Duration.ofSeconds(10))));
                return TaskGroup.run(g2 -> {
                    for (int i = 0; i < 5; i++) {
                        g2.createTask(TaskGroupsConformanceTest::sleepThenCrashInFinally);
                    }
                    await(sleep(Duration.ofSeconds(10)));
                    return null;
                });
            }));
            await(sleep(MS100));
            assertFalse(r.done());
            r.cancel();
            TaskGroupException eg = assertThrows(TaskGroupException.class, () -> await(r));
            assertEquals(Set.of(TaskGroupException.class), errorTypes(eg));
            assertEquals(Set.of(ArithmeticException.class), errorTypes((TaskGroupException)
                    eg.exceptions().get(0)));
            return null;
        });
    }

    @Test
    void test_taskgroup_13() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_13
        Asyncio.run(() -> {
            Task<Void> r = createTask(() -> TaskGroup.run(g1 -> {
                g1.createTask(crashAfter(MS100));
                return TaskGroup.run(g2 -> {
                    g2.createTask(crashAfter(Duration.ofSeconds(10)));
                    return null;
                });
            }));
            TaskGroupException eg = assertThrows(TaskGroupException.class, () -> await(r));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void test_taskgroup_14() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_14
        Asyncio.run(() -> {
            Task<Void> r = createTask(() -> TaskGroup.run(g1 -> {
                g1.createTask(crashAfter(Duration.ofSeconds(10)));
                return TaskGroup.run(g2 -> {
                    g2.createTask(crashAfter(MS100));
                    return null;
                });
            }));
            TaskGroupException eg = assertThrows(TaskGroupException.class, () -> await(r));
            assertEquals(Set.of(TaskGroupException.class), errorTypes(eg));
            assertEquals(Set.of(ArithmeticException.class), errorTypes((TaskGroupException)
                    eg.exceptions().get(0)));
            return null;
        });
    }

    private static Void crashSoonRunner() {
        TaskGroup.run(g1 -> {
            g1.createTask(crashAfter(Duration.ofMillis(300)));
            try {
                await(sleep(Duration.ofSeconds(10)));
            } catch (CancelledError e) {
                await(sleep(Duration.ofMillis(500)));
                throw e;
            }
            return null;
        });
        return null;
    }

    @Test
    void test_taskgroup_15() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_15 (3.13: the group error wins over the outside cancel)
        Asyncio.run(() -> {
            Task<Void> r = createTask(TaskGroupsConformanceTest::crashSoonRunner);
            await(sleep(MS100));
            assertFalse(r.done());
            r.cancel();
            TaskGroupException eg = assertThrows(TaskGroupException.class, () -> await(r));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void test_taskgroup_16() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_16
        Asyncio.run(() -> {
            Task<Void> r = createTask(() -> await(createTask(TaskGroupsConformanceTest::crashSoonRunner)));
            await(sleep(MS100));
            assertFalse(r.done());
            r.cancel();
            TaskGroupException eg = assertThrows(TaskGroupException.class, () -> await(r));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void test_taskgroup_17() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_17
        Asyncio.run(() -> {
            AtomicInteger num = new AtomicInteger();
            Task<Void> r = createTask(() -> TaskGroup.run(g -> {
                try {
                    await(sleep(Duration.ofSeconds(10)));
                } catch (CancelledError e) {
                    num.addAndGet(10);
                    throw e;
                }
                return null;
            }));
            await(sleep(MS100));
            assertFalse(r.done());
            r.cancel();
            assertThrows(CancelledError.class, () -> await(r));
            assertEquals(10, num.get());
            return null;
        });
    }

    @Test
    void test_taskgroup_18() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_18
        Asyncio.run(() -> {
            AtomicInteger num = new AtomicInteger();
            Task<Void> r = createTask(() -> TaskGroup.run(g -> {
                try {
                    await(sleep(Duration.ofSeconds(10)));
                } catch (CancelledError e) {
                    num.addAndGet(10);
                    throw new Conf.MyExc(); // not a good idea, but supported
                }
                return null;
            }));
            await(sleep(MS100));
            assertFalse(r.done());
            r.cancel();
            TaskGroupException eg = assertThrows(TaskGroupException.class, () -> await(r));
            assertEquals(Set.of(Conf.MyExc.class), errorTypes(eg));
            assertEquals(10, num.get());
            return null;
        });
    }

    @Test
    void test_taskgroup_19() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_19
        Asyncio.run(() -> {
            Task<Void> r = createTask(() -> TaskGroup.run(g -> {
                g.createTask(crashAfter(MS100));
                try { // nested()
                    await(sleep(Duration.ofSeconds(10)));
                } finally {
                    throw new Conf.MyExc();
                }
            }));
            TaskGroupException eg = assertThrows(TaskGroupException.class, () -> await(r));
            assertEquals(Set.of(Conf.MyExc.class, ArithmeticException.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void test_taskgroup_20a() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_20a (MyBaseExc: a Java Error that is not a VirtualMachineError)
        Asyncio.run(() -> {
            TaskGroupException eg = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(g -> {
                        g.createTask(crashAfter(MS100));
                        try {
                            await(sleep(Duration.ofSeconds(10)));
                        } finally {
                            throw new Conf.MyBaseExc();
                        }
                    }));
            assertEquals(Set.of(Conf.MyBaseExc.class, ArithmeticException.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void test_taskgroup_21a() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_21a
        Asyncio.run(() -> {
            TaskGroupException eg = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(g -> {
                        g.createTask(() -> {
                            await(sleep(MS100));
                            throw new Conf.MyBaseExc();
                        });
                        try {
                            await(sleep(Duration.ofSeconds(10)));
                        } finally {
                            throw new IllegalArgumentException("TypeError");
                        }
                    }));
            assertEquals(Set.of(Conf.MyBaseExc.class, IllegalArgumentException.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void test_taskgroup_22() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_22
        Asyncio.run(() -> {
            Task<Void> r = createTask(() -> TaskGroup.run(g -> {
                g.createTask(sleepThen(Duration.ofSeconds(1), 42));
                g.createTask(sleepThen(Duration.ofSeconds(2), 11));
                return null;
            }));
            await(sleep(Duration.ofMillis(50)));
            r.cancel();
            assertThrows(CancelledError.class, () -> await(r));
            return null;
        });
    }

    @Test
    void test_taskgroup_task_name() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_task_name
        Asyncio.run(() -> TaskGroup.run(g -> {
            Task<Void> t = g.createTask("yolo", () -> await(sleep(Duration.ZERO)));
            assertEquals("yolo", t.getName());
            return null;
        }));
    }

    @Test
    void test_taskgroup_no_create_task_after_failure() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_no_create_task_after_failure (RuntimeError ->
        // IllegalStateException). asyncio's coro2 is already in its sleep when coro1 fails 1 ms later; Java
        // bodies start in parallel, and a coro2 cancelled before it ran would never reach its handler, so
        // coro1 starts its 1 ms only once coro2 is about to sleep (a request arriving in between is due at
        // that sleep). Repeated, as a race: the refusal must hold in every try.
        int reps = Conf.reps();
        Asyncio.run(() -> {
            for (int i = 0; i < reps; i++) {
                String attempt = "try " + i;
                Event coro2Sleeping = new Event();
                AtomicBoolean refused = new AtomicBoolean();
                TaskGroupException eg = assertThrows(
                        TaskGroupException.class,
                        () -> TaskGroup.run(g -> {
                            g.createTask(() -> {
                                await(coro2Sleeping.waitFor());
                                return crashAfter(Duration.ofMillis(1)).call();
                            });
                            g.createTask(() -> {
                                try {
                                    coro2Sleeping.set();
                                    await(sleep(Duration.ofSeconds(1)));
                                } catch (CancelledError e) {
                                    assertThrows(
                                            IllegalStateException.class,
                                            () -> g.createTask(crashAfter(Duration.ofMillis(1))));
                                    refused.set(true);
                                }
                                return null;
                            });
                            return null;
                        }),
                        attempt);
                assertEquals(Set.of(ArithmeticException.class), errorTypes(eg), attempt);
                assertTrue(refused.get(), attempt);
            }
            return null;
        });
    }

    @Test
    void test_taskgroup_context_manager_exit_raises() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_context_manager_exit_raises (gh-95289)
        Asyncio.run(() -> await(createTask(() -> {
            Task<?> task = currentTask();
            AsyncContextManager<String> database = AsyncContextManager.of(() -> "db", (v, failure) -> {
                throw new Conf.MyExc(); // raise CustomException in the finally
            });
            TaskGroupException err = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(tg -> Asyncio.asyncWith(database, v -> {
                        tg.createTask(() -> {
                            throw new Conf.MyExc();
                        });
                        return await(sleep(Duration.ofSeconds(1)));
                    })));
            assertEquals(0, task.cancelling());
            // Java: the teardown's exception is added to the body's CancelledError as suppressed, so the
            // group sees the child's error and the body's cancellation (not a second CustomException)
            assertThat(err.exceptions()).isNotEmpty().allMatch(e -> e instanceof Conf.MyExc);
            return null;
        })));
    }

    @Test
    void test_taskgroup_finished() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_finished
        Asyncio.run(() -> {
            AtomicReference<TaskGroup> tg = new AtomicReference<>();
            TaskGroup.run(g -> {
                tg.set(g);
                return null;
            });
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> tg.get().createTask(() -> await(sleep(Duration.ZERO))));
            assertThat(e.getMessage()).contains("finished");
            return null;
        });
    }

    @Test
    void test_taskgroup_without_parent_task() {
        // CPython: test_taskgroups.py::test_taskgroup_without_parent_task
        assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> null));
    }

    @Test
    void test_cancelling_level_preserved() throws Exception {
        // CPython: test_taskgroups.py::test_cancelling_level_preserved
        Asyncio.run(() -> {
            assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            await(sleep(Duration.ZERO));
                            throw new IllegalStateException("RuntimeError");
                        });
                        return null;
                    }));
            assertEquals(0, currentTask().cancelling());
            return null;
        });
    }

    @Test
    void test_nested_groups_both_cancelled() throws Exception {
        // CPython: test_taskgroups.py::test_nested_groups_both_cancelled. asyncio fails both children in one
        // step, so when the inner group exits with its error the outer group has already asked to cancel
        // the parent: the inner group must raise its ExceptionGroup and leave that request (cancelling() ==
        // 1), and the outer group takes it back (0). Java bodies run in parallel, so gates keep that order:
        // the outer child fails once the inner child runs, and the inner child fails only once the outer
        // group's request is made (that request also aborts the inner group, cancelling the inner child
        // at its wait: it fails anyway). Repeated, as a race: the counts must be CPython's in every try.
        int reps = Conf.reps();
        Asyncio.run(() -> {
            Task<?> parent = currentTask();
            for (int i = 0; i < reps; i++) {
                String attempt = "try " + i;
                Event innerChildRunning = new Event();
                AtomicReference<Throwable> innerErr = new AtomicReference<>();
                AtomicInteger cancellingBetween = new AtomicInteger(-1);
                TaskGroupException outerErr = assertThrows(
                        TaskGroupException.class,
                        () -> TaskGroup.run(outerTg -> {
                            try {
                                TaskGroup.run(innerTg -> {
                                    innerTg.createTask(() -> {
                                        innerChildRunning.set();
                                        try {
                                            while (parent.cancelling() == 0) {
                                                await(sleep(Duration.ofMillis(1)));
                                            }
                                        } catch (CancelledError e) {
                                            // the outer group's request aborted the inner group
                                        }
                                        throw new IllegalStateException("RuntimeError");
                                    });
                                    outerTg.createTask(() -> {
                                        await(innerChildRunning.waitFor());
                                        throw new IllegalArgumentException("ValueError");
                                    });
                                    return null;
                                });
                            } catch (Exception e) { // asserted below, where a failure is not one more group error
                                innerErr.set(e);
                            }
                            cancellingBetween.set(currentTask().cancelling());
                            return null;
                        }),
                        attempt);
                assertThat(innerErr.get()).as(attempt).isInstanceOf(TaskGroupException.class);
                assertEquals(
                        Set.of(IllegalStateException.class), errorTypes((TaskGroupException) innerErr.get()), attempt);
                assertEquals(1, cancellingBetween.get(), attempt);
                assertEquals(Set.of(IllegalArgumentException.class), errorTypes(outerErr), attempt);
                assertEquals(0, currentTask().cancelling(), attempt);
            }
            return null;
        });
    }

    @Test
    void test_error_and_cancel() throws Exception {
        // CPython: test_taskgroups.py::test_error_and_cancel (issue 12 item 3: the outside cancel is kept
        // after the group error and arrives at the next await)
        Asyncio.run(() -> {
            Event event = new Event();
            // asyncio's child fails only after main's cancel (one thread, sleep(0) yields to main); Java
            // bodies run in parallel, so the child waits for this gate to keep that order
            Event cancelRequested = new Event();
            AtomicInteger cancellingInHandler = new AtomicInteger(-1);
            AtomicInteger cancellingAfter = new AtomicInteger(-1);
            AtomicBoolean sleptAfterGroup = new AtomicBoolean();
            Task<Void> t = createTask(() -> {
                try {
                    TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            event.set();
                            try {
                                await(cancelRequested.waitFor());
                            } catch (CancelledError e) {
                                // the outside cancel may abort the group before the gate opens; the
                                // child fails either way, as in asyncio
                            }
                            throw new IllegalStateException("RuntimeError");
                        });
                        await(sleep(Duration.ofSeconds(1)));
                        throw new AssertionError("Sleep in group should have been cancelled");
                    });
                } catch (TaskGroupException e) {
                    cancellingInHandler.set(currentTask().cancelling());
                }
                cancellingAfter.set(currentTask().cancelling());
                await(sleep(Duration.ofSeconds(1)));
                sleptAfterGroup.set(true);
                return null;
            });
            await(event.waitFor());
            // (asyncio checks cancelling() == 0 here; a Java child may already have failed and cancelled
            // the body in parallel, so only the outcome below is checked)
            t.cancel();
            cancelRequested.set();
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.cancelled());
            assertEquals(1, cancellingInHandler.get());
            assertEquals(1, cancellingAfter.get());
            assertFalse(sleptAfterGroup.get(), "Sleep after group should have been cancelled");
            return null;
        });
    }

    @Test
    void test_name() throws Exception {
        // CPython: test_taskgroups.py::test_name
        Asyncio.run(() -> {
            AtomicReference<String> name = new AtomicReference<>();
            TaskGroup.run(tg -> tg.createTask("example name", () -> {
                name.set(currentTask().getName());
                return null;
            }));
            assertEquals("example name", name.get());
            return null;
        });
    }

    @Test
    void test_cancels_task_if_created_during_creation() throws Exception {
        // CPython: test_taskgroups.py::test_cancels_task_if_created_during_creation (gh-128550; issue 12 item 3)
        Asyncio.run(() -> {
            AtomicBoolean ran = new AtomicBoolean();
            TaskGroupException eg = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            tg.createTask(() -> {
                                throw new Conf.MyExc();
                            });
                            assertThrows(CancelledError.class, () -> {
                                await(sleep(Duration.ZERO));
                                await(sleep(Duration.ofSeconds(5)));
                            });
                            ran.set(true);
                            return null;
                        });
                        return null;
                    }));
            assertTrue(ran.get());
            assertThat(eg.exceptions()).hasSize(1).first().isInstanceOf(Conf.MyExc.class);
            return null;
        });
    }

    @Test
    void test_cancellation_does_not_leak_out_of_tg() throws Exception {
        // CPython: test_taskgroups.py::test_cancellation_does_not_leak_out_of_tg
        Asyncio.run(() -> {
            assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(tg -> tg.createTask(() -> {
                        throw new Conf.MyExc();
                    })));
            await(sleep(Duration.ZERO)); // would raise CancelledError if the group's cancel leaked
            await(sleep(Duration.ofMillis(10)));
            return null;
        });
    }

    @Test
    void test_taskgroup_02() throws Exception {
        // CPython: test_taskgroups.py::test_taskgroup_02 (a child created after the body waited)
        Asyncio.run(() -> {
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();
            TaskGroup.run(g -> {
                Task<Integer> t1 = g.createTask(sleepThen(MS100, 42));
                parked(t1);
                await(sleep(Duration.ofMillis(150)));
                t2.set(g.createTask(sleepThen(Duration.ofMillis(200), 11)));
                return null;
            });
            assertEquals(11, t2.get().result());
            return null;
        });
    }
}
