package io.asyncio4j.stress;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Barrier;
import io.asyncio4j.BoundedSemaphore;
import io.asyncio4j.BrokenBarrierError;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Condition;
import io.asyncio4j.Event;
import io.asyncio4j.Lock;
import io.asyncio4j.Outcome;
import io.asyncio4j.Permit;
import io.asyncio4j.Queue;
import io.asyncio4j.QueueEmpty;
import io.asyncio4j.Semaphore;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancellation storms over the synchronization primitives and queues: tasks waiting on a {@link Lock},
 * a {@link Semaphore}, a {@link BoundedSemaphore}, a {@link Condition}, an {@link Event}, a {@link
 * Barrier} and a bounded {@link Queue} are cancelled at random moments from several platform threads
 * while the others keep acquiring, releasing, notifying, putting and getting. Checked per batch: mutual
 * exclusion and the semaphores' limits held throughout; permits conserved (every semaphore back at its
 * value, the locks free); every item whose put succeeded delivered exactly once, to a getter or still in
 * the queue, and no item of a withdrawn put anywhere; no waiter stuck once the batch releases everyone;
 * a task never asked to cancel is never cancelled; and at the end nothing is left in {@code allTasks()}
 * and no thread is left behind.
 */
@Timeout(900)
class PrimitivesCancellationStormTest {
    private static final int BATCH = Runtime.version().feature() >= 21 ? 5_000 : 300;
    private static final int KINDS = 8;
    private static final int CANCELLERS = 3;
    private static final int SEMAPHORE = 5;
    private static final int BOUNDED = 3;

    @Test
    void primitivesStorm_everyWaitingPoint_cancelledFromSeveralThreads_invariantsHold() throws Exception {
        storm(StressSupport.size(2_000, 2_000));
    }

    @Test
    @Tag("stress")
    void primitivesStorm_hundredThousandTasks_invariantsHold() throws Exception {
        storm(StressSupport.size(20_000, 100_000));
    }

    /** The primitives of one batch, and what their users observed. */
    private static final class Shared {
        final Lock lock = new Lock();
        final Semaphore semaphore = new Semaphore(SEMAPHORE);
        final BoundedSemaphore bounded = new BoundedSemaphore(BOUNDED);
        final Condition condition = new Condition();
        final Event event = new Event();
        final Barrier barrier = new Barrier(3);
        final Queue<Integer> queue = new Queue<>(8);
        final AtomicInteger inLock = new AtomicInteger();
        final AtomicInteger inSemaphore = new AtomicInteger();
        final AtomicInteger inBounded = new AtomicInteger();
        final AtomicBoolean violated = new AtomicBoolean();
        volatile int tickets; // changed under the condition's lock
        volatile boolean closing; // changed under the condition's lock
        final Set<Integer> put = ConcurrentHashMap.newKeySet();
        final Set<Integer> got = ConcurrentHashMap.newKeySet();
        final AtomicInteger duplicates = new AtomicInteger();
    }

