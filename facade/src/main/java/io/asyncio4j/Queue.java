package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.QueueStreams;
import io.asyncio4j.internal.StoreQueue;

/**
 * A first-in, first-out queue for handing items between tasks, as Python's {@code asyncio.Queue}.
 * Unlike {@link java.util.Queue} and {@link
 * java.util.concurrent.BlockingQueue}, waiting never blocks a thread: {@link #put(Object)} and {@link
 * #get()} return {@link Task}s, and the queue also tracks unfinished work ({@link #taskDone()}, {@link
 * #join()}) and can be shut down ({@link #shutdown(boolean)}, Python 3.13).
 *
 * <pre>{@code
 * Queue<String> queue = new Queue<>(100);
 * createTask(() -> {                    // a worker
 *     while (true) {
 *         String job = await(queue.get());
 *         try { handle(job); } finally { queue.taskDone(); }
 *     }
 * });
 * for (String job : jobs) await(queue.put(job));
 * await(queue.join());                  // every job handled
 * }</pre>
 *
 * <p><b>One type for every queue:</b> {@link LifoQueue} and {@link PriorityQueue} are {@code Queue}s
 * with another order, as in asyncio, so code written against {@code Queue} accepts all three (the
 * class is sealed: they are its only subclasses).
 *
 * <p><b>Capacity:</b> {@code maxsize} ≤ 0 means unbounded. <b>Fairness:</b> waiting getters, and
 * waiting putters, are served first come, first served; the {@code …Nowait} operations never jump
 * ahead of a waiting task. <b>Cancellation:</b> cancelling a waiting {@code get} or {@code put} withdraws
 * it inside {@code cancel()}, as asyncio cancels the waiter's future: {@code cancel()} returns true
 * only if the operation ends cancelled having taken nothing (the item stays in the queue, in its
 * place, for the next getter; a put's item was not added), and false once the get took its item or
 * the put stored it. A task parked in {@code await(q.get())} (or {@code put}) that is cancelled after the
 * item was handed to it but before it resumed gets {@link CancelledError} at that {@code await}, and the
 * item goes back to the head of the queue (a put's item is taken back out, if nobody got it yet), as
 * asyncio leaves the item where it was; once the body has resumed, the item is its own. <b>Nulls</b> are refused with {@link NullPointerException}. <b>Thread-safety:</b> this
 * class is thread-safe; putting an item happens-before getting it. {@link #qsize()}, {@link #empty()}
 * and {@link #full()} are snapshots that concurrent operations may change at once.
 *
 * <p><b>Underneath:</b> the items are kept in a guarded deque and waiting is done by kotlinx.coroutines
 * {@code Semaphore}s (one counting items, one counting free room), the same fair machinery as {@link
 * Semaphore}. Not a kotlinx {@code Channel}: a channel hands the item itself to a waiting receiver,
 * and a receiver cancelled just after that hand-off could only put the item back at the tail, while
 * asyncio requires a cancelled {@code get} to leave the item where it was.
 *
 * @param <E> the item type
 */
public sealed class Queue<E> permits LifoQueue, PriorityQueue {
    private final StoreQueue<E> impl;

    /** Creates an unbounded queue, as {@code asyncio.Queue()}. */
    public Queue() {
        this(0);
    }

    /**
     * Creates a queue holding at most {@code maxsize} items, as {@code asyncio.Queue(maxsize)}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     */
    public Queue(int maxsize) {
        this(maxsize, StoreQueue.fifo());
    }

    Queue(int maxsize, StoreQueue.Store<E> store) {
        this.impl = new StoreQueue<>(maxsize, store);
    }

    /**
     * Puts an item, waiting for room if the queue is full, as asyncio's {@code await queue.put(item)}.
     * Cancelling the task withdraws a waiting put (the item is not added; the task ends with {@link
     * CancelledError}). The item counts as an unfinished task from this call on (so {@link #join()} also
     * waits for items of puts still waiting for room).
     *
     * @param item the item
     * @return a task completing with null once the item is in the queue; failed with {@link
     *     QueueShutDown} if the queue is or gets shut down before the item went in
     * @throws NullPointerException if {@code item} is null
     * @throws ClassCastException if this is a {@link PriorityQueue} without a comparator and the item is
     *     not {@link Comparable}
     */
    public final Task<Void> put(E item) {
        return impl.put(Checks.notNull(item, "item"));
    }

    /**
     * Removes and returns the next item (the oldest; the newest for a {@link LifoQueue}, the least for
     * a {@link PriorityQueue}), waiting while the queue is empty, as asyncio's {@code await
     * queue.get()}. Cancelling the task withdraws a waiting get: the task ends with {@link
     * CancelledError} and the item it would have taken stays in the queue for the next getter.
     *
     * @return a task completing with the item; failed with {@link QueueShutDown} if the queue is shut
     *     down and empty
     */
    public final Task<E> get() {
        return impl.get();
    }

