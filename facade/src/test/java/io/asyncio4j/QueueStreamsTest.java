package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Queues as async sources ({@code asAsyncIterable}) and sinks ({@code putAll}). */
@Timeout(30)
class QueueStreamsTest {
    @Test
    void workerStream_handlesEveryItemInOrder_joinWaitsForIt_shutdownEndsIt() throws Exception {
        Asyncio.run(() -> {
            Queue<Integer> q = new Queue<>(2);
            List<Integer> handled = new CopyOnWriteArrayList<>();
            Task<Void> worker = q.asAsyncIterable()
                    .forEachAsync(i -> Asyncio.sleep(Duration.ofMillis(1)).thenRun(() -> handled.add(i)));
            await(q.putAll(AsyncIterable.range(0, 20)));
            await(q.join());
            assertEquals(20, handled.size()); // join returned only after the last one was handled
            assertFalse(worker.isDone());
            q.shutdown();
            await(worker); // ends normally
            assertEquals(
                    java.util.stream.IntStream.range(0, 20).boxed().collect(java.util.stream.Collectors.toList()),
                    handled);
            return null;
        });
    }

    @Test
    void earlyExit_takesOnlyWhatItUses_restStaysQueued() throws Exception {
        Asyncio.run(() -> {
            Queue<String> q = new Queue<>();
            q.putNowait("a");
            q.putNowait("b");
            q.putNowait("c");
            assertEquals(List.of("a", "b"), await(q.asAsyncIterable().take(2).toList()));
            assertEquals(1, q.qsize());
            Task<Void> joined = q.join();
            assertFalse(joined.isDone()); // "c" is not done yet; "a" and "b" are
            assertEquals("c", q.getNowait());
            q.taskDone();
            await(joined);
            return null;
        });
    }

    @Test
    void cancelledConsumerWaitingOnEmptyQueue_losesNoItem() throws Exception {
        Asyncio.run(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Integer> first = q.asAsyncIterable().first();
            Task<?> main = Asyncio.currentTask();
            // the generator's task is parked in its get()
            org.awaitility.Awaitility.await()
                    .pollInSameThread() // allTasks() lists the running loop's tasks: ask from inside it
                    .until(() -> Asyncio.allTasks().stream().anyMatch(t -> t != main && t.waitingOn() != null));
            first.cancel("stop");
            assertThrows(CancelledError.class, () -> await(first));
            q.putNowait(7);
            assertEquals(7, q.getNowait());
            return null;
        });
    }

    @Test
    void putAll_boundedQueue_waitsForRoom_andCancelWithdrawsTheWaitingPut() throws Exception {
        Asyncio.run(() -> {
            LifoQueue<Integer> q = new LifoQueue<>(2);
            Task<Void> feeding = q.putAll(AsyncIterable.range(0, 5));
            org.awaitility.Awaitility.await().until(q::full);
            assertFalse(feeding.isDone());
            feeding.cancel("enough");
            assertThrows(CancelledError.class, () -> await(feeding));
            assertEquals(2, q.qsize()); // the third put was withdrawn
            assertEquals(1, q.getNowait());
            assertEquals(0, q.getNowait());
            return null;
        });
    }

    @Test
    void priorityQueueStream_drainsInPriorityOrder_thenEndsOnShutdown() throws Exception {
        Asyncio.run(() -> {
            PriorityQueue<Integer> q = new PriorityQueue<>();
            await(q.putAll(AsyncIterable.of(3, 1, 2)));
            q.shutdown();
            assertEquals(List.of(1, 2, 3), await(q.asAsyncIterable().toList()));
            assertTrue(q.join().isDone());
            return null;
        });
    }

    @Test
    void badInput_nullStream_failsAtOnce() {
        assertEquals(
                "items must not be null",
                assertThrows(NullPointerException.class, () -> new Queue<>().putAll(null))
                        .getMessage());
    }
}
