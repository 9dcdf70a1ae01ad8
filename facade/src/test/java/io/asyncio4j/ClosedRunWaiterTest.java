package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A primitive shared by runs: a wait started in a run and never awaited stays queued after that run
 * closes (as its future stays pending in asyncio), and a permit or item that reaches it then goes on to
 * the next waiter or stays available. Nothing is lost to a waiter whose run is over.
 */
@Timeout(30)
class ClosedRunWaiterTest {

    @Test
    void orphanedAcquire_passesItsPermitOn_onceItsRunIsClosed() throws Exception {
        Semaphore semaphore = new Semaphore(0);
        AtomicReference<Task<Void>> orphan = new AtomicReference<>();
        Asyncio.run(() -> {
            orphan.set(semaphore.acquire()); // waits; nobody awaits it
            return null;
        });
        Asyncio.run(() -> {
            semaphore.release(); // reaches the orphan first, which passes it on
            await(semaphore.acquire());
            assertEquals(0, semaphore.availablePermits());
            semaphore.release();
            return null;
        });
        assertEquals(1, semaphore.availablePermits());
        assertTrue(orphan.get().isDone());
        assertThrows(CancelledError.class, () -> await(orphan.get()));
    }

    @Test
    void orphanedGet_leavesTheItemQueued_onceItsRunIsClosed() throws Exception {
        Queue<String> queue = new Queue<>();
        AtomicReference<Task<String>> orphan = new AtomicReference<>();
        Asyncio.run(() -> {
            orphan.set(queue.get());
            return null;
        });
        Asyncio.run(() -> {
            queue.putNowait("kept");
            assertEquals("kept", await(queue.get()));
            return null;
        });
        assertTrue(orphan.get().isDone());
        assertTrue(orphan.get().isCompletedExceptionally());
        assertEquals(0, queue.qsize());
    }

    @Test
    void orphanedPut_doesNotStoreItsItem_onceItsRunIsClosed() throws Exception {
        Queue<String> queue = new Queue<>(1);
        queue.putNowait("first");
        AtomicReference<Task<Void>> orphan = new AtomicReference<>();
        Asyncio.run(() -> {
            orphan.set(queue.put("orphan")); // waits for room; nobody awaits it
            return null;
        });
        Asyncio.run(() -> {
            assertEquals("first", queue.getNowait()); // the room reaches the orphan, which passes it on
            await(queue.put("second"));
            assertEquals("second", queue.getNowait());
            return null;
        });
        assertTrue(orphan.get().isDone());
        assertEquals(0, queue.qsize());
    }
}
