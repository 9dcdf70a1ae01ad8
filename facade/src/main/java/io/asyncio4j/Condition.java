package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.Sneaky;
import io.asyncio4j.internal.SyncSupport;
import io.asyncio4j.internal.TaskCore;
import io.asyncio4j.internal.Waiter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A condition variable for tasks, as Python's {@code asyncio.Condition}: tasks holding its {@link Lock}
 * wait for a notification, releasing the lock while they wait and holding it again when the wait ends.
 * Unlike {@link java.util.concurrent.locks.Condition}, waiting never blocks a thread: {@link #waitFor()}
 * returns a {@link Task}.
 *
 * <pre>{@code
 * Condition ready = new Condition();
 * // consumer, in a task body
 * String item = ready.asyncWith(() -> {
 *     await(ready.waitFor(() -> !items.isEmpty()));
 *     return items.remove();
 * });
 * // producer
 * ready.asyncWith(() -> {
 *     items.add(x);
 *     ready.notify(1);
 *     return null;
 * });
 * }</pre>
 *
 * <p><b>Lock re-acquired:</b> a wait completes, normally or cancelled, only once its task holds the lock
 * again (asyncio delivers the cancellation after re-acquiring too), so the waiter's {@code finally} or
 * {@code asyncWith} always releases a lock it holds; the one exception is a loop that is closing,
 * where a cancelled waiter gives up the re-acquire so that {@code Asyncio.run} always ends.
 * <b>Cancellation:</b> as in asyncio 3.13, a waiter cancelled after it was notified still re-acquires
 * the lock, ends with {@link CancelledError} (the request's message), and passes the notification on
 * to the next waiter, so no wake-up is lost. <b>Fairness:</b> waiters are notified in the order they
 * started waiting, and re-acquire the lock first come, first served. <b>Reentrancy and owner:</b> as
 * {@link Lock}: none. <b>Spurious wake-ups</b> do not happen, but use {@link
 * #waitFor(BooleanSupplier)} or re-check the state as with any condition variable. <b>Thread-safety:</b>
 * this class is thread-safe.
 */
public final class Condition {
    private final Lock lock;
    private final Deque<Wait> waiters = new ArrayDeque<>(); // guarded by this

    /** Creates a condition with its own new lock, as {@code asyncio.Condition()}. */
    public Condition() {
        this.lock = new Lock();
    }

    /**
     * Creates a condition over an existing lock, as {@code asyncio.Condition(lock)}.
     *
     * @param lock the lock shared with other code
     * @throws NullPointerException if {@code lock} is null
     */
    public Condition(Lock lock) {
        this.lock = Checks.notNull(lock, "lock");
    }

    /**
     * The underlying lock.
     *
     * @return the lock
     */
    public Lock lock() {
        return lock;
    }

    /**
     * Acquires the underlying lock, as asyncio's {@code await cond.acquire()}; see {@link
     * Lock#acquire()}.
     *
     * @return a task completing with null when the lock is held
     */
    public Task<Void> acquire() {
        return lock.acquire();
    }

    /**
     * Acquires the underlying lock as a {@link Permit} for try-with-resources; see {@link
     * Lock#acquirePermit()}.
     *
     * @return a task completing with the held permit
     */
    public Task<Permit> acquirePermit() {
        return lock.acquirePermit();
    }

    /**
     * Runs {@code body} in the calling task while holding the underlying lock, as {@code async with
     * cond:} in direct style; see {@link Lock#asyncWith(Callable)}.
     *
     * @param body what to run while holding the lock, in the calling task
     * @param <T> the result type
     * @return the body's value
     * @throws Exception what the body throws, or {@link CancelledError} if cancelled while waiting
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException if not called in a task body (direct style)
     */
    public <T> T asyncWith(Callable<? extends T> body) throws Exception {
        return lock.asyncWith(body);
    }

    /**
     * Runs {@code body} while holding the underlying lock; see {@link Lock#withLock(Callable)}.
     *
     * @param body returns the stage to hold the lock for
     * @param <T> the result type
     * @return a task completing with the body's result
     * @throws NullPointerException if {@code body} is null
     */
    public <T> Task<T> withLock(Callable<? extends CompletionStage<T>> body) {
        return lock.withLock(body);
    }

    /**
     * Releases the underlying lock; see {@link Lock#release()}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void release() {
        lock.release();
    }

    /**
     * Whether the underlying lock is held, as asyncio's {@code locked()}.
     *
     * @return true if the lock is held
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Releases the lock, waits until notified, and re-acquires the lock: asyncio's {@code wait()}
     * (renamed because Java's {@link Object#wait()} is final). The task completes with null once the
     * lock is held again.
     *
     * <p>Cancelling the task withdraws the wait inside {@code cancel()} (a later {@code notify} goes to
     * another waiter), and the task still re-acquires the lock before it ends with {@link
     * CancelledError}; a waiter cancelled after it was notified also re-acquires the lock, ends with
     * {@code CancelledError}, and passes its notification on to the next waiter. {@code cancel()}
     * returns false only once the lock is held again and the task is about to complete normally. While
     * the loop is closing, a cancelled waiter gives up the re-acquire and ends at once without the
     * lock.
     *
     * @return a task completing with null when notified and holding the lock again
     * @throws IllegalStateException if the lock is not held (asyncio's {@code RuntimeError})
     */
    public Task<Void> waitFor() {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        Wait wait = new Wait(OpCore.create());
        synchronized (this) {
            waiters.addLast(wait); // before the release: a notify made right after it sees this waiter
        }
        try {
            lock.release();
        } catch (IllegalStateException unlocked) {
            synchronized (this) {
                waiters.remove(wait);
            }
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        wait.core.onWithdraw(wait);
        return wait.core.task();
    }

    /**
     * Waits until {@code predicate} is true, as asyncio's {@code wait_for(predicate)}: checks it first
     * and returns at once when it holds (the lock is not required then, as in CPython); while it is
     * false, waits for a notification ({@link #waitFor()}) and checks again with the lock held. The task
     * completes with null once the predicate is true and the lock is held.
     *
     * <p>Like asyncio's {@code wait_for}, this is a compound operation that behaves as a task:
     * cancelling it while it is pending is always accepted; the current wait is withdrawn, and the task
     * ends with {@link CancelledError} holding the lock (a notification it consumed is passed on). An
     * exception from the predicate fails the task (the lock is then held).
     *
     * @param predicate the state to wait for; after the first check, called with the lock held, on the
     *     thread that re-acquired it
     * @return a task completing with null once {@code predicate} is true
     * @throws NullPointerException if {@code predicate} is null
     * @throws IllegalStateException if the predicate is false and the lock is not held
     */
    public Task<Void> waitFor(BooleanSupplier predicate) {
        Checks.notNull(predicate, "predicate");
        if (predicate.getAsBoolean()) {
            return SyncSupport.done(null);
        }
        Task<Void> first = waitFor();
        PredicateWait loop = new PredicateWait(OpCore.create(), predicate);
        loop.core.onCancel(loop::cancel);
        loop.next(first);
        return loop.core.task();
    }

    /**
     * Wakes up to {@code n} waiting tasks, longest waiting first, as asyncio's {@code notify(n)}. They
     * proceed once they re-acquire the lock, after the caller releases it.
     *
     * @param n the most waiters to wake; zero or less wakes none
     * @throws IllegalStateException if the lock is not held (asyncio's {@code RuntimeError})
     */
    public void notify(int n) {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        wake(n);
    }

    /**
     * Wakes every waiting task, as asyncio's {@code notify_all()} (renamed because Java's {@link
     * Object#notifyAll()} is final).
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void notifyAllWaiters() {
        notify(Integer.MAX_VALUE);
    }

    private void wake(int n) {
        List<Wait> woken = new ArrayList<>();
        synchronized (this) {
            while (woken.size() < n && !waiters.isEmpty()) {
                Wait wait = waiters.pollFirst();
                wait.notified = true;
                wait.state = Wait.RELOCKING;
                woken.add(wait);
            }
        }
        for (Wait wait : woken) {
            wait.relock();
        }
    }

    @Override
    public synchronized String toString() {
        return "Condition[" + lock + ", waiters=" + waiters.size() + "]";
    }

    /**
     * One {@code wait()}: queued for a notification, then re-acquiring the lock, then holding it. Its
     * state changes under the condition's monitor, so a notification and a withdrawal never both win.
     */
    private final class Wait implements OpCore.Withdraw, Runnable {
        static final int QUEUED = 0;
        static final int RELOCKING = 1;
        static final int HELD = 2;
        static final int ABANDONED = 3;

        final OpCore<Void> core;
        int state = QUEUED; // guarded by Condition.this
        boolean notified; // guarded by Condition.this
        boolean cancelled; // guarded by Condition.this
        private @Nullable Waiter relock; // guarded by Condition.this

        Wait(OpCore<Void> core) {
            this.core = core;
        }

        /** Starts re-acquiring the lock; called once, after the state became RELOCKING. */
        void relock() {
            Waiter waiter = lock.impl().waiter(core.loop(), this::relocked, this::abandon);
            synchronized (Condition.this) {
                relock = waiter;
            }
            lock.impl().start(waiter);
        }

        /** The lock is held again: inline in the releasing thread, so the task completes on the executor. */
        private void relocked() {
            boolean passOn;
            synchronized (Condition.this) {
                state = HELD;
                passOn = cancelled && notified;
            }
            if (passOn) {
                wake(1); // asyncio 3.13: a cancelled waiter must not swallow its notification
            }
            core.loop().executor().execute(this);
        }

        @Override
        public void run() {
            boolean wasCancelled;
            synchronized (Condition.this) {
                wasCancelled = cancelled;
            }
            if (wasCancelled) {
                core.completeCancelled(null);
            } else {
                core.completeValue(null);
            }
        }

        /** Ends the wait without the lock: the loop is closing, or ended. */
        private void abandon() {
            synchronized (Condition.this) {
                state = ABANDONED;
            }
            core.completeCancelled(null);
        }

        @Override
        public boolean withdraw(@Nullable String message) {
            boolean startRelock = false;
            boolean abandoned = false;
            Waiter pending = null;
            boolean closing = core.loop().closing();
            synchronized (Condition.this) {
                switch (state) {
                    case HELD:
                        return false; // the lock is back and the value on its way: the request stays pending
                    case ABANDONED:
                        return true;
                    case QUEUED:
                        waiters.remove(this);
                        cancelled = true;
                        if (closing) {
                            state = ABANDONED;
                            abandoned = true;
                        } else {
                            state = RELOCKING;
                            startRelock = true;
                        }
                        break;
                    default: // RELOCKING
                        cancelled = true;
                        pending = closing ? relock : null;
                        break;
                }
            }
            if (startRelock) {
                relock();
            } else if (abandoned) {
                core.completeCancelled(null);
            } else if (pending != null && pending.withdraw()) {
                abandon(); // the loop is closing: give up the lock, which may never come back
            }
            // from here the wait ends cancelled: relocked() sees the flag set above
            return true;
        }
    }

    /** {@code wait_for(predicate)}: a loop of waits, cancelled as a task. */
    private final class PredicateWait extends TaskCore.Listener {
        final OpCore<Void> core;
        private final BooleanSupplier predicate;
        private @Nullable Task<Void> current; // guarded by this
        private boolean cancelled; // guarded by this

        PredicateWait(OpCore<Void> core, BooleanSupplier predicate) {
            this.core = core;
            this.predicate = predicate;
        }

        void next(Task<Void> wait) {
            boolean relay;
            synchronized (this) {
                current = wait;
                relay = cancelled;
            }
            if (relay) {
                wait.cancel(core.cancelMessage());
            }
            TaskCore.of(wait).listen(this);
        }

        void cancel(@Nullable String message) {
            Task<Void> wait;
            synchronized (this) {
                cancelled = true;
                wait = current;
            }
            if (wait != null) {
                wait.cancel(message);
            }
        }

        @Override
        public void done(@Nullable Object value, @Nullable Throwable failure) {
            if (failure != null) {
                core.completeFailure(Sneaky.asCancelledError(Sneaky.unwrap(failure), core.cancelMessage()));
                return;
            }
            boolean wasCancelled;
            synchronized (this) {
                wasCancelled = cancelled;
            }
            if (wasCancelled) {
                wake(1); // the wait consumed a notification this loop will not act on: pass it on
                core.completeCancelled(null);
                return;
            }
            boolean ok;
            try {
                ok = predicate.getAsBoolean();
            } catch (Throwable t) {
                core.completeFailure(t);
                return;
            }
            if (ok) {
                core.completeValue(null);
                return;
            }
            Task<Void> wait;
            try {
                wait = waitFor();
            } catch (RuntimeException e) {
                core.completeFailure(e);
                return;
            }
            next(wait);
        }
    }
}
