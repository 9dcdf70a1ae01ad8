package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.StoreQueue;
import java.util.Comparator;

/**
 * A queue that returns its least item first, as Python's {@code asyncio.PriorityQueue}, and like it a
 * {@link Queue}, ordered by the items' natural order or by a {@link Comparator}; everything
 * said there holds (capacity, {@code taskDone}/{@code join}, shutdown, cancellation, nulls,
 * thread-safety). Unlike {@link java.util.PriorityQueue} and {@link
 * java.util.concurrent.PriorityBlockingQueue}, it can be bounded and waiting never blocks a thread.
 * Equal items come out in no particular order (as with {@code heapq}; add a sequence number to the
 * comparison for FIFO among equals).
 *
 * <pre>{@code
 * PriorityQueue<Job> jobs = new PriorityQueue<>(0, Comparator.comparingInt(Job::priority));
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
public final class PriorityQueue<E> extends Queue<E> {
    /**
     * Creates an unbounded queue ordered by the items' natural order, as {@code
     * asyncio.PriorityQueue()}; items must be {@link Comparable} ({@code put} refuses others with {@link
     * ClassCastException}).
     */
    public PriorityQueue() {
        this(0);
    }

    /**
     * Creates a queue of at most {@code maxsize} items ordered by their natural order, as {@code
     * asyncio.PriorityQueue(maxsize)}; items must be {@link Comparable}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     */
    public PriorityQueue(int maxsize) {
        super(maxsize, StoreQueue.priority(null));
    }

    /**
     * Creates a queue of at most {@code maxsize} items ordered by {@code comparator} (least first).
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @param comparator the order of the items
     * @throws NullPointerException if {@code comparator} is null
     */
    public PriorityQueue(int maxsize, Comparator<? super E> comparator) {
        super(maxsize, StoreQueue.priority(Checks.notNull(comparator, "comparator")));
    }
}
