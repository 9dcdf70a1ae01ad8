package io.asyncio4j.internal;

import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;

/** A loop callback waiting to run: asyncio's {@code Handle}/{@code TimerHandle} state. */
public final class ScheduledCallback implements Comparable<ScheduledCallback> {
    final double when;
    final long sequence;
    final Runnable callback;
    final @Nullable CreationSite site;
    volatile boolean cancelled;
    volatile @Nullable Job timer;

    ScheduledCallback(double when, long sequence, Runnable callback, @Nullable CreationSite site) {
        this.when = when;
        this.sequence = sequence;
        this.callback = callback;
        this.site = site;
    }

    /** The loop time it is due at. */
    public double when() {
        return when;
    }

    /** Whether it was cancelled before running. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Earlier first; equal times in the order they were scheduled. */
    @Override
    public int compareTo(ScheduledCallback other) {
        int byTime = Double.compare(when, other.when);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return "callback " + Describe.callable(callback);
    }
}
