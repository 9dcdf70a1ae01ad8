package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.Sneaky;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A condition variable for tasks, as Python's {@code asyncio.Condition}: tasks holding its {@link Lock}
 * wait for a notification, releasing the lock while they wait and holding it again when the wait ends.
 * Unlike {@link java.util.concurrent.locks.Condition}, waiting never blocks a thread: {@link #waitFor()}
 * returns a {@link Task}.
 *
 * <pre>{@code
 * Condition ready = Condition.create();
 * // consumer, in a task body
 * try (Permit held = await(ready.acquirePermit())) {
 *     await(ready.waitFor(() -> !items.isEmpty()));
 *     take(items);
 * }
 * // producer
 * try (Permit held = await(ready.acquirePermit())) {
 *     items.add(x);
 *     ready.notify(1);
 * }
 * }</pre>
 *
 * <p><b>Lock re-acquired:</b> a wait completes, normally or cancelled, only once its task holds the lock
 * again (asyncio delivers the cancellation after re-acquiring too), so the waiter's {@code finally} or
 * try-with-resources always releases a lock it holds. <b>Fairness:</b> waiters are notified in the
 * order they started waiting, and re-acquire the lock first come, first served. <b>Reentrancy and
 * owner:</b> as {@link Lock}. <b>Spurious wake-ups</b> do not happen, but use {@link
 * #waitFor(BooleanSupplier)} or re-check the state as with any condition variable. <b>Thread-safety:</b>
 * this class is thread-safe.
 */
public final class Condition {
    private final Lock lock;
    private final Deque<CompletableFuture<Void>> waiters = new ArrayDeque<>(); // guarded by this

    private Condition(Lock lock) {
        this.lock = lock;
    }

    /**
     * Creates a condition with its own new lock, as {@code asyncio.Condition()}.
     *
     * @return the condition
     */
    public static Condition create() {
        return new Condition(Lock.create());
    }

    /**
     * Creates a condition over an existing lock, as {@code asyncio.Condition(lock)}.
     *
     * @param lock the lock shared with other code
     * @return the condition
     * @throws NullPointerException if {@code lock} is null
     */
    public static Condition create(Lock lock) {
        return new Condition(Checks.notNull(lock, "lock"));
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
     * Acquires the underlying lock as a {@link Permit} for try-with-resources, asyncio's {@code async
     * with cond}; see {@link Lock#acquirePermit()}.
     *
     * @return a task completing with the held permit
     */
    public Task<Permit> acquirePermit() {
        return lock.acquirePermit();
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
     * @throws IllegalStateException if the lock is not held, or held by another task
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
     * lock is held again. Cancelling the task withdraws the wait, and the task still re-acquires the
     * lock before it ends with {@link CancelledError}; a waiter cancelled after it was notified keeps the
     * notification and completes normally.
     *
     * @return a task completing with null when notified and holding the lock again
     * @throws IllegalStateException if the lock is not held, or held by another task (asyncio's {@code
     *     RuntimeError})
     */
    public Task<Void> waitFor() {
        Lock.Owner held = checkHeld("wait");
        CompletableFuture<Void> notified = new CompletableFuture<>();
        synchronized (this) {
            waiters.addLast(notified);
        }
        if (!lock.releaseFor(held)) {
            synchronized (this) {
                waiters.remove(notified);
            }
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        OpCore<Void> core = OpCore.create();
        // re-acquire as the same owner: a Permit taken before the wait releases the lock after it
        notified.whenComplete((v, cancelled) -> lock.acquireAs(held, owner -> null)
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        core.completeFailure(Sneaky.unwrap(failure)); // the loop ended before the lock came back
                    } else if (cancelled != null) {
                        core.completeCancelled(null);
                    } else {
                        core.completeValue(null);
                    }
                }));
        core.onCancel(message -> {
            if (notified.cancel(false)) {
                synchronized (this) {
                    waiters.remove(notified);
                }
            }
        });
        return core.task();
    }

    /**
     * Waits until {@code predicate} is true, as asyncio's {@code wait_for(predicate)}: checks it, and
     * while it is false waits for a notification ({@link #waitFor()}) and checks again, always with the
     * lock held. The task completes with null once the predicate is true and the lock is held.
     * Cancelling the task cancels the current wait, which re-acquires the lock before the task ends
     * with {@link CancelledError}. An exception from the predicate fails the task (the lock is then
     * held).
     *
     * @param predicate the state to wait for; called with the lock held, on the thread that re-acquired
     * @return a task completing with null once {@code predicate} is true
     * @throws NullPointerException if {@code predicate} is null
     * @throws IllegalStateException if the lock is not held, or held by another task
     */
    public Task<Void> waitFor(BooleanSupplier predicate) {
        Checks.notNull(predicate, "predicate");
        checkHeld("wait");
        if (predicate.getAsBoolean()) {
            return SyncSupport.done(null);
        }
        OpCore<Void> core = OpCore.create();
        AtomicReference<@Nullable Task<Void>> current = new AtomicReference<>();
        core.onCancel(message -> {
            Task<Void> wait = current.get();
            if (wait != null) {
                wait.cancel(message);
            }
        });
        waitLoop(predicate, core, current);
        return core.task();
    }

    private void waitLoop(BooleanSupplier predicate, OpCore<Void> core, AtomicReference<@Nullable Task<Void>> current) {
        Task<Void> wait;
        try {
            wait = waitFor();
        } catch (RuntimeException e) {
            core.completeFailure(e);
            return;
        }
        current.set(wait);
        if (core.cancelling() > 0) {
            wait.cancel(core.cancelMessage());
        }
        wait.whenComplete((v, failure) -> {
            if (failure != null) {
                core.completeFailure(Sneaky.unwrap(failure));
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
            } else if (core.cancelling() > 0) {
                core.completeCancelled(null);
            } else {
                waitLoop(predicate, core, current);
            }
        });
    }

    /**
     * Wakes up to {@code n} waiting tasks, longest waiting first, as asyncio's {@code notify(n)}. They
     * proceed once they re-acquire the lock, after the caller releases it.
     *
     * @param n the most waiters to wake; zero or less wakes none
     * @throws IllegalStateException if the lock is not held, or held by another task (asyncio's {@code
     *     RuntimeError})
     */
    public void notify(int n) {
        checkHeld("notify");
        int woken = 0;
        while (woken < n) {
            CompletableFuture<Void> waiter;
            synchronized (this) {
                waiter = waiters.pollFirst();
            }
            if (waiter == null) {
                return;
            }
            if (waiter.complete(null)) {
                woken++;
            }
        }
    }

    /**
     * Wakes every waiting task, as asyncio's {@code notify_all()} (renamed because Java's {@link
     * Object#notifyAll()} is final).
     *
     * @throws IllegalStateException if the lock is not held, or held by another task
     */
    public void notifyAllWaiters() {
        notify(Integer.MAX_VALUE);
    }

    private Lock.Owner checkHeld(String what) {
        Lock.Owner held = lock.holder();
        if (held == null) {
            throw new IllegalStateException("cannot " + what + " on un-acquired lock");
        }
        Task<?> me = Asyncio.currentTask();
        if (me != null && held.task != null && held.task != me) {
            throw new IllegalStateException("cannot " + what + ": the lock is held by task " + held.task.getName()
                    + ", not by " + me.getName());
        }
        return held;
    }

    @Override
    public synchronized String toString() {
        return "Condition[" + lock + ", waiters=" + waiters.size() + "]";
    }
}
