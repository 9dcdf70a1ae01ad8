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
import io.asyncio4j.Barrier;
import io.asyncio4j.BrokenBarrierError;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Event;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's {@code test_locks.py::BarrierTests} ({@code wait()} is {@code waitFor()}), plus issue 13 item 4. */
@Timeout(60)
class BarrierConformanceTest {
    private static final int N = 5;

    private static <T> List<Task<T>> makeTasks(int n, Callable<T> coro) {
        List<Task<T>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(createTask(coro));
        }
        return tasks;
    }

    private static <T> List<T> gatherTasks(int n, Callable<T> coro) throws Exception {
        return await(Asyncio.gather(makeTasks(n, coro)));
    }

    @Test
    void test_barrier_parties() {
        // BarrierTests::test_barrier_parties (ValueError -> IllegalArgumentException)
        assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Barrier(-4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Barrier(N)).isInstanceOf(Barrier.class);
    }

    @Test
    void test_context_manager() throws Exception {
        // BarrierTests::test_context_manager (async with barrier as i -> i = await(barrier.waitFor()))
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(3);
            List<Integer> results = new CopyOnWriteArrayList<>();
            gatherTasks(3, () -> results.add(await(barrier.waitFor())));
            assertThat(results).containsExactlyInAnyOrder(0, 1, 2);
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.broken()).isFalse();
            return null;
        });
    }

    @Test
    void test_filling_one_task() throws Exception {
        // BarrierTests::test_filling_one_task
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(1);
            assertThat(await(barrier.waitFor())).isZero();
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.broken()).isFalse();
            return null;
        });
    }

    @Test
    void test_filling_one_task_twice() throws Exception {
        // BarrierTests::test_filling_one_task_twice
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(1);
            Task<Integer> t1 = barrier.waitFor();
            assertThat(barrier.nWaiting()).isZero();
            Task<Integer> t2 = barrier.waitFor();
            assertThat(await(t1)).isEqualTo(await(t2));
            assertThat(t1.isDone()).isEqualTo(t2.isDone());
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.broken()).isFalse();
            return null;
        });
    }

    @Test
    void test_filling_task_by_task() throws Exception {
        // BarrierTests::test_filling_task_by_task
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(3);
            Task<Integer> t1 = barrier.waitFor();
            assertThat(barrier.nWaiting()).isEqualTo(1);
            Task<Integer> t2 = barrier.waitFor();
            assertThat(barrier.nWaiting()).isEqualTo(2);
            Task<Integer> t3 = barrier.waitFor();
            await(Asyncio.gather(t1, t2, t3));
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.broken()).isFalse();
            return null;
        });
    }

    @Test
    void test_filling_tasks_wait_twice() throws Exception {
        // BarrierTests::test_filling_tasks_wait_twice
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results = new CopyOnWriteArrayList<>();
            gatherTasks(N, () -> {
                await(barrier.waitFor());
                results.add(true);
                await(barrier.waitFor());
                results.add(false);
                return null;
            });
            assertThat(results).hasSize(2 * N);
            assertThat(results.stream().filter(b -> b).count()).isEqualTo(N);
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.broken()).isFalse();
            return null;
        });
    }

    @Test
    void test_filling_tasks_check_return_value() throws Exception {
        // BarrierTests::test_filling_tasks_check_return_value
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new CopyOnWriteArrayList<>();
            List<Boolean> results2 = new CopyOnWriteArrayList<>();
            List<Integer> res = gatherTasks(N, () -> {
                await(barrier.waitFor());
                results1.add(true);
                int i = await(barrier.waitFor());
                results2.add(true);
                return i;
            });
            assertThat(results1).hasSize(N);
            assertThat(results2).hasSize(N);
            assertThat(res.stream().sorted().collect(Collectors.toList()))
                    .isEqualTo(IntStream.range(0, N).boxed().collect(Collectors.toList()));
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.broken()).isFalse();
            return null;
        });
    }

    @Test
    void test_blocking_tasks_while_draining() throws Exception {
        // BarrierTests::test_blocking_tasks_while_draining
        Asyncio.run(() -> {
            int rewait = 2;
            Barrier barrier = new Barrier(N);
            Barrier barrierNoWaiting = new Barrier(N - rewait);
            AtomicInteger rewaitN = new AtomicInteger(rewait);
            gatherTasks(N, () -> {
                await(barrier.waitFor());
                if (rewaitN.getAndUpdate(v -> v > 0 ? v - 1 : v) > 0) {
                    await(barrier.waitFor());
                } else {
                    await(barrierNoWaiting.waitFor());
                    await(barrier.waitFor());
                }
                return null;
            });
            assertThat(barrier.nWaiting()).isZero();
            return null;
        });
    }

    @Test
    void test_filling_tasks_cancel_one() throws Exception {
        // BarrierTests::test_filling_tasks_cancel_one
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(3);
            List<Boolean> results = new CopyOnWriteArrayList<>();
            Callable<Void> coro = () -> {
                await(barrier.waitFor());
                results.add(true);
                return null;
            };
            Task<Void> t1 = createTask(coro);
            eventually(() -> barrier.nWaiting() == 1);
            Task<Void> t2 = createTask(coro);
            eventually(() -> barrier.nWaiting() == 2);
            t1.cancel();
            eventually(() -> barrier.nWaiting() == 1);
            assertThatThrownBy(() -> await(t1)).isInstanceOf(CancelledError.class);
            assertThat(t1.isCancelled()).isTrue();
            Task<Void> t3 = createTask(coro);
            eventually(() -> barrier.nWaiting() == 2);
            Task<Void> t4 = createTask(coro);
            await(Asyncio.gather(t2, t3, t4));
            assertThat(results).hasSize(3);
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.broken()).isFalse();
            return null;
        });
    }

    @Test
    void test_reset_barrier() throws Exception {
        // BarrierTests::test_reset_barrier
        Barrier barrier = new Barrier(1);
        barrier.reset();
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.broken()).isFalse();
    }

    @Test
    void test_reset_barrier_while_tasks_waiting() throws Exception {
        // BarrierTests::test_reset_barrier_while_tasks_waiting
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results = new CopyOnWriteArrayList<>();
            List<Task<Void>> tasks = makeTasks(N - 1, () -> {
                try {
                    await(barrier.waitFor());
                } catch (BrokenBarrierError e) {
                    results.add(true);
                }
                return null;
            });
            eventually(() -> barrier.nWaiting() == N - 1);
            createTask(() -> {
                barrier.reset();
                return null;
            });
            await(Asyncio.gather(tasks));
            assertThat(results).hasSize(N - 1);
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.broken()).isFalse();
            return null;
        });
    }

    @Test
    void test_reset_barrier_while_tasks_waiting_and_waiting_again() throws Exception {
        // BarrierTests::test_reset_barrier_while_tasks_waiting_and_waiting_again
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new CopyOnWriteArrayList<>();
            List<Boolean> results2 = new CopyOnWriteArrayList<>();
            List<Task<Void>> tasks = makeTasks(N - 1, () -> {
                try {
                    await(barrier.waitFor());
                } catch (BrokenBarrierError e) {
                    results1.add(true);
                } finally {
                    await(barrier.waitFor());
                    results2.add(true);
                }
                return null;
            });
            eventually(() -> barrier.nWaiting() == N - 1);
            barrier.reset();
            eventually(() -> barrier.nWaiting() == N - 1); // all wait again in their finally
            createTask(() -> {
                await(barrier.waitFor());
                results2.add(true);
                return null;
            });
            await(Asyncio.gather(tasks));
            eventually(() -> results2.size() == N);
            assertThat(barrier.broken()).isFalse();
            assertThat(results1).hasSize(N - 1);
            assertThat(barrier.nWaiting()).isZero();
            return null;
        });
    }

    @Test
    void test_reset_barrier_while_tasks_draining() throws Exception {
        // BarrierTests::test_reset_barrier_while_tasks_draining
        for (int rep = 0; rep < RACES; rep++) {
            Asyncio.run(() -> {
                Barrier barrier = new Barrier(N);
                List<Boolean> results1 = new CopyOnWriteArrayList<>();
                List<Boolean> results2 = new CopyOnWriteArrayList<>();
                List<Boolean> results3 = new CopyOnWriteArrayList<>();
                AtomicInteger count = new AtomicInteger();
                // asyncio runs the last task out from its count to its reset in one step, before the others
                // (woken, not yet run) wait again: the barrier is empty at the reset (n_waiting 0, state
                // filling, checked against CPython 3.11). Java bodies run in parallel, so the others wait
                // again only once this gate is open.
                Event resetDone = new Event();
                gatherTasks(N, () -> {
                    await(barrier.waitFor());
                    if (count.incrementAndGet() == N) {
                        assertThat(barrier.nWaiting()).isZero();
                        barrier.reset();
                        resetDone.set();
                        await(barrier.waitFor());
                    } else {
                        await(resetDone.waitFor());
                        try {
                            await(barrier.waitFor());
                            results1.add(true);
                        } catch (Exception e) {
                            results2.add(true);
                        }
                    }
                    await(barrier.waitFor());
                    results3.add(true);
                    return null;
                });
                assertThat(barrier.broken()).isFalse();
                assertThat(results1).hasSize(N - 1);
                assertThat(results2).isEmpty();
                assertThat(results3).hasSize(N);
                assertThat(barrier.nWaiting()).isZero();
                return null;
            });
        }
    }

    @Test
    void test_abort_barrier() throws Exception {
        // BarrierTests::test_abort_barrier
        Barrier barrier = new Barrier(1);
        barrier.abort();
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.broken()).isTrue();
    }

    @Test
    void test_abort_barrier_when_exception() throws Exception {
        // BarrierTests::test_abort_barrier_when_exception
        Asyncio.run(() -> {
            Barrier barrier = new Barrier(N);
            List<Boolean> results1 = new CopyOnWriteArrayList<>();
            List<Boolean> results2 = new CopyOnWriteArrayList<>();
            gatherTasks(N, () -> {
                try {
                    int i = await(barrier.waitFor());
                    if (i == N / 2) {
                        throw new RuntimeException();
                    }
                    await(barrier.waitFor());
                    results1.add(true);
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                } catch (RuntimeException e) {
                    barrier.abort();
                }
                return null;
            });
            assertThat(barrier.broken()).isTrue();
            assertThat(results1).isEmpty();
            assertThat(results2).hasSize(N - 1);
            assertThat(barrier.nWaiting()).isZero();
            return null;
        });
    }

    @Test
    void test_abort_barrier_when_exception_then_resetting() throws Exception {
        // BarrierTests::test_abort_barrier_when_exception_then_resetting
        Asyncio.run(() -> {
            Barrier barrier1 = new Barrier(N);
            Barrier barrier2 = new Barrier(N);
            List<Boolean> results1 = new CopyOnWriteArrayList<>();
            List<Boolean> results2 = new CopyOnWriteArrayList<>();
            List<Boolean> results3 = new CopyOnWriteArrayList<>();
            gatherTasks(N, () -> {
                try {
                    int i = await(barrier1.waitFor());
                    if (i == N / 2) {
                        throw new RuntimeException();
                    }
                    await(barrier1.waitFor());
                    results1.add(true);
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                } catch (RuntimeException e) {
                    barrier1.abort();
                }
                int i = await(barrier2.waitFor());
                if (i == N / 2) {
                    barrier1.reset();
                }
                await(barrier2.waitFor());
                await(barrier1.waitFor());
                results3.add(true);
                return null;
            });
            assertThat(barrier1.broken()).isFalse();
            assertThat(results1).isEmpty();
            assertThat(results2).hasSize(N - 1);
            assertThat(results3).hasSize(N);
            assertThat(barrier1.nWaiting()).isZero();
            return null;
        });
    }

    // ---- issue 13, item 4

    @Test
    void cancelThenArrive_opFuture_cancelledPartyWithdrawnAtOnce() throws Exception {
        for (int round = 0; round < RACES; round++) {
            Barrier barrier = new Barrier(2);
            Task<Integer> a = barrier.waitFor();
            assertThat(a.cancel())
                    .as("round %d: cancel() of a waiting party", round)
                    .isTrue();
            assertThat(barrier.nWaiting())
                    .as("round %d: withdrawn when cancel() returned", round)
                    .isZero();
            Task<Integer> b = barrier.waitFor();
            Task<Integer> c = barrier.waitFor();
            endsCancelled(a, "round " + round + ": cancelled party");
            assertThat(List.of(done(b, "b"), done(c, "c"))).containsExactlyInAnyOrder(0, 1);
            assertThat(barrier.nWaiting()).isZero();
        }
    }

    @Test
    void cancelThenArrive_taskBody_roundNeedsAnotherParty() throws Exception {
        Asyncio.run(() -> {
            for (int round = 0; round < RACES; round++) {
                Barrier barrier = new Barrier(2);
                AtomicInteger passed = new AtomicInteger();
                Task<Void> a = createTask(() -> {
                    await(barrier.waitFor());
                    passed.incrementAndGet();
                    return null;
                });
                parked(a);
                eventually(() -> barrier.nWaiting() == 1);
                a.cancel("race");
                Task<Integer> b = barrier.waitFor(); // must not complete a round with the cancelled party
                Task<Integer> c = barrier.waitFor();
                endsCancelled(a, "round " + round + ": cancelled party");
                assertThat(passed.get())
                        .as("round %d: the cancelled party passed the barrier", round)
                        .isZero();
                assertThat(List.of(done(b, "b"), done(c, "c"))).containsExactlyInAnyOrder(0, 1);
            }
            return null;
        });
    }

    @Test
    void cancelledParty_isNotCounted_secondArrivalWaits() throws Exception {
        Barrier barrier = new Barrier(2);
        Task<Integer> a = barrier.waitFor();
        assertThat(a.cancel()).isTrue();
        Task<Integer> b = barrier.waitFor();
        assertThat(staysPending(b)).isTrue();
        endsCancelled(a, "a");
        b.cancel();
    }
}
