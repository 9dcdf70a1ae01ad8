package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.Clock;
import io.asyncio4j.internal.Loop;
import io.asyncio4j.internal.Sneaky;
import io.asyncio4j.internal.Timers;
import java.util.concurrent.CancellationException;
import kotlinx.coroutines.DisposableHandle;
import org.jspecify.annotations.Nullable;

/**
 * The handle of a running {@link Asyncio#timeout(Duration, Body)} block, asyncio's {@code
 * asyncio.Timeout}: read or move its deadline, and ask whether it expired.
 *
 * <pre>{@code
 * Asyncio.timeout(Duration.ofSeconds(1), t -> {
 *   await(firstStep());
 *   t.reschedule(t.when() + 5);      // the second step may take longer
 *   return await(secondStep());
 * });
 * }</pre>
 *
 * <p>This class is thread-safe; the deadline is on the loop clock ({@link EventLoop#time()}).
 */
public final class Timeout {
    /**
     * The body of a timeout block: direct-style code run in the current task.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs the body.
         *
         * @param timeout the block's handle
         * @return the body's value
         * @throws Exception anything; a cancellation caused by the deadline becomes {@link TimeoutError}
         */
        T run(Timeout timeout) throws Exception;
    }

    private enum State {
        ENTERED,
        EXPIRING,
        EXPIRED,
        EXITED
    }

    private final Task<?> task;
    private final Loop loop;
    private @Nullable Double when;
    private State state = State.ENTERED;
    private int cancellingAtEntry;
    private @Nullable DisposableHandle timer;

    Timeout(Task<?> task, @Nullable Double when) {
        this.task = task;
        this.loop = task.core().loop();
        this.when = when;
    }

    /**
     * The deadline in loop-clock seconds, as asyncio's {@code Timeout.when()}.
     *
     * @return the deadline, or null when the block has none
     */
    public synchronized @Nullable Double when() {
        return when;
    }

    /**
     * Moves the deadline, as asyncio's {@code Timeout.reschedule(when)}; a deadline in the past expires
     * the block at once.
     *
     * @param newWhen the new deadline in loop-clock seconds, or null for none
     * @throws IllegalStateException if the block is expiring, expired or exited
     */
    public synchronized void reschedule(@Nullable Double newWhen) {
        if (state != State.ENTERED) {
            throw new IllegalStateException(
                    "Cannot change state of " + state.name().toLowerCase() + " Timeout");
        }
        Checks.argument(newWhen == null || !newWhen.isNaN(), "when must be a number");
        when = newWhen;
        Timers.cancel(timer);
        timer = newWhen == null ? null : Timers.schedule(loop, Clock.nanosUntil(newWhen), this::expire);
    }

    /**
     * Whether the deadline passed, as asyncio's {@code Timeout.expired()}.
     *
     * @return true once the block's task was cancelled by this timeout
     */
    public synchronized boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    private synchronized void expire() {
        if (state == State.ENTERED) {
            state = State.EXPIRING;
            timer = null;
            task.cancel((String) null);
        }
    }

    <T> T run(Body<T> body) throws Exception {
        synchronized (this) {
            cancellingAtEntry = task.cancelling();
            reschedule(when);
        }
        T value;
        try {
            value = body.run(this);
        } catch (Throwable failure) {
            Exception converted = exit(failure);
            if (converted == null) {
                throw new AssertionError(failure);
            }
            throw converted;
        }
        exit(null);
        return value;
    }

    private synchronized @Nullable Exception exit(@Nullable Throwable failure) throws Exception {
        Timers.cancel(timer);
        timer = null;
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancellingAtEntry && failure instanceof CancellationException) {
                return new TimeoutError("timeout expired", failure);
            }
        } else {
            state = State.EXITED;
        }
        if (failure == null) {
            return null;
        }
        return failure instanceof Exception ? (Exception) failure : Sneaky.rethrow(failure);
    }

    @Override
    public synchronized String toString() {
        return "Timeout[when=" + when + ", state=" + state.name().toLowerCase() + "]";
    }
}
