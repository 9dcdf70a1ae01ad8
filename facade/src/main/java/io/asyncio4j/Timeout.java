package io.asyncio4j;

import io.asyncio4j.internal.BodyCore;
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
    private @Nullable Timeout enclosing; // the scope this one is nested in, in the same task
    private boolean dueAtNextWait; // the deadline had passed when set: expires at the body's next await
    private boolean expiredOnEntry; // made with a delay of zero or less: due however the clock reads

    Timeout(Task<?> task, @Nullable Double when) {
        this(task, when, false);
    }

    Timeout(Task<?> task, @Nullable Double when, boolean expiredOnEntry) {
        this.task = task;
        this.loop = task.core().loop();
        this.when = when;
        this.expiredOnEntry = expiredOnEntry;
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
        timer = null;
        if (newWhen != null) {
            long nanos = Clock.nanosUntil(newWhen);
            if (nanos <= 0 || expiredOnEntry) {
                expiredOnEntry = false;
                BodyCore<?> self = (BodyCore<?>) task.core();
                if (self.isRunningOnCurrentThread()) {
                    // asyncio: call_soon(_on_timeout), which runs when the task next suspends: so the
                    // expiry waits for the body's next await (sleep(0) included); a body that never
                    // suspends leaves the scope unexpired, and scopes entered meanwhile count right
                    dueAtNextWait = true;
                    self.beforeSuspend = Timeout::fireDue;
                } else {
                    expire();
                }
            } else {
                timer = Timers.schedule(loop, nanos, this::expire);
            }
        }
    }

    /**
     * Whether the deadline passed, as asyncio's {@code Timeout.expired()}.
     *
     * @return true once the block's task was cancelled by this timeout
     */
    public synchronized boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * Runs, on the body's thread as it is about to suspend, the expiries of the scopes whose deadline had
     * already passed when they were set, outermost first (the order asyncio's loop runs them in).
     */
    private static void fireDue(BodyCore<?> self) {
        java.util.ArrayDeque<Timeout> chain = new java.util.ArrayDeque<>();
        for (Timeout scope = (Timeout) self.innermostTimeout; scope != null; scope = scope.enclosing) {
            chain.push(scope);
        }
        for (Timeout scope : chain) {
            scope.fireIfDue();
        }
    }

    private synchronized void fireIfDue() {
        if (dueAtNextWait) {
            dueAtNextWait = false;
            expire();
        }
    }

    private synchronized void expire() {
        if (state == State.ENTERED) {
            state = State.EXPIRING;
            timer = null;
            task.cancel((String) null);
        }
    }

    <T> T run(Body<T> body) throws Exception {
        BodyCore<?> self = (BodyCore<?>) task.core();
        enclosing = (Timeout) self.innermostTimeout;
        self.innermostTimeout = this;
        try {
            synchronized (this) {
                cancellingAtEntry = task.cancelling();
                reschedule(when);
            }
            T value;
            try {
                value = body.run(this);
            } catch (Throwable failure) {
                expireDueEnclosing(self, failure);
                Exception converted = exit(failure);
                if (converted == null) {
                    throw new AssertionError(failure);
                }
                throw converted;
            }
            exit(null);
            return value;
        } finally {
            self.innermostTimeout = enclosing;
        }
    }

    /**
     * asyncio runs every timeout callback that is due before the task resumes, so when this scope is
     * left on a cancellation, an enclosing scope whose deadline has passed too has expired already, and
     * its request is counted before this scope decides whether the cancellation is its own. Both
     * requests were delivered by the one {@link CancelledError} now unwinding the body.
     */
    private void expireDueEnclosing(BodyCore<?> self, Throwable failure) {
        if (!(failure instanceof CancellationException)) {
            return;
        }
        boolean expiredAny = false;
        for (Timeout scope = enclosing; scope != null; scope = scope.enclosing) {
            expiredAny |= scope.expireIfDue();
        }
        if (expiredAny) {
            self.takePendingCancel();
        }
    }

    private synchronized boolean expireIfDue() {
        Double deadline = when;
        if (state == State.ENTERED && deadline != null && Clock.nanosUntil(deadline) <= 0) {
            Timers.cancel(timer);
            expire();
            return true;
        }
        return false;
    }

    private synchronized @Nullable Exception exit(@Nullable Throwable failure) throws Exception {
        Timers.cancel(timer);
        timer = null;
        dueAtNextWait = false; // the body never suspended: asyncio cancels the call_soon handle
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancellingAtEntry && failure != null) {
                // no other request is pending: the cancellation is this scope's own
                if (failure instanceof CancellationException) {
                    return new TimeoutError("timeout expired", failure);
                }
                insertTimeoutError(failure);
            }
        } else if (state == State.ENTERED && failure != null && when != null && Clock.nanosUntil(when) <= 0) {
            // the deadline passed while another request (an enclosing scope's, say) was ending the body:
            // asyncio runs every due timeout callback before the task resumes, so this scope expired
            // too; its request would have been withdrawn at once, so none is made
            state = State.EXPIRED;
        } else {
            state = State.EXITED;
        }
        if (failure == null) {
            return null;
        }
        return failure instanceof Exception ? (Exception) failure : Sneaky.rethrow(failure);
    }

    /**
     * Marks an exception raised while the scope's cancellation unwound the body (by cleanup code in a
     * {@code finally}, say) as caused by the expiry, as asyncio 3.13's {@code _insert_timeout_error}: a
     * {@link TimeoutError} becomes its cause when it has none, else is added as suppressed; for a {@link
     * TaskGroupException}, also on each of its exceptions.
     */
    private static void insertTimeoutError(Throwable failure) {
        markExpired(failure);
        if (failure instanceof TaskGroupException) {
            for (Throwable each : ((TaskGroupException) failure).exceptions()) {
                if (!(each instanceof CancellationException)) {
                    markExpired(each);
                }
            }
        }
    }

    private static void markExpired(Throwable failure) {
        TimeoutError expiry = new TimeoutError(
                "timeout expired while this exception was raised",
                new CancelledError("the cancellation of the expired timeout, replaced by this exception"));
        if (failure.getCause() == null) {
            try {
                failure.initCause(expiry);
                return;
            } catch (IllegalStateException | IllegalArgumentException causeFixedAtConstruction) {
                // a constructor set the cause (even to null): fall through to suppressed
            }
        }
        failure.addSuppressed(expiry);
    }

    @Override
    public synchronized String toString() {
        return "Timeout[when=" + when + ", state=" + state.name().toLowerCase() + "]";
    }
}
