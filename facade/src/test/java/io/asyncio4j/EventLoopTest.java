package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventLoopTest {

    @Test
    void getRunningLoop_outsideRun_throwsIllegalState() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Asyncio::getRunningLoop);
        assertThat(e.getMessage()).contains("no running event loop");
    }

    @Test
    void getRunningLoop_insideTasks_isTheSameLoop() throws Exception {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            EventLoop fromChild = await(Asyncio.createTask(Asyncio::getRunningLoop));
            assertSame(loop, fromChild);
            assertTrue(loop.isRunning());
            assertFalse(loop.isClosed());
            return null;
        });
    }

    @Test
    void time_isMonotonic() throws Exception {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double previous = loop.time();
            for (int i = 0; i < 10_000; i++) {
                double now = loop.time();
                assertTrue(now >= previous);
                previous = now;
            }
            double before = loop.time();
            await(Asyncio.sleep(Duration.ofMillis(20)));
            assertTrue(loop.time() - before >= 0.019);
            return null;
        });
    }

    @Test
    void callSoon_runsInSchedulingOrder_neverConcurrently() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            CompletableFuture<Void> done = loop.createFuture();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                loop.callSoon(() -> {
                    maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                    order.add(n);
                    active.decrementAndGet();
                });
            }
            loop.callSoon(() -> done.complete(null));
            await(done);
            return null;
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
        assertEquals(1, maxActive.get());
    }

    @Test
    void callAt_equalTimes_runInSchedulingOrder() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double when = loop.time() + 0.05;
            CompletableFuture<Void> done = loop.createFuture();
            for (int i = 0; i < 50; i++) {
                int n = i;
                loop.callAt(when, () -> order.add(n));
            }
            loop.callAt(when + 0.01, () -> done.complete(null));
            await(done);
            return null;
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
    }

    @Test
    void callLater_earlierDelayRunsFirst() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            CompletableFuture<Void> done = loop.createFuture();
            loop.callLater(Duration.ofMillis(60), () -> {
                order.add("late");
                done.complete(null);
            });
            loop.callLater(Duration.ofMillis(10), () -> order.add("early"));
            await(done);
            return null;
        });
        assertEquals(List.of("early", "late"), order);
    }

    @Test
    void timerHandle_cancelled_neverFires() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            TimerHandle handle = loop.callLater(Duration.ofMillis(20), fired::incrementAndGet);
            handle.cancel();
            assertTrue(handle.cancelled());
            // callbacks run one at a time: while the first holds the loop, the second cannot have started
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.callSoon(() -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            holding.await();
            TimerHandle soon = loop.callSoon(fired::incrementAndGet);
            soon.cancel();
            release.countDown();
            CompletableFuture<Void> after = loop.createFuture();
            loop.callLater(Duration.ofMillis(60), () -> after.complete(null));
            await(after);
            return null;
        });
        assertEquals(0, fired.get());
    }

    @Test
    void customSleep_fromFutureAndCallLater_seed004() throws Exception {
        String value = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            CompletableFuture<String> future = loop.createFuture();
            loop.callLater(Duration.ofMillis(20), () -> future.complete("slept"));
            return await(future);
        });
        assertEquals("slept", value);
    }

    @Test
    void runInExecutor_nullUsesDefault_andGivenExecutorRuns() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                assertEquals(1, await(loop.runInExecutor(null, () -> 1)));
                String thread = await(
                        loop.runInExecutor(pool, () -> Thread.currentThread().getName()));
                assertThat(thread).contains("pool");
                return null;
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runInExecutor_cancelledBeforeStart_neverRuns() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        try {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                Task<Void> blocker = loop.runInExecutor(pool, () -> {
                    gate.await();
                    return null;
                });
                Task<Integer> queued = loop.runInExecutor(pool, ran::incrementAndGet);
                queued.cancel("no");
                assertThrows(CancelledError.class, () -> await(queued));
                gate.countDown();
                await(blocker);
                return null;
            });
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, ran.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runner_runsSeveralMainsOnOneLoop_thenClosesAndCancelsLeftovers() throws Exception {
        Task<?>[] leftover = new Task<?>[1];
        EventLoop loop;
        try (Runner runner = Runner.create(false)) {
            loop = runner.getLoop();
            EventLoop first = runner.run(Asyncio::getRunningLoop);
            assertSame(loop, first);
            runner.run(() -> {
                leftover[0] = Asyncio.createTask(() -> await(Asyncio.sleep(Duration.ofSeconds(30))));
                return null;
            });
            assertSame(loop, runner.run(Asyncio::getRunningLoop));
            assertFalse(loop.isRunning());
        }
        assertTrue(loop.isClosed());
        assertTrue(leftover[0].isCancelled());
    }

    @Test
    void runner_closed_refusesRun() {
        Runner runner = Runner.create(false);
        runner.close();
        runner.close();
        assertThrows(IllegalStateException.class, () -> runner.run(() -> 1));
    }

    @Test
    void closedLoop_refusesCallbacksAndTasks() throws Exception {
        Runner runner = Runner.create(false);
        EventLoop loop = runner.getLoop();
        runner.close();
        assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> {}));
        assertThrows(IllegalStateException.class, () -> loop.createTask(() -> 1));
    }

    @Test
    void callbackFailure_isLogged_andLaterCallbacksStillRun() throws Exception {
        try (var logs = new io.asyncio4j.testing.LogCapture()) {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                CompletableFuture<Void> done = loop.createFuture();
                loop.callSoon(() -> {
                    throw new IllegalStateException("callback boom");
                });
                loop.callSoon(() -> done.complete(null));
                await(done);
                return null;
            });
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !logs.containing("Exception in callback").isEmpty());
            assertThat(logs.containing("Exception in callback").get(0).getThrown())
                    .hasMessage("callback boom");
        }
    }
}
