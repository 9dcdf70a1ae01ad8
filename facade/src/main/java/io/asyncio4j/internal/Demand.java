package io.asyncio4j.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The demand a subscriber has signalled so far ({@code request(n)}, summed, saturating at {@code
 * Long.MAX_VALUE}) and what it received: how far a generator feeding that subscriber may run ahead of
 * it. A generator
 * registers a listener that is run after every increase, to wake its body when it waits for demand.
 */
public final class Demand {
    private final AtomicLong requested;
    private final AtomicLong delivered = new AtomicLong();
    private volatile @Nullable Runnable onMore;

    private Demand(long initial) {
        requested = new AtomicLong(initial);
    }

    /** A demand that grows with a subscriber's requests, from zero. */
    public static Demand fromRequests() {
        return new Demand(0);
    }

    /** A consumer that takes every element ({@code toList}). */
    public static Demand unbounded() {
        return new Demand(Long.MAX_VALUE);
    }

    /** Adds {@code n} (ignored unless positive) and runs the listener. */
    public void add(long n) {
        if (n <= 0) {
            return;
        }
        requested.accumulateAndGet(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
        Runnable listener = onMore;
        if (listener != null) {
            listener.run();
        }
    }

    /** The total requested so far. */
    public long requested() {
        return requested.get();
    }

    /** Counts one element handed to the subscriber. */
    public void delivered() {
        delivered.incrementAndGet();
    }

    /**
     * What the subscriber asked for and has not received yet: a generator may hold at most this many
     * elements ready (an operator between them, such as {@code filter}, may drop some, so what counts
     * is what reached the subscriber, not what the generator produced).
     */
    public long outstanding() {
        long r = requested.get();
        return r == Long.MAX_VALUE ? Long.MAX_VALUE : r - delivered.get();
    }

    /** Sets what runs after each increase (one listener: the generator fed by this demand). */
    public void onMore(Runnable listener) {
        onMore = listener;
    }
}
