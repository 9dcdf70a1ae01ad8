package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.Sync;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.sync.Mutex;
import kotlinx.coroutines.sync.MutexKt;
import org.jspecify.annotations.Nullable;

/**
 * A mutual-exclusion lock for tasks, as Python's {@code asyncio.Lock}, backed by a kotlinx.coroutines
 * {@code Mutex}. Unlike {@link java.util.concurrent.locks.ReentrantLock} (or any {@link
 * java.util.concurrent.locks.Lock}), acquiring never blocks a thread: {@link #acquire()} returns a
 * {@link Task} that completes once the lock is held.
 *
 * <pre>{@code
 * Lock lock = Lock.create();
 * // direct style, in a task body (asyncio: async with lock: ...)
 * try (Permit held = await(lock.acquirePermit())) {
 *     balance += amount;
 * }
 * // future style
 * Task<Integer> t = lock.withLock(() -> updateAsync());
 * }</pre>
 *
 * <p><b>Owner.</b> A lock acquired by code running in a task body (direct style, or a future-style
 * call made from a body) is owned by that task: only that task, or code running outside any task body
 * (loop callbacks, other threads), may {@link #release()} it; another task gets an {@link
 * IllegalStateException}. A lock acquired outside any task body has no owner and, as in asyncio, any
 * code may release it. A {@link Permit} always releases the acquisition it stands for.
 *
 * <p><b>Reentrancy:</b> not reentrant, like asyncio's; a task that holds the lock and acquires it again
 * gets a task failed with {@link IllegalStateException} instead of waiting forever. <b>Fairness:</b>
 * first come, first served. <b>Cancellation:</b> cancelling an acquire withdraws the waiter; a cancelled
 * acquire never holds the lock. <b>Misuse:</b> releasing an unlocked lock, or a lock another task owns,
 * throws {@link IllegalStateException} (asyncio's {@code RuntimeError}) and leaves the lock as it was.
 * <b>Thread-safety:</b> this class is thread-safe; a release happens-before the acquire it lets
 * complete.
 */
public final class Lock {
    /** One acquisition: the kotlinx owner token, naming the task that acquired (null outside bodies). */
    static final class Owner {
        final @Nullable Task<?> task;

        Owner(@Nullable Task<?> task) {
            this.task = task;
        }

        @Override
        public String toString() {
            return task == null ? "no task" : task.getName();
        }
    }

    private final Mutex mutex = MutexKt.Mutex(false);
    private final AtomicReference<@Nullable Owner> holder = new AtomicReference<>();

    private Lock() {}

    /**
     * Creates an unlocked lock, as {@code asyncio.Lock()}.
     *
     * @return the lock
     */
    public static Lock create() {
        return new Lock();
    }

    /**
     * Acquires the lock, as asyncio's {@code await lock.acquire()}: the task completes with null once
     * the lock is held by the calling task (see the class comment for the owner). Cancelling the task
     * withdraws the request; it then ends with {@link CancelledError} and does not hold the lock.
     *
     * @return a task completing with null when the lock is held; failed with {@link
     *     IllegalStateException} if the calling task already holds it
     */
    public Task<Void> acquire() {
        return acquireAs(newOwner(), owner -> null);
    }

    /**
     * Acquires the lock as a {@link Permit} handle for try-with-resources, asyncio's {@code async with
     * lock}; closing the permit releases this acquisition exactly once. Cancellation as {@link
     * #acquire()}.
     *
     * @return a task completing with the held permit
     */
    public Task<Permit> acquirePermit() {
        return acquireAs(newOwner(), this::permitFor);
    }

    /**
     * Runs {@code body} while holding the lock, as {@code async with lock: await body()} in future style:
     * acquires, calls {@code body}, and releases when the stage it returns completes, normally or not.
     * Cancelling the task cancels the acquire while it waits (the body never runs) and is relayed to the
     * body's stage once it runs.
     *
     * @param body returns the stage to hold the lock for; called on the thread that grants the lock
     * @param <T> the result type
     * @return a task completing with the body's result
     * @throws NullPointerException if {@code body} is null
     */
    public <T> Task<T> withLock(Callable<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        return SyncSupport.with(acquirePermit(), body);
    }

