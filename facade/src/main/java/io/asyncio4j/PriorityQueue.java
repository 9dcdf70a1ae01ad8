package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import java.util.Comparator;

/**
 * A queue that returns its least item first, as Python's {@code asyncio.PriorityQueue}, ordered by the
 * items' natural order or by a {@link Comparator}. It is {@link Queue} with another order; everything
 * said there holds (capacity, {@code taskDone}/{@code join}, shutdown, cancellation, nulls,
 * thread-safety). Unlike {@link java.util.PriorityQueue} and {@link
 * java.util.concurrent.PriorityBlockingQueue}, it can be bounded and waiting never blocks a thread.
 * Equal items come out in no particular order (as with {@code heapq}; add a sequence number to the
 * comparison for FIFO among equals). The items are kept in a guarded heap and all waiting is done by
 * kotlinx.coroutines {@code Semaphore}s, the same fair machinery as {@link Semaphore}.
 *
 * <pre>{@code
 * PriorityQueue<Job> jobs = PriorityQueue.create(0, Comparator.comparingInt(Job::priority));
 * jobs.putNowait(new Job(5, "later"));
 * jobs.putNowait(new Job(1, "first"));
 * Job next = await(jobs.get()); // priority 1
 * }</pre>
 *
 * <p><b>Fairness:</b> waiting getters and waiting putters are served first come, first served (the
 * item a getter receives is the least one when it is served).
 *
 * @param <E> the item type
 */
public final class PriorityQueue<E> {
    private final QueueImpl<E> impl;
    private final boolean natural;

    private PriorityQueue(QueueImpl<E> impl, boolean natural) {
        this.impl = impl;
        this.natural = natural;
    }

    /**
     * Creates an unbounded queue ordered by the items' natural order, as {@code
     * asyncio.PriorityQueue()}; items must be {@link Comparable}.
     *
     * @param <E> the item type
     * @return the queue
     */
    public static <E> PriorityQueue<E> create() {
        return create(0);
    }

    /**
     * Creates a queue of at most {@code maxsize} items ordered by their natural order, as {@code
     * asyncio.PriorityQueue(maxsize)}; items must be {@link Comparable}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @param <E> the item type
     * @return the queue
     */
    public static <E> PriorityQueue<E> create(int maxsize) {
        return new PriorityQueue<>(new StoreQueue<>(maxsize, StoreQueue.priority(NATURAL)), true);
    }

    /**
     * Creates a queue of at most {@code maxsize} items ordered by {@code comparator}: {@code get}
     * returns the least item.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @param comparator the order of the items
     * @param <E> the item type
     * @return the queue
     * @throws NullPointerException if {@code comparator} is null
     */
    public static <E> PriorityQueue<E> create(int maxsize, Comparator<? super E> comparator) {
        Checks.notNull(comparator, "comparator");
        return new PriorityQueue<>(new StoreQueue<>(maxsize, StoreQueue.priority(comparator)), false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<Object> NATURAL = (a, b) -> ((Comparable) a).compareTo(b);

    private static <E> E checked(E item, boolean natural) {
        Checks.notNull(item, "item");
        if (natural && !(item instanceof Comparable)) {
            throw new ClassCastException(
                    "item of " + item.getClass().getName() + " is not Comparable; create the queue with a Comparator");
        }
        return item;
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
     * @throws ClassCastException if the queue uses natural order and {@code item} is not {@link
     *     Comparable}
     */
    public Task<Void> put(E item) {
        return impl.put(checked(item, natural));
    }

    /**
     * Removes and returns the least item, waiting while the queue is empty, as asyncio's {@code await
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
     * PriorityQueue<String> jobs = PriorityQueue.create(100);
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
     * @throws ClassCastException if the queue uses natural order and {@code item} is not {@link
     *     Comparable}
     * @throws QueueFull if there is no room
     * @throws QueueShutDown if the queue is shut down
     */
    public void putNowait(E item) {
        impl.putNowait(checked(item, natural));
    }

    /**
     * Removes and returns the least item without waiting, as asyncio's {@code get_nowait}.
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
        return "PriorityQueue[qsize=" + qsize() + ", maxsize=" + maxsize() + (isShutdown() ? ", shut down" : "") + "]";
    }
}
