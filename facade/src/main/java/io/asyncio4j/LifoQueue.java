package io.asyncio4j;

import io.asyncio4j.internal.Checks;

/**
 * A last-in, first-out queue (a stack) for handing items between tasks, as Python's {@code
 * asyncio.LifoQueue}: {@code get} returns the most recently put item. It is {@link Queue} with another
 * order; everything said there holds (capacity, {@code taskDone}/{@code join}, shutdown, cancellation,
 * nulls, thread-safety). Unlike {@link java.util.Deque} used as a stack, waiting never blocks a thread.
 * The items are kept in a guarded stack and all waiting is done by kotlinx.coroutines {@code
 * Semaphore}s, the same fair machinery as {@link Semaphore}.
 *
 * <pre>{@code
 * LifoQueue<Integer> stack = LifoQueue.create();
 * stack.putNowait(1);
 * stack.putNowait(2);
 * int top = await(stack.get()); // 2
 * }</pre>
 *
 * <p><b>Fairness:</b> waiting getters and waiting putters are served first come, first served (the
 * item a getter receives is the top of the stack when it is served).
 *
 * @param <E> the item type
 */
public final class LifoQueue<E> {
    private final QueueImpl<E> impl;

    private LifoQueue(QueueImpl<E> impl) {
        this.impl = impl;
    }

    /**
     * Creates an unbounded queue, as {@code asyncio.LifoQueue()}.
     *
     * @param <E> the item type
     * @return the queue
     */
    public static <E> LifoQueue<E> create() {
        return create(0);
    }

    /**
     * Creates a queue holding at most {@code maxsize} items, as {@code asyncio.LifoQueue(maxsize)}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @param <E> the item type
     * @return the queue
     */
    public static <E> LifoQueue<E> create(int maxsize) {
        return new LifoQueue<>(new StoreQueue<>(maxsize, StoreQueue.lifo()));
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
     */
    public Task<Void> put(E item) {
        return impl.put(Checks.notNull(item, "item"));
    }

    /**
     * Removes and returns the most recently put item, waiting while the queue is empty, as asyncio's {@code await
     * queue.get()}. Cancelling the task withdraws a waiting get: the task ends with {@link
     * CancelledError} and the item it would have taken stays in the queue for the next getter.
     *
     * @return a task completing with the item; failed with {@link QueueShutDown} if the queue is shut
     *     down and empty
     */
    public Task<E> get() {
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
     * LifoQueue<String> jobs = LifoQueue.create(100);
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
    public AsyncIterable<E> asAsyncIterable() {
        return QueueStreams.source(impl);
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
    public Task<Void> putAll(AsyncIterable<? extends E> items) {
        Checks.notNull(items, "items");
        return items.forEachAsync(this::put);
    }

    /**
     * Puts an item without waiting, as asyncio's {@code put_nowait}.
     *
     * @param item the item
     * @throws NullPointerException if {@code item} is null
     * @throws QueueFull if there is no room
     * @throws QueueShutDown if the queue is shut down
     */
    public void putNowait(E item) {
        impl.putNowait(Checks.notNull(item, "item"));
    }

    /**
     * Removes and returns the most recently put item without waiting, as asyncio's {@code get_nowait}.
     *
     * @return the item
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is shut down and empty
     */
    public E getNowait() {
        return impl.getNowait();
    }

    /**
     * Marks one item taken from the queue as processed, as asyncio's {@code task_done()}; when every
     * item put has been marked, {@link #join()} completes.
     *
     * @throws IllegalStateException if called more times than items were put (asyncio's {@code
     *     ValueError}); the queue is left unchanged and usable
     */
    public void taskDone() {
        impl.taskDone();
    }

    /**
     * Waits until every item put has been marked by {@link #taskDone()}, as asyncio's {@code join()}.
     * Cancelling the task withdraws only this wait.
     *
     * @return a task completing with null when no unfinished item remains
     */
    public Task<Void> join() {
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
    public void shutdown(boolean immediate) {
        impl.shutdown(immediate);
    }

    /** Shuts the queue down without dropping its items: {@code shutdown(false)}. */
    public void shutdown() {
        impl.shutdown(false);
    }

    /**
     * The number of items in the queue, as asyncio's {@code qsize()}.
     *
     * @return the number of items right now
     */
    public int qsize() {
        return impl.qsize();
    }

    /**
     * Whether the queue is empty, as asyncio's {@code empty()}.
     *
     * @return true if {@link #qsize()} is 0
     */
    public boolean empty() {
        return impl.empty();
    }

    /**
     * Whether a bounded queue is full, as asyncio's {@code full()}; an unbounded queue is never full.
     *
     * @return true if {@link #qsize()} has reached {@link #maxsize()}
     */
    public boolean full() {
        return impl.full();
    }

    /**
     * The capacity, as asyncio's {@code maxsize}.
     *
     * @return the capacity, 0 for an unbounded queue
     */
    public int maxsize() {
        return impl.maxsize();
    }

    /**
     * Whether {@link #shutdown(boolean)} has been called.
     *
     * @return true once shut down
     */
    public boolean isShutdown() {
        return impl.isShutdown();
    }

    @Override
    public String toString() {
        return "LifoQueue[qsize=" + qsize() + ", maxsize=" + maxsize() + (isShutdown() ? ", shut down" : "") + "]";
    }
}
