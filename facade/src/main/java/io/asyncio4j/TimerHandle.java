package io.asyncio4j;

import io.asyncio4j.internal.Loop;
import io.asyncio4j.internal.ScheduledCallback;

/**
 * A callback scheduled on an {@link EventLoop} by {@link EventLoop#callSoon}, {@link
 * EventLoop#callLater} or {@link EventLoop#callAt}: asyncio's {@code Handle} and {@code TimerHandle}.
 * Cancel it to keep it from running.
 *
 * <pre>{@code
 * TimerHandle h = loop.callLater(Duration.ofSeconds(5), () -> System.out.println("late"));
 * h.cancel();          // never prints
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class TimerHandle {
    private final Loop loop;
    private final ScheduledCallback callback;

    TimerHandle(Loop loop, ScheduledCallback callback) {
        this.loop = loop;
        this.callback = callback;
    }

    /**
     * Cancels the callback, as asyncio's {@code Handle.cancel()}: if it has not started, it never runs.
     * Because callbacks run on their own thread, a {@code callSoon} callback may already be running
     * when {@code cancel} is called from a task; cancelling a callback that started or ran, or
     * cancelling twice, does nothing.
     */
    public void cancel() {
        loop.cancel(callback);
    }

    /**
     * Whether {@link #cancel()} was called, as asyncio's {@code Handle.cancelled()}.
     *
     * @return true once cancelled
     */
    public boolean cancelled() {
        return callback.cancelled();
    }

    /**
     * The loop time the callback is due at, as asyncio's {@code TimerHandle.when()}; for {@code
     * callSoon}, the time it was scheduled.
     *
     * @return seconds on the loop clock ({@link EventLoop#time()})
     */
    public double when() {
        return callback.when();
    }

    @Override
    public String toString() {
        return "TimerHandle[" + callback + (cancelled() ? ", cancelled" : "") + "]";
    }
}
