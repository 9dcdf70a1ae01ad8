package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskGroupTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void run_waitsForAllTasks_andReturnsBodyValue() throws Exception {
        Asyncio.run(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            String v = TaskGroup.run(tg -> {
                for (int i = 0; i < 5; i++) {
                    int n = i;
                    tasks.add(tg.createTask(() -> {
                        await(sleep(Duration.ofMillis(10L * n)));
                        return n;
                    }));
                }
                return "body";
            });
            assertEquals("body", v);
            for (int i = 0; i < 5; i++) {
                assertEquals(i, tasks.get(i).result());
            }
            return null;
        });
    }

    @Test
    void run_firstFailure_cancelsSiblingsAndBody_reportsEveryFailure_taskHealthyAfter() throws Exception {
        Asyncio.run(() -> {
            List<Task<?>> siblings = new ArrayList<>();
            AtomicBoolean bodyInterrupted = new AtomicBoolean();
            TaskGroupException e = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(tg -> {
                        siblings.add(tg.createTask(() -> await(sleep(LONG))));
                        siblings.add(tg.createTask(() -> await(sleep(LONG))));
                        tg.createTask(() -> {
                            await(sleep(Duration.ofMillis(10)));
                            throw new IllegalStateException("first");
                        });
                        tg.createTask(() -> {
                            await(sleep(Duration.ofMillis(10)));
                            throw new IllegalArgumentException("second");
                        });
                        try {
                            await(sleep(LONG));
                        } catch (CancelledError cancelled) {
                            bodyInterrupted.set(true);
                            throw cancelled;
                        }
                        return null;
                    }));
            assertTrue(bodyInterrupted.get());
            assertThat(e.exceptions()).hasSizeBetween(1, 2);
            assertThat(e.exceptions()).noneMatch(x -> x instanceof java.util.concurrent.CancellationException);
            for (Task<?> s : siblings) {
                assertTrue(s.isCancelled());
            }
            assertEquals(0, currentTask().cancelling());
            assertEquals("ok", await(sleep(Duration.ofMillis(1), "ok")));
            return null;
        });
    }

    @Test
    void run_bodyException_cancelsChildren_andIsReportedInTheGroup() throws Exception {
        Asyncio.run(() -> {
            Task<?>[] child = new Task<?>[1];
            TaskGroupException e = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(tg -> {
                        child[0] = tg.createTask(() -> await(sleep(LONG)));
                        throw new java.io.IOException("body");
                    }));
            assertTrue(child[0].isCancelled());
            assertInstanceOf(java.io.IOException.class, e.exceptions().get(0));
            return null;
        });
    }

    @Test
    void enclosingTaskCancelled_cancelsTheGroup_andStaysCancelled() throws Exception {
        Asyncio.run(() -> {
            List<Task<?>> children = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(1);
            Task<Object> parent = createTask(() -> TaskGroup.run(tg -> {
                children.add(tg.createTask(() -> await(sleep(LONG))));
                children.add(tg.createTask(() -> await(sleep(LONG))));
                started.countDown();
                return await(sleep(LONG));
            }));
            started.await();
            parent.cancel("outside");
            CancelledError e = assertThrows(CancelledError.class, () -> await(parent));
            assertEquals("outside", e.getMessage());
            for (Task<?> child : children) {
                assertTrue(child.isCancelled());
            }
            return null;
        });
    }

    @Test
    void closedGroup_refusesNewTasks() throws Exception {
        Asyncio.run(() -> {
            TaskGroup[] group = new TaskGroup[1];
            TaskGroup.run(tg -> {
                group[0] = tg;
                return null;
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> group[0].createTask(() -> 1));
            assertThat(e.getMessage()).contains("finished");
            return null;
        });
    }

    @Test
    void tryWithResources_waitsForAll_andThrowsGroupException() throws Exception {
        Asyncio.run(() -> {
            Task<Integer> ok;
            try (TaskGroup tg = TaskGroup.open()) {
                ok = tg.createTask(() -> {
                    await(sleep(Duration.ofMillis(20)));
                    return 1;
                });
            }
            assertEquals(1, ok.result());
            Task<?>[] sibling = new Task<?>[1];
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    sibling[0] = tg.createTask(() -> await(sleep(LONG)));
                    tg.createTask(() -> {
                        throw new IllegalStateException("boom");
                    });
                }
            });
            assertEquals("boom", e.exceptions().get(0).getMessage());
            assertTrue(sibling[0].isCancelled());
            return null;
        });
    }

    @Test
    void tryWithResources_closeTwice_isAClearError_andGroupStillExitsCleanly() throws Exception {
        Asyncio.run(() -> {
            TaskGroup tg = TaskGroup.open();
            tg.createTask(() -> 1);
            tg.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, tg::close);
            assertThat(e.getMessage()).contains("twice");
            return null;
        });
    }

    @Test
    void tryWithResources_enclosingTaskCancelled_cancelsChildrenOnExit() throws Exception {
        Asyncio.run(() -> {
            Task<?>[] child = new Task<?>[1];
            CountDownLatch started = new CountDownLatch(1);
            Task<Void> parent = createTask(() -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    child[0] = tg.createTask(() -> await(sleep(LONG)));
                    started.countDown();
                    await(sleep(LONG));
                }
                return null;
            });
            started.await();
            parent.cancel();
            assertThrows(CancelledError.class, () -> await(parent));
            assertTrue(child[0].isCancelled());
            return null;
        });
    }

    @Test
    void nestedGroups_innerFailureIsReportedByOuter() throws Exception {
        Asyncio.run(() -> {
            TaskGroupException e = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(outer -> {
                        outer.createTask(() -> TaskGroup.run(inner -> {
                            inner.createTask(() -> {
                                throw new IllegalStateException("leaf");
                            });
                            return null;
                        }));
                        return null;
                    }));
            TaskGroupException innerGroup = (TaskGroupException) e.exceptions().get(0);
            assertEquals("leaf", innerGroup.exceptions().get(0).getMessage());
            return null;
        });
    }

    @Test
    void childCancelledAlone_isNotAFailure() throws Exception {
        Asyncio.run(() -> {
            String v = TaskGroup.run(tg -> {
                Task<Void> t = tg.createTask(() -> await(sleep(LONG)));
                await(sleep(Duration.ofMillis(10)));
                t.cancel();
                return "fine";
            });
            assertEquals("fine", v);
            return null;
        });
    }

    @Test
    void open_outsideTask_isRefused() {
        assertThrows(IllegalStateException.class, TaskGroup::open);
        assertThrows(NullPointerException.class, () -> TaskGroup.run(null));
    }

    @Test
    void closeFromAnotherTask_isRefused() throws Exception {
        Asyncio.run(() -> {
            TaskGroup tg = TaskGroup.open();
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> await(createTask(() -> {
                        tg.close();
                        return null;
                    })));
            assertThat(e.getMessage()).contains("opened it");
            tg.close();
            assertFalse(currentTask().isDone());
            return null;
        });
    }

    /** A child failing while the body still creates tasks (bodies run in parallel here, unlike asyncio). */
    @Test
    void run_bodyCreatingTasksAfterAChildFailed_reportsOnlyTheChildsFailure() throws Exception {
        Asyncio.run(() -> {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            CountDownLatch failed = new CountDownLatch(1);
            TaskGroupException e = assertThrows(
                    TaskGroupException.class,
                    () -> TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            failed.countDown();
                            throw boom;
                        });
                        failed.await();
                        while (!tg.toString().contains("aborting")) { // no await: not cancelled at an await
                            Thread.onSpinWait();
                        }
                        tg.createTask(() -> await(sleep(Duration.ofSeconds(30)))); // refused
                        return null;
                    }));
            assertEquals(List.of(boom), e.exceptions());
            return null;
        });
    }

    @Test
    void tryWithResources_createTaskAfterAChildFailed_refusedWithTheGroupsReportSuppressed() throws Exception {
        Asyncio.run(() -> {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            CountDownLatch failed = new CountDownLatch(1);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> {
                try (TaskGroup tg = TaskGroup.open()) {
                    tg.createTask(() -> {
                        failed.countDown();
                        throw boom;
                    });
                    failed.await();
                    while (!tg.toString().contains("aborting")) {
                        Thread.onSpinWait();
                    }
                    tg.createTask(() -> await(sleep(Duration.ofSeconds(30)))); // refused
                }
            });
            assertEquals("TaskGroup is shutting down", refused.getMessage());
            assertEquals(1, refused.getSuppressed().length);
            assertEquals(List.of(boom), ((TaskGroupException) refused.getSuppressed()[0]).exceptions());
            return null;
        });
    }
}
