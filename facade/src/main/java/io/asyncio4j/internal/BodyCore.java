package io.asyncio4j.internal;

import io.asyncio4j.CancelledError;
import io.asyncio4j.Task;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A direct-style task: a {@link Callable} body run on a task thread (virtual on JDK 21+), which waits
 * in {@link #await} by parking. A cancellation request wakes the body's current wait; the body then
 * relays the request to what it was awaiting, as asyncio relays it to the task's {@code _fut_waiter},
 * and the {@link CancelledError} it sees decides, by escaping or not, how the task ends.
 *
 * @param <T> the result type
 */
public final class BodyCore<T> extends TaskCore<T> implements Runnable {
    private static final ThreadLocal<BodyCore<?>> CURRENT = new ThreadLocal<>();

    private final Callable<? extends T> body;
    private volatile @Nullable Thread thread;
    private volatile boolean mustCancel;
    private volatile @Nullable CompletableFuture<?> waitingOn;

    public BodyCore(Loop loop, @Nullable String name, Callable<? extends T> body) {
        super(loop, name, true);
        this.body = body;
    }

    /** The body task running on the calling thread, or null outside task bodies. */
    public static @Nullable BodyCore<?> current() {
        return CURRENT.get();
    }

    @Override
    public void run() {
        Thread self = Thread.currentThread();
        BodyCore<?> outer = CURRENT.get();
        CURRENT.set(this);
        thread = self;
        Object context = Contexts.enterBody(this); // contextvars and bridged thread-locals; null when unused
        try {
            if (mustCancel) {
                // cancelled before it started: the body never runs
                completeCancelled(null);
                return;
            }
            completeValue(body.call());
        } catch (Throwable failure) {
            completeFailure(failure);
        } finally {
            Contexts.exit(context);
            thread = null;
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    @Override
    protected void onCancelRequest(@Nullable String message) {
        mustCancel = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    protected void onFullyUncancelled() {
        mustCancel = false;
    }

    @Override
    public @Nullable String waitingOn() {
        CompletableFuture<?> f = waitingOn;
        return f == null ? null : Describe.future(f);
    }

    /**
     * Waits for {@code future} on the body's own thread and returns its value or throws its original
     * failure. A pending cancellation request is relayed to {@code future} if it is still pending, as
     * asyncio's task step cancels its waiter; a future that is already done returns its outcome without
     * suspending, so the request waits for the next real suspension (asyncio does not suspend on a done
     * future either). Delivering it there would lose what the done future carries, such as a permit or
     * a queue item already taken.
     */
    public <V> V await(CompletableFuture<V> future) throws Exception {
        if (thread != Thread.currentThread()) {
            throw new IllegalStateException("await must be called from the task's own body");
        }
        if (future == task()) {
            throw new IllegalStateException("a task cannot await itself: " + task());
        }
        if (!future.isDone()) {
            // a pending request is relayed to the awaited work at once, as asyncio's Task.__step
            // cancels the future it is handed while _must_cancel is set: an eager operation (a sleep's
            // timer) must not be left running after its awaiter gave up
            waitFor(future);
        }
        return Sneaky.outcome(future, cancelMessage());
    }

    private void waitFor(CompletableFuture<?> future) {
        Thread self = Thread.currentThread();
        Blocker blocker = new Blocker(future, self);
        Futures.onDone(future, blocker);
        waitingOn = future;
        try {
            while (!future.isDone()) {
                if (TaskThreads.VIRTUAL) {
                    blocker.block(); // a parked virtual thread needs no compensation
                } else {
                    try {
                        ForkJoinPool.managedBlock(blocker);
                    } catch (InterruptedException impossible) {
                        throw new AssertionError(impossible); // Blocker.block never throws it
                    }
                }
                if (mustCancel && !future.isDone()) {
                    mustCancel = false;
                    if (!relayCancel(future, cancelMessage())) {
                        if (future.isDone()) {
                            // the work completed first: keep what it carries (a permit, an item) and
                            // keep the request for the next suspension, as for an already-done future
                            mustCancel = true;
                            break;
                        }
                        throw new CancelledError(cancelMessage());
                    }
                    // the awaited work got the request; its outcome (usually CancelledError) comes next
                }
            }
        } finally {
            waitingOn = null;
            if (blocker.interrupted) {
                self.interrupt(); // cancellation never uses interrupts; keep the user's flag as it was
            }
        }
    }

    /** Passes a cancellation request on to what the body waits for, as asyncio cancels a task's waiter. */
    static boolean relayCancel(Future<?> future, @Nullable String message) {
        if (future instanceof Task) {
            return ((Task<?>) future).cancel(message);
        }
        return future.cancel(false) || future.isDone();
    }

    /** Parks the body until the future is done or a cancellation request arrives; wakes it on completion. */
    private final class Blocker extends TaskCore.Listener implements ForkJoinPool.ManagedBlocker {
        private final CompletableFuture<?> future;
        private final Thread thread;
        boolean interrupted;

        Blocker(CompletableFuture<?> future, Thread thread) {
            this.future = future;
            this.thread = thread;
        }

        @Override
        public void done(@Nullable Object value, @Nullable Throwable failure) {
            LockSupport.unpark(thread);
        }

        @Override
        public boolean block() {
            if (!isReleasable()) {
                LockSupport.park(future);
                if (Thread.interrupted()) {
                    interrupted = true; // else park would return at once, forever
                }
            }
            return isReleasable();
        }

        @Override
        public boolean isReleasable() {
            return future.isDone() || mustCancel;
        }
    }
}
