package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13: the waiting operations of the primitives and queues behave as asyncio futures. {@code
 * cancel()} withdraws a waiter inside the call and answers exactly: true only if the operation ends
 * cancelled having taken nothing (what a later release or put brings goes to the next waiter, and a
 * queue item stays in its place), false once it took its permit, item, room or notification.
 */
@Timeout(120)
class PrimitivesAsFuturesTest {
    private static final int ROUNDS = 200;
    private static ExecutorService racers;

    @BeforeAll
    static void startRacers() {
        racers = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopRacers() {
        racers.shutdownNow();
    }

    /** Runs {@code a} and {@code b} at the same moment on two threads; returns b's answer. */
    private static boolean race(Runnable a, java.util.function.BooleanSupplier b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> first = racers.submit(() -> {
            start.await();
            a.run();
            return null;
        });
        Future<Boolean> second = racers.submit(() -> {
            start.await();
            return b.getAsBoolean();
        });
        first.get();
        return second.get();
    }

    private static final List<IntFunction<Queue<Integer>>> QUEUES =
            List.of(Queue::new, LifoQueue::new, PriorityQueue::new);

    // ---- the permit, item or room was handed over before cancel(): cancel() is false, nothing is lost

    @Test
    void semaphoreAndLock_releaseThenCancel_cancelFalse_acquireHoldsThePermit() throws Exception {
        Asyncio.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                Semaphore sem = round % 2 == 0 ? new Semaphore(0) : new BoundedSemaphore(0 + 1);
                if (round % 2 == 1) {
                    assertTrue(sem.tryAcquire());
                }
                Task<Void> a = sem.acquire();
                assertFalse(a.isDone());
                sem.release(); // hands the permit to the waiter before it returns
                assertFalse(a.cancel("late"), "round " + round);
                await(a);
                assertEquals(0, sem.availablePermits());

                Lock lock = new Lock();
                await(lock.acquire());
                Task<Void> l = lock.acquire();
                lock.release();
                assertFalse(l.cancel("late"), "round " + round);
                await(l);
                assertTrue(lock.locked());
            }
            return null;
        });
    }

    @Test
    void queues_putThenCancelGet_cancelFalse_getKeepsItsItem() throws Exception {
        Asyncio.run(() -> {
            for (IntFunction<Queue<Integer>> kind : QUEUES) {
                for (int round = 0; round < ROUNDS; round++) {
                    Queue<Integer> q = kind.apply(0);
                    Task<Integer> g = q.get();
                    q.putNowait(round);
                    assertFalse(g.cancel("late"), q + " round " + round);
                    assertEquals(round, await(g));
                    assertEquals(0, q.qsize());
                }
            }
            return null;
        });
    }

    @Test
    void boundedQueues_getThenCancelPut_cancelFalse_itemStored() throws Exception {
        Asyncio.run(() -> {
            for (IntFunction<Queue<Integer>> kind : QUEUES) {
                for (int round = 0; round < ROUNDS; round++) {
                    Queue<Integer> q = kind.apply(1);
                    q.putNowait(-1);
                    Task<Void> p = q.put(round);
                    assertEquals(-1, q.getNowait()); // frees the room: the waiting put stores its item now
                    assertFalse(p.cancel("late"), q + " round " + round);
                    await(p);
                    assertEquals(round, q.getNowait());
                }
            }
            return null;
        });
    }

    // ---- cancel() first: true, and what comes next goes to the next waiter

    @Test
    void everyPrimitive_cancelThenRelease_goesToTheNextWaiter() throws Exception {
        Asyncio.run(() -> {
            Semaphore sem = new BoundedSemaphore(1);
            await(sem.acquire());
            Task<Void> s1 = sem.acquire();
            Task<Void> s2 = sem.acquire();
            assertTrue(s1.cancel("skip"));
            assertTrue(s1.isCancelled()); // withdrawn inside cancel()
            sem.release();
            await(s2);
            assertEquals(0, sem.availablePermits());

            Lock lock = new Lock();
            await(lock.acquire());
            Task<Void> l1 = lock.acquire();
            Task<Void> l2 = lock.acquire();
            assertTrue(l1.cancel("skip"));
            lock.release();
            await(l2);
            assertTrue(lock.locked());

            Event ev = new Event();
            Task<Void> e1 = ev.waitFor();
            assertTrue(e1.cancel("skip"));
            assertTrue(e1.isCancelled());
            ev.set();
            assertFalse(ev.waitFor().cancel("after set")); // done at once

            Barrier barrier = new Barrier(2);
            Task<Integer> b1 = barrier.waitFor();
            assertTrue(b1.cancel("skip"));
            assertEquals(0, barrier.nWaiting());
            Task<Integer> b2 = barrier.waitFor();
            Task<Integer> b3 = barrier.waitFor();
            assertEquals(0, await(b2));
            assertEquals(1, await(b3));
            assertFalse(b3.cancel("after"));
            return null;
        });
    }

    @Test
    void queues_cancelledGet_leavesTheItemInItsPlace_forTheNextGetter() throws Exception {
        Asyncio.run(() -> {
            for (IntFunction<Queue<Integer>> kind : QUEUES) {
                Queue<Integer> q = kind.apply(0);
                Task<Integer> g1 = q.get();
                Task<Integer> g2 = q.get();
                assertTrue(g1.cancel("skip"));
                q.putNowait(1);
                assertEquals(1, await(g2));
                assertTrue(g1.isCancelled());

                Queue<Integer> bounded = kind.apply(1);
                bounded.putNowait(0);
                Task<Void> p1 = bounded.put(1);
                Task<Void> p2 = bounded.put(2);
                assertTrue(p1.cancel("skip"));
                assertEquals(0, bounded.getNowait());
                await(p2);
                assertEquals(2, bounded.getNowait());
                assertTrue(bounded.empty());
            }
            return null;
        });
    }

    // ---- release and cancel() racing: cancel()'s answer is the truth, and nothing is lost

    @Test
    void semaphoreAndLock_releaseRacingCancel_answerIsExact_permitNeverLost() throws Exception {
        Asyncio.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                Semaphore sem = new Semaphore(0);
                Task<Void> a = sem.acquire();
                boolean cancelled = race(sem::release, () -> a.cancel("race"));
                await(Asyncio.gatherOutcomes(List.of(a)));
                assertEquals(cancelled, a.isCancelled(), "round " + round);
                assertEquals(cancelled ? 1 : 0, sem.availablePermits(), "round " + round);

                Lock lock = new Lock();
                await(lock.acquire());
                Task<Void> l = lock.acquire();
                boolean lockCancelled = race(lock::release, () -> l.cancel("race"));
                await(Asyncio.gatherOutcomes(List.of(l)));
                assertEquals(lockCancelled, l.isCancelled(), "round " + round);
                assertEquals(!lockCancelled, lock.locked(), "round " + round);
            }
            return null;
        });
    }

    @Test
    void queues_putRacingCancelledGet_answerIsExact_itemNeverLostAndOrderKept() throws Exception {
        Asyncio.run(() -> {
            for (IntFunction<Queue<Integer>> kind : QUEUES) {
                for (int round = 0; round < ROUNDS; round++) {
                    Queue<Integer> q = kind.apply(0);
                    Task<Integer> g = q.get();
                    boolean cancelled = race(() -> q.putNowait(1), () -> g.cancel("race"));
                    q.putNowait(2);
                    await(Asyncio.gatherOutcomes(List.of(g)));
                    assertEquals(cancelled, g.isCancelled(), q + " round " + round);
                    if (cancelled) {
                        // the item stayed where it was: ahead of 2 in a FIFO queue
                        assertEquals(2, q.qsize());
                        if (q.getClass() == Queue.class) {
                            assertEquals(1, q.getNowait());
                        }
                    } else {
                        assertEquals(1, await(g));
                        assertEquals(2, q.getNowait());
                    }
                }
            }
            return null;
        });
    }

    /** Issue 12.1 through the primitives: a body's request is never lost when its get completes first. */
    @Test
    void bodyInGet_putThenCancelFromAnotherThread_requestDeliveredOnce_itemNeverLost() throws Exception {
        Asyncio.run(() -> {
            for (int round = 0; round < ROUNDS; round++) {
                Queue<Integer> q = new Queue<>();
                AtomicReference<Integer> got = new AtomicReference<>();
                AtomicBoolean cancelledLater = new AtomicBoolean();
                Task<Void> body = createTask(() -> {
                    got.set(await(q.get()));
                    try {
                        await(sleep(Duration.ofSeconds(10)));
                    } catch (CancelledError e) {
                        cancelledLater.set(true);
                        throw e;
                    }
                    return null;
                });
                Parked.untilAwaiting(body);
                int item = round;
                race(() -> q.putNowait(item), () -> body.cancel("race"));
                await(Asyncio.gatherOutcomes(List.of(body)));
                assertTrue(body.isCancelled(), "round " + round);
                if (got.get() != null) {
                    assertTrue(cancelledLater.get(), "round " + round);
                    assertEquals(0, q.qsize());
                } else {
                    assertEquals(round, q.getNowait(), "round " + round);
                }
            }
            return null;
        });
    }

    // ---- Condition

    @Test
    void condition_cancelledAfterNotified_reacquires_reraisesItsRequest_passesTheNotificationOn() throws Exception {
        Asyncio.run(() -> {
            for (int round = 0; round < 50; round++) {
                Condition c = new Condition();
                AtomicReference<String> message = new AtomicReference<>();
                AtomicBoolean heldInCatch = new AtomicBoolean();
                Task<String> first = createTask(() -> c.asyncWith(() -> {
                    try {
                        await(c.waitFor());
                        return "woken";
                    } catch (CancelledError e) {
                        heldInCatch.set(c.locked());
                        message.set(e.getMessage());
                        throw e;
                    }
                }));
                while (!c.toString().contains("waiters=1")) {
                    await(sleep(Duration.ZERO));
                }
                Task<String> second = createTask(() -> c.asyncWith(() -> {
                    await(c.waitFor());
                    return "woken";
                }));
                while (!c.toString().contains("waiters=2")) {
                    await(sleep(Duration.ZERO));
                }
                await(c.acquire());
                c.notify(1); // wakes first
                assertTrue(first.cancel("stop"));
                c.release();
                CancelledError e = assertThrows(CancelledError.class, () -> await(first));
                assertEquals("stop", e.getMessage());
                assertEquals("stop", message.get());
                assertTrue(heldInCatch.get());
                assertEquals("woken", await(second)); // the notification was passed on
                assertFalse(c.locked());
            }
            return null;
        });
    }

    @Test
    void condition_cancelledWaitFuture_withdrawnInsideCancel_notifyGoesToTheNext() throws Exception {
        Asyncio.run(() -> {
            Condition c = new Condition();
            await(c.acquire());
            Task<Void> w1 = c.waitFor();
            await(c.acquire());
            Task<Void> w2 = c.waitFor();
            await(c.acquire());
            assertTrue(w1.cancel("skip"));
            c.notify(1); // w1 is no longer a waiter: w2 gets it
            c.release();
            assertThrows(CancelledError.class, () -> await(w1));
            assertTrue(c.locked()); // w1 ended holding the lock again
            c.release();
            await(w2);
            assertTrue(c.locked());
            c.release();
            return null;
        });
    }

    @Test
    void condition_waitForPredicate_trueAtOnce_returnsWithoutTheLock() throws Exception {
        Condition c = new Condition();
        Task<Void> done = c.waitFor(() -> true);
        assertTrue(done.isDone());
        assertFalse(c.locked());
        assertThrows(IllegalStateException.class, () -> c.waitFor(() -> false));
    }

    @Test
    void run_conditionWaiterAtShutdown_lockHeldByAFinishedTask_endsAndReportsTheBodysException() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> Asyncio.run(() -> {
                        Condition c = new Condition();
                        createTask(() -> c.asyncWith(() -> await(c.waitFor())));
                        while (!c.toString().contains("waiters=1")) {
                            await(sleep(Duration.ZERO));
                        }
                        await(c.acquire()); // held by main, which ends without releasing it
                        throw new IllegalStateException("boom");
                    }));
            assertEquals("boom", e.getMessage());
        });
    }

    @Test
    void run_conditionWaiterCancelledBeforeShutdown_stillReacquiring_endsAndReportsTheBodysException() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> Asyncio.run(() -> {
                        Condition c = new Condition();
                        Task<Object> waiter = createTask(() -> c.asyncWith(() -> await(c.waitFor())));
                        while (!c.toString().contains("waiters=1")) {
                            await(sleep(Duration.ZERO));
                        }
                        await(c.acquire());
                        waiter.cancel("stop"); // it now waits to re-acquire the lock main holds
                        await(sleep(Duration.ofMillis(10)));
                        throw new IllegalStateException("boom");
                    }));
            assertEquals("boom", e.getMessage());
        });
    }

    // ---- Queue.join and shutdown

    @Test
    void queues_join_neverCompletesWithAnUnfinishedItem_whenPutRacesTheLastTaskDone() throws Exception {
        Asyncio.run(() -> {
            for (IntFunction<Queue<Integer>> kind : QUEUES) {
                for (int round = 0; round < ROUNDS; round++) {
                    Queue<Integer> q = kind.apply(0);
                    q.putNowait(1);
                    q.getNowait();
                    race(q::taskDone, () -> {
                        q.putNowait(2);
                        return true;
                    });
                    assertFalse(q.join().isDone(), q + " round " + round); // item 2 is unfinished
                    q.getNowait();
                    q.taskDone();
                    assertTrue(q.join().isDone());
                }
            }
            return null;
        });
    }

    @Test
    void queues_putRacingImmediateShutdown_itemNeverOutlivesTheDrain() throws Exception {
        Asyncio.run(() -> {
            for (IntFunction<Queue<Integer>> kind : QUEUES) {
                for (int round = 0; round < ROUNDS; round++) {
                    Queue<Integer> q = kind.apply(round % 2 == 0 ? 0 : 4);
                    int item = round;
                    boolean put = race(() -> q.shutdown(true), () -> {
                        try {
                            q.putNowait(item);
                            return true;
                        } catch (QueueShutDown e) {
                            return false;
                        }
                    });
                    assertEquals(0, q.qsize(), q + " round " + round + ", put " + put);
                    assertTrue(q.join().isDone(), q + " round " + round + ", put " + put);
                }
            }
            return null;
        });
    }

    // ---- async with, constructors, one type

    @Test
    @SuppressWarnings("try")
    void asyncWith_runsTheBodyHoldingThePermit_releasesAfterwardsAndOnFailure() throws Exception {
        Asyncio.run(() -> {
            Lock lock = new Lock();
            assertEquals("in", lock.asyncWith(() -> lock.locked() ? "in" : "out"));
            assertFalse(lock.locked());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> lock.asyncWith(() -> {
                        throw new IllegalArgumentException("body");
                    }));
            assertFalse(lock.locked());

            Semaphore sem = new Semaphore(1);
            assertEquals(0, (int) sem.asyncWith(sem::availablePermits));
            assertEquals(1, sem.availablePermits());
            Condition c = new Condition();
            assertTrue(c.asyncWith(c::locked));
            assertFalse(c.locked());

            // cancelled while waiting for the permit: the body never runs, nothing is held
            await(sem.acquire());
            AtomicBoolean ran = new AtomicBoolean();
            Task<Object> waiting = createTask(() -> sem.asyncWith(() -> {
                ran.set(true);
                return null;
            }));
            Parked.untilAwaiting(waiting);
            waiting.cancel("stop");
            assertThrows(CancelledError.class, () -> await(waiting));
            assertFalse(ran.get());
            sem.release();
            assertEquals(1, sem.availablePermits());
            return null;
        });
    }

    @Test
    void constructors_haveAsyncioDefaults() {
        assertEquals(1, new Semaphore().availablePermits());
        assertEquals(3, new Semaphore(3).availablePermits());
        BoundedSemaphore bounded = new BoundedSemaphore();
        assertEquals(1, bounded.availablePermits());
        assertThrows(IllegalStateException.class, bounded::release);
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        Queue<Integer> unbounded = new Queue<>();
        assertEquals(0, unbounded.maxsize());
        for (int i = 0; i < 10_000; i++) {
            unbounded.putNowait(i);
        }
        assertFalse(unbounded.full());
        assertEquals(0, new LifoQueue<String>().maxsize());
        assertEquals(0, new PriorityQueue<String>().maxsize());
        assertEquals(5, new Queue<String>(5).maxsize());
        assertFalse(new Lock().locked());
        assertFalse(new Event().isSet());
        assertEquals(2, new Barrier(2).parties());
        assertFalse(new Condition(new Lock()).locked());
    }

    private static List<Integer> drain(Queue<Integer> q) {
        List<Integer> out = new ArrayList<>();
        while (!q.empty()) {
            out.add(q.getNowait());
        }
        return out;
    }

    @Test
    void oneQueueType_andBoundedSemaphoreIsASemaphore() {
        List<List<Integer>> drained = new ArrayList<>();
        for (Queue<Integer> q : List.of(new Queue<Integer>(), new LifoQueue<Integer>(), new PriorityQueue<Integer>())) {
            q.putNowait(2);
            q.putNowait(1);
            q.putNowait(3);
            drained.add(drain(q));
        }
        assertEquals(List.of(List.of(2, 1, 3), List.of(3, 1, 2), List.of(1, 2, 3)), drained);
        Semaphore sem = new BoundedSemaphore(1);
        assertTrue(sem.tryAcquire());
        sem.release();
        assertThrows(IllegalStateException.class, sem::release);
        assertEquals("BoundedSemaphore[value=1]", sem.toString());
        assertEquals("LifoQueue[qsize=0, maxsize=0]", new LifoQueue<Integer>().toString());
    }
}