    private static void storm(int n) throws Exception {
        StressSupport.Baseline baseline = new StressSupport.Baseline();
        long start = System.nanoTime();
        int[] totals = new int[5]; // requests accepted, cancelled, values, broken barrier waits, items
        ExecutorService cancellers = Executors.newFixedThreadPool(CANCELLERS);
        try {
            Asyncio.run(() -> {
                SplittableRandom random = new SplittableRandom(n * 17L);
                for (int from = 0; from < n; from += BATCH) {
                    int size = Math.min(BATCH, n - from);
                    Shared s = new Shared();
                    List<Task<Integer>> tasks = new ArrayList<>(size);
                    int[] kinds = new int[size];
                    for (int i = 0; i < size; i++) {
                        int kind = random.nextInt(KINDS);
                        kinds[i] = kind;
                        long micros = random.nextLong(0, 300);
                        int item = from + i;
                        tasks.add(Asyncio.createTask(() -> {
                            work(kind, s, Duration.ofNanos(micros * 1_000), item);
                            return item;
                        }));
                    }
                    List<Integer> victims = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        if (random.nextInt(3) == 0) {
                            victims.add(i);
                        }
                    }
                    Collections.shuffle(victims, new java.util.Random(from));
                    boolean[] requested = new boolean[size];
                    for (int index : victims) {
                        requested[index] = true;
                    }
                    AtomicIntegerArray accepted = new AtomicIntegerArray(size);
                    StressSupport.joinAll(
                            StressSupport.cancelConcurrently(cancellers, CANCELLERS, tasks, victims, accepted));
                    // let the storm play out, then release every kind of waiter that could be left
                    await(Asyncio.sleep(Duration.ofMillis(5)));
                    releaseEveryone(s, tasks);
                    List<Outcome<Integer>> outcomes = await(Asyncio.gatherOutcomes(tasks));
                    for (int i = 0; i < size; i++) {
                        Outcome<Integer> outcome = outcomes.get(i);
                        if (accepted.get(i) > 0) {
                            totals[0]++;
                        }
                        if (outcome instanceof Outcome.Success) {
                            totals[2]++;
                            continue;
                        }
                        Throwable failure = outcome.exception();
                        if (failure instanceof CancelledError) {
                            assertTrue(requested[i], "cancelled without any request, kind " + kinds[i]);
                            assertTrue(accepted.get(i) > 0, "cancelled though cancel() returned false");
                            totals[1]++;
                        } else if (failure instanceof BrokenBarrierError && kinds[i] == 5) {
                            totals[3]++; // left waiting at the barrier when the batch aborted it
                        } else {
                            fail("kind " + kinds[i] + " ended with an unexpected failure", failure);
                        }
                    }
                    totals[4] += checkInvariants(s);
                }
                StressSupport.assertOnlyCurrentTaskLive();
                return null;
            });
        } finally {
            cancellers.shutdownNow();
            assertTrue(cancellers.awaitTermination(30, TimeUnit.SECONDS));
        }
        baseline.assertThreadsReturned();
        StressSupport.report(
                "PrimitivesCancellationStorm/" + n,
                "%d tasks on Lock, Semaphore, BoundedSemaphore, Condition, Event, Barrier and Queue: %d cancel"
                        + " requests accepted, %d ended cancelled, %d values, %d left at an aborted barrier,"
                        + " %d queue items each delivered once, %.1f s",
                n,
                totals[0],
                totals[1],
                totals[2],
                totals[3],
                totals[4],
                (System.nanoTime() - start) / 1e9);
        assertTrue(totals[1] > 0 && totals[2] > 0, "the storm both cancelled and completed tasks");
    }

    /** One waiting point per kind; kinds 6 and 7 are the queue's producers and consumers. */
    @SuppressWarnings("try") // permits are held for their blocks' extent
    private static void work(int kind, Shared s, Duration hold, int item) throws Exception {
        switch (kind) {
            case 0:
                try (Permit p = await(s.lock.acquirePermit())) {
                    inside(s.inLock, 1, s, hold);
                }
                break;
            case 1:
                try (Permit p = await(s.semaphore.acquirePermit())) {
                    inside(s.inSemaphore, SEMAPHORE, s, hold);
                }
                break;
            case 2:
                await(s.bounded.acquire());
                try {
                    inside(s.inBounded, BOUNDED, s, hold);
                } finally {
                    s.bounded.release();
                }
                break;
            case 3: // a consumer of tickets, waiting on the condition
                try (Permit p = await(s.condition.acquirePermit())) {
                    await(s.condition.waitFor(() -> s.tickets > 0 || s.closing));
                    if (s.tickets > 0) {
                        s.tickets--;
                    }
                }
                break;
            case 4: // a producer of a ticket, or a waiter on the event
                if (item % 2 == 0) {
                    try (Permit p = await(s.condition.acquirePermit())) {
                        s.tickets++;
                        s.condition.notify(1);
                    }
                } else {
                    await(s.event.waitFor());
                }
                break;
            case 5:
                await(s.barrier.waitFor());
                break;
            case 6:
                await(s.queue.put(item));
                s.put.add(item); // the put succeeded: the item must be delivered exactly once
                break;
            default:
                int got = await(s.queue.get());
                if (!s.got.add(got)) {
                    s.duplicates.incrementAndGet();
                }
                break;
        }
    }

    /** Inside a limited section: never more than {@code limit} holders at once. */
    private static void inside(AtomicInteger holders, int limit, Shared s, Duration hold) throws Exception {
        if (holders.incrementAndGet() > limit) {
            s.violated.set(true);
        }
        try {
            await(Asyncio.sleep(hold));
        } finally {
            holders.decrementAndGet();
        }
    }

    /**
     * Frees whatever the batch left waiting: the event's and the condition's waiters, the barrier's, and
     * the queue's producers (stuck on a full queue: an item is taken for them) and consumers (stuck on an
     * empty one: an item of their own is put), until every task of the batch has ended.
     */
    @SuppressWarnings("try")
    private static void releaseEveryone(Shared s, List<Task<Integer>> tasks) throws Exception {
        s.event.set();
        try (Permit p = await(s.condition.acquirePermit())) {
            s.closing = true;
            s.condition.notifyAllWaiters();
        }
        s.barrier.abort();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int extra = -1;
        while (!tasks.stream().allMatch(Task::isDone)) {
            assertTrue(System.nanoTime() < deadline, "waiters still stuck after 60 s");
            if (s.queue.full()) {
                try {
                    int item = s.queue.getNowait();
                    if (!s.got.add(item)) {
                        s.duplicates.incrementAndGet();
                    }
                } catch (QueueEmpty raced) {
                    // a consumer took it first
                }
            } else if (s.queue.empty()) {
                s.queue.putNowait(extra);
                s.put.add(extra--);
            }
            await(Asyncio.sleep(Duration.ofMillis(1)));
        }
    }

    private static int checkInvariants(Shared s) throws Exception {
        assertFalse(s.violated.get(), "a lock or semaphore admitted more holders than its limit");
        assertFalse(s.lock.locked(), "the lock is free once every task ended");
        assertEquals(SEMAPHORE, s.semaphore.availablePermits(), "semaphore permits conserved");
        assertEquals(BOUNDED, s.bounded.availablePermits(), "bounded semaphore permits conserved");
        assertFalse(s.condition.locked(), "the condition's lock is free");
        assertEquals(0, s.duplicates.get(), "an item was delivered twice");
        List<Integer> left = new ArrayList<>();
        while (true) {
            try {
                left.add(s.queue.getNowait());
            } catch (QueueEmpty e) {
                break;
            }
        }
        for (int item : left) {
            assertTrue(s.got.add(item), "an item both delivered and still queued: " + item);
        }
        assertEquals(s.put, s.got, "every item whose put succeeded, and only those, delivered exactly once");
        return s.got.size();
    }
}
