package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@SuppressWarnings("try") // try-with-resources on a Permit whose variable is unused: that is the point
class ConditionTest {
    @Test
    void badInput_andMisuse_failAtOnce() throws Exception {
        assertEquals(
                "lock must not be null",
                assertThrows(NullPointerException.class, () -> new Condition(null))
                        .getMessage());
        Condition c = new Condition();
        assertThrows(IllegalStateException.class, c::waitFor);
        assertThrows(IllegalStateException.class, () -> c.notify(1));
        assertThrows(IllegalStateException.class, c::notifyAllWaiters);
        assertThrows(NullPointerException.class, () -> c.waitFor(null));
        Asyncio.run(() -> {
            await(c.acquire());
            Task<Void> other = createTask(() -> {
                c.notify(1); // no owner, as asyncio's: the lock is held, by whoever
                return null;
            });
            await(other);
            c.release();
            return null;
        });
    }

    @Test
    void waitNotify_waiterHoldsLockAgainWhenWoken() throws Exception {
        Asyncio.run(() -> {
            Condition c = new Condition();
            AtomicBoolean heldAfterWake = new AtomicBoolean();
            Task<Void> waiter = createTask(() -> {
                try (Permit p = await(c.acquirePermit())) {
                    await(c.waitFor());
                    heldAfterWake.set(c.locked());
                }
                return null;
            });
            await(sleep(Duration.ofMillis(20)));
            try (Permit p = await(c.acquirePermit())) { // the waiter released it
                c.notify(1);
            }
            await(waiter);
            assertTrue(heldAfterWake.get());
            assertFalse(c.locked());
            return null;
        });
    }

    @Test
    void notify_wakesInOrder_andNotifyAllWakesEveryone() throws Exception {
        Asyncio.run(() -> {
            Condition c = new Condition();
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Task<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                waiters.add(createTask(() -> {
                    try (Permit p = await(c.acquirePermit())) {
                        await(c.waitFor());
                        order.add(n);
                    }
                    return null;
                }));
                await(sleep(Duration.ofMillis(5)));
            }
            try (Permit p = await(c.acquirePermit())) {
                c.notify(2);
            }
            await(Asyncio.gather(waiters.get(0), waiters.get(1)));
            assertEquals(List.of(0, 1), order);
            try (Permit p = await(c.acquirePermit())) {
                c.notifyAllWaiters();
            }
            await(Asyncio.gather(waiters));
            assertEquals(List.of(0, 1, 2, 3), order);
            return null;
        });
    }

    @Test
    void cancel_directStyleWaiter_reacquiresLockBeforeCancelledError() throws Exception {
        Asyncio.run(() -> {
            Condition c = new Condition();
            AtomicBoolean heldInCatch = new AtomicBoolean();
            Task<String> waiter = createTask(() -> {
                await(c.acquire());
                try {
                    await(c.waitFor());
                    return "woken";
                } catch (CancelledError e) {
                    heldInCatch.set(c.locked());
                    throw e;
                } finally {
                    c.release(); // must not fail: the lock is held again
                }
            });
            await(sleep(Duration.ofMillis(20)));
            // hold the lock while cancelling: the waiter cannot finish before we release
            await(c.acquire());
            waiter.cancel("stop");
            await(sleep(Duration.ofMillis(20)));
            assertFalse(waiter.isDone());
            c.release();
            assertThrows(CancelledError.class, () -> await(waiter));
            assertTrue(heldInCatch.get());
            assertFalse(c.locked());
            return null;
        });
    }

    @Test
    void cancel_futureStyleWait_completesOnlyWithLockHeld() throws Exception {
        Asyncio.run(() -> {
            Condition c = new Condition();
            Boolean[] seen = new Boolean[1];
            Task<Void> wait = c.withLock(() -> {
                Task<Void> w = c.waitFor();
                w.cancel("x");
                return w.handle((v, e) -> {
                    seen[0] = c.locked();
                    return null;
                });
            });
            await(wait);
            assertEquals(Boolean.TRUE, seen[0]);
            assertFalse(c.locked());
            return null;
        });
    }

    @Test
    void waitForPredicate_producerConsumer_everyItemOnce() throws Exception {
        runProducerConsumer(200);
    }

    @Test
    @Tag("stress")
    void stressHeavy_waitForPredicate_producerConsumer() throws Exception {
        runProducerConsumer(20_000);
    }

    private static void runProducerConsumer(int items) throws Exception {
        Asyncio.run(() -> {
            Condition c = new Condition();
            Deque<Integer> buffer = new ArrayDeque<>();
            AtomicInteger consumed = new AtomicInteger();
            List<Task<Void>> consumers = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                consumers.add(createTask(() -> {
                    while (true) {
                        try (Permit p = await(c.acquirePermit())) {
                            await(c.waitFor(() -> !buffer.isEmpty()));
                            int v = buffer.poll();
                            if (v < 0) {
                                return null;
                            }
                            consumed.incrementAndGet();
                        }
                    }
                }));
            }
            for (int i = 0; i < items; i++) {
                try (Permit p = await(c.acquirePermit())) {
                    buffer.add(i);
                    c.notify(1);
                }
            }
            try (Permit p = await(c.acquirePermit())) {
                for (int k = 0; k < 4; k++) {
                    buffer.add(-1);
                }
                c.notifyAllWaiters();
            }
            await(Asyncio.gather(consumers));
            assertEquals(items, consumed.get());
            assertFalse(c.locked());
            return null;
        });
    }
}