    /**
     * Takes the lock if it is free and no task waits; never waits. Not part of asyncio's API (asyncio
     * code checks {@code locked()} and then acquires, which is atomic on its single thread).
     *
     * @return true if the lock was taken by the caller
     * @throws IllegalStateException if the calling task already holds the lock
     */
    public boolean tryAcquire() {
        Owner owner = newOwner();
        checkNotReentrant(owner);
        if (mutex.tryLock(owner)) {
            holder.set(owner);
            return true;
        }
        return false;
    }

    /**
     * Releases the lock, as asyncio's {@code release()}, waking the longest waiting acquirer.
     *
     * @throws IllegalStateException if the lock is not held, or is held by another task than the calling
     *     one; the lock is left unchanged
     */
    public void release() {
        Task<?> me = Asyncio.currentTask();
        while (true) {
            Owner h = holder.get();
            if (h == null) {
                if (!mutex.isLocked()) {
                    throw new IllegalStateException("Lock is not acquired");
                }
                Thread.onSpinWait(); // an acquisition is between taking the mutex and recording its owner
                continue;
            }
            if (me != null && h.task != null && h.task != me) {
                throw new IllegalStateException(
                        "Lock is held by task " + h.task.getName() + ", not by the calling task " + me.getName());
            }
            if (releaseFor(h)) {
                return;
            }
        }
    }

    /**
     * Whether the lock is held, as asyncio's {@code locked()}.
     *
     * @return true if some acquisition holds the lock
     */
    public boolean locked() {
        return mutex.isLocked();
    }

    @Override
    public String toString() {
        Owner h = holder.get();
        return "Lock[" + (h == null ? "unlocked" : "locked by " + h) + "]";
    }

    // ---- for Condition and Permit

    interface Result<T> {
        @Nullable
        T of(Owner owner);
    }

    static Owner newOwner() {
        return new Owner(Asyncio.currentTask());
    }

    /** The current acquisition, or null when unlocked. */
    @Nullable
    Owner holder() {
        return holder.get();
    }

    private void checkNotReentrant(Owner owner) {
        Owner h = holder.get();
        if (h != null && owner.task != null && h.task == owner.task) {
            throw new IllegalStateException(
                    "Lock is not reentrant: task " + owner.task.getName() + " already holds it");
        }
    }

    Permit permitFor(Owner owner) {
        return new Permit(() -> releaseFor(owner));
    }

    /** Releases the acquisition {@code owner} if it still holds the lock; false if it does not. */
    boolean releaseFor(Owner owner) {
        if (holder.get() != owner) {
            return false;
        }
        // the mutex's owner-checked unlock is the linearization point: exactly one release of an
        // acquisition wins, and the lock never looks free to release() while locked() still says held
        try {
            mutex.unlock(owner);
        } catch (IllegalStateException releasedByAnother) {
            return false;
        }
        holder.compareAndSet(owner, null);
        return true;
    }

    /** Acquires for {@code owner}; the task completes with {@code result.of(owner)} once it holds. */
    <T> Task<T> acquireAs(Owner owner, Result<T> result) {
        try {
            checkNotReentrant(owner);
        } catch (IllegalStateException e) {
            return SyncSupport.failed(e);
        }
        if (mutex.tryLock(owner)) {
            holder.set(owner);
            return SyncSupport.done(result.of(owner));
        }
        OpCore<T> core = OpCore.create();
        Job job = Sync.launchLock(
                core.loop().scope(),
                mutex,
                owner,
                () -> {
                    holder.set(owner);
                    if (!core.completeValue(result.of(owner))) {
                        releaseFor(owner); // the task ended another way: give the lock back
                    }
                },
                failure -> core.completeFailure(SyncSupport.cancelledOr(core, failure)));
        core.onCancel(message -> job.cancel(null));
        return core.task();
    }
}