    /**
     * This queue as a stream for its consumers, as {@code while True: item = await q.get(); ...;
     * q.task_done()} in a worker: each element is taken with {@link #get()} only when the consumer asks
     * for it, and {@link #taskDone()} is called for it once the consumer asks for the next one or stops
     * (so {@link #join()} waits for the consumer to handle every item). The stream ends normally when the
     * queue is shut down and empty. Each consumption is one more consumer; several may drain one queue.
     *
     * <pre>{@code
     * Queue<String> jobs = new Queue<>(100);
     * Task<Void> worker = jobs.asAsyncIterable().forEachAsync(job -> handle(job));
     * await(jobs.putAll(AsyncIterable.of("a", "b", "c")));
     * await(jobs.join());   // every job handled
     * jobs.shutdown();      // the worker's stream ends
     * }</pre>
     *
     * <p>Cancelling the consumer while it waits for an element withdraws its {@code get} (the item stays
     * in the queue); an element the consumer was handling when cancelled is still marked done.
     *
     * @return the queue's items as they are taken
     */
    public final AsyncIterable<E> asAsyncIterable() {
        return QueueStreams.source(this);
    }

    /**
     * Puts every element of {@code items} into this queue in order, waiting for room as {@link
     * #put(Object)} does (the queue's bound is the stream's back-pressure). It does not shut the queue
     * down at the end.
     *
     * @param items the elements to put
     * @return a task completing when the last element is in the queue; failing with the stream's failure
     *     or with {@link QueueShutDown}; cancelling it withdraws the waiting put and closes the stream
     * @throws NullPointerException if {@code items} is null
     */
    public final Task<Void> putAll(AsyncIterable<? extends E> items) {
        Checks.notNull(items, "items");
        return items.forEachAsync(this::put);
    }

    /**
     * Puts an item without waiting, as asyncio's {@code put_nowait}.
     *
     * @param item the item
     * @throws NullPointerException if {@code item} is null
     * @throws ClassCastException if this is a {@link PriorityQueue} without a comparator and the item is
     *     not {@link Comparable}
     * @throws QueueFull if there is no room
     * @throws QueueShutDown if the queue is shut down
     */
    public final void putNowait(E item) {
        impl.putNowait(Checks.notNull(item, "item"));
    }

    /**
     * Removes and returns the next item without waiting, as asyncio's {@code get_nowait}.
     *
     * @return the item
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is shut down and empty
     */
    public final E getNowait() {
        return impl.getNowait();
    }

    /**
     * Marks one item taken from the queue as processed, as asyncio's {@code task_done()}; when every
     * item put has been marked, {@link #join()} completes.
     *
     * @throws IllegalStateException if called more times than items were put (asyncio's {@code
     *     ValueError}); the queue is left unchanged and usable
     */
    public final void taskDone() {
        impl.taskDone();
    }

    /**
     * Waits until every item put has been marked by {@link #taskDone()}, as asyncio's {@code join()}.
     * Cancelling the task withdraws only this wait.
     *
     * @return a task completing with null when no unfinished item remains
     */
    public final Task<Void> join() {
        return impl.join();
    }

    /**
     * Shuts the queue down as Python 3.13's {@code shutdown()}: {@code put} and {@code putNowait} fail
     * with {@link QueueShutDown} from now on, and waiting puts wake with it; {@code get} keeps returning
     * the items left and then fails with {@link QueueShutDown}, and waiting gets wake with it. Calling
     * it again does no harm.
     *
     * @param immediate also drop every queued item, counting each as done for {@link #join()}, so that
     *     waiting {@code join}s complete once nothing else is unfinished
     */
    public final void shutdown(boolean immediate) {
        impl.shutdown(immediate);
    }

    /** Shuts the queue down without dropping its items: {@code shutdown(false)}. */
    public final void shutdown() {
        impl.shutdown(false);
    }

    /**
     * The number of items in the queue, as asyncio's {@code qsize()}.
     *
     * @return the number of items right now
     */
    public final int qsize() {
        return impl.qsize();
    }

    /**
     * Whether the queue is empty, as asyncio's {@code empty()}.
     *
     * @return true if {@link #qsize()} is 0
     */
    public final boolean empty() {
        return impl.qsize() == 0;
    }

    /**
     * Whether a bounded queue is full, as asyncio's {@code full()}; an unbounded queue is never full.
     *
     * @return true if {@link #qsize()} has reached {@link #maxsize()}
     */
    public final boolean full() {
        return impl.maxsize() > 0 && impl.qsize() >= impl.maxsize();
    }

    /**
     * The capacity, as asyncio's {@code maxsize}.
     *
     * @return the capacity, 0 for an unbounded queue
     */
    public final int maxsize() {
        return impl.maxsize();
    }

    /**
     * Whether {@link #shutdown(boolean)} has been called.
     *
     * @return true once shut down
     */
    public final boolean isShutdown() {
        return impl.isShutdown();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[qsize=" + qsize() + ", maxsize=" + maxsize()
                + (isShutdown() ? ", shut down" : "") + "]";
    }
}
