package io.asyncio4j;

import io.asyncio4j.internal.StoreQueue;

/**
 * A last-in, first-out queue (a stack) for handing items between tasks, as Python's {@code
 * asyncio.LifoQueue}, and like it a {@link Queue}: {@code get} returns the most recently put item.
 * Everything said of {@link Queue} holds (capacity, {@code taskDone}/{@code join}, shutdown,
 * cancellation, nulls, thread-safety). Unlike {@link java.util.Deque} used as a stack, waiting never
 * blocks a thread.
 *
 * <pre>{@code
 * LifoQueue<Integer> stack = new LifoQueue<>();
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
public final class LifoQueue<E> extends Queue<E> {
    /** Creates an unbounded queue, as {@code asyncio.LifoQueue()}. */
    public LifoQueue() {
        this(0);
    }

    /**
     * Creates a queue holding at most {@code maxsize} items, as {@code asyncio.LifoQueue(maxsize)}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     */
    public LifoQueue(int maxsize) {
        super(maxsize, StoreQueue.lifo());
    }
}
