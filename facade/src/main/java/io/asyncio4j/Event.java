package io.asyncio4j;

import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.SyncSupport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An event flag tasks can wait for, as Python's {@code asyncio.Event}: {@link #set()} wakes every
 * waiter, {@link #clear()} resets the flag. There is no JDK class of this name; it plays the role of
 * a resettable {@link java.util.concurrent.CountDownLatch} of one, without blocking a thread.
 *
 * <pre>{@code
 * Event ready = new Event();
 * Task<Void> waiter = createTask(() -> { await(ready.waitFor()); return null; });
 * ready.set(); // the waiter proceeds
 * }</pre>
 *
 * <p><b>Fairness:</b> waiters are completed in the order they started waiting. <b>Cancellation:</b>
 * cancelling a wait withdraws only that waiter. <b>Thread-safety:</b> this class is thread-safe; a
 * {@code set()} happens-before the completion of the waits it ends.
 */
public final class Event {
    private boolean value; // guarded by this
    private final Set<OpCore<Void>> waiters = new LinkedHashSet<>(); // guarded by this

    /** Creates an event whose flag is not set, as {@code asyncio.Event()}. */
    public Event() {}

    /**
     * Sets the flag and completes every pending wait, as asyncio's {@code set()}. Waits started while
     * the flag is set complete at once.
     */
    public void set() {
        List<OpCore<Void>> woken;
        synchronized (this) {
            if (value) {
                return;
            }
            value = true;
            woken = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (OpCore<Void> waiter : woken) {
            waiter.completeValue(null);
        }
    }

    /** Clears the flag, as asyncio's {@code clear()}: later waits wait for the next {@link #set()}. */
    public synchronized void clear() {
        value = false;
    }

    /**
     * Whether the flag is set, as asyncio's {@code is_set()}.
     *
     * @return the flag
     */
    public synchronized boolean isSet() {
        return value;
    }

    /**
     * Waits until the flag is set: asyncio's {@code wait()} (renamed because Java's {@link
     * Object#wait()} is final). The task completes with null at once if the flag is set, else at the
     * next {@link #set()}, even if the flag has been cleared again by then. Cancelling the task
     * withdraws the wait inside {@code cancel()}; it then ends with {@link CancelledError}. {@code
     * cancel()} returns false if a {@code set()} already ended the wait.
     *
     * @return a task completing with null once the flag is set
     */
    public Task<Void> waitFor() {
        OpCore<Void> core;
        synchronized (this) {
            if (value) {
                return SyncSupport.done(null);
            }
            core = OpCore.create();
            core.undoWith(OpCore.Undo.NOTHING); // cancelled after set() but before resuming: CancelledError
            waiters.add(core);
        }
        core.onWithdraw(message -> {
            synchronized (this) {
                if (!waiters.remove(core)) {
                    return false; // set() took it first: it completes normally
                }
            }
            core.completeCancelled(null);
            return true;
        });
        return core.task();
    }

    @Override
    public synchronized String toString() {
        return "Event[" + (value ? "set" : "unset") + ", waiters=" + waiters.size() + "]";
    }
}
