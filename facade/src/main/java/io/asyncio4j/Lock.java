package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.SemaphoreImpl;
import io.asyncio4j.internal.SyncSupport;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * A mutual-exclusion lock for tasks, as Python's {@code asyncio.Lock}, backed by a kotlinx.coroutines
 * {@code Semaphore} of one permit. Unlike {@link java.util.concurrent.locks.ReentrantLock} (or any
 * {@link java.util.concurrent.locks.Lock}), acquiring never blocks a thread: {@link #acquire()} returns
 * a {@link Task} that completes once the lock is held.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * // direct style, in a task body (asyncio: async with lock: ...)
 * lock.asyncWith(() -> balance += amount);
 * // future style
 * Task<Integer> t = lock.withLock(() -> updateAsync());
 * }</pre>
 *
 * <p><b>No owner</b>, as asyncio's: the lock is held, not held by someone. Any task, loop callback or
 * thread may {@link #release()} it, so a lock acquired in one task may be handed over and released in
 * a callback or another task. <b>Reentrancy:</b> none, as in asyncio: a task that acquires a lock it
 * already holds waits until somebody releases it; nothing is thrown. <b>Fairness:</b>
 * first come, first served; {@link #tryAcquire()} never takes the lock ahead of a waiting task.
 * <b>Cancellation:</b> cancelling an acquire withdraws the waiter inside {@code cancel()}, as asyncio
 * cancels the waiter's future: {@code cancel()} returns true only if the acquire will end cancelled
 * without the lock, and a {@code release()} made after it returned goes to the next waiter; it returns
 * false once the lock is taken. <b>Misuse:</b> releasing an unlocked lock throws {@link
 * IllegalStateException} (asyncio's {@code RuntimeError}) and leaves the lock unlocked and usable.
 * <b>Thread-safety:</b> this class is thread-safe; a release happens-before the acquire it lets
 * complete.
 */
public final class Lock {
    private final SemaphoreImpl impl = new SemaphoreImpl(1, true, "Lock is not acquired");

    /** Creates an unlocked lock, as {@code asyncio.Lock()}. */
    public Lock() {}

    /**
     * Acquires the lock, as asyncio's {@code await lock.acquire()}: the task completes with null once
     * the lock is held (at once if it is free and nobody waits). Cancellation: see the class comment.
     *
     * @return a task completing with null when the lock is held
     */
    public Task<Void> acquire() {
        return impl.acquire(null);
    }

    /**
     * Acquires the lock as a {@link Permit} handle for try-with-resources; closing the permit releases
     * the lock exactly once. Cancellation as {@link #acquire()}. In direct style {@link
     * #asyncWith(Callable)} says the same without a variable the compiler flags as unused.
     *
     * @return a task completing with the held permit
     */
    public Task<Permit> acquirePermit() {
        return impl.acquire(new Permit(this::release));
    }

    /**
     * Runs {@code body} in the calling task while holding the lock, as {@code async with lock:} in
     * direct style: waits for the lock, calls {@code body}, and releases the lock when the body returns
     * or throws. Returns the body's value or throws its exception. Cancelling the task while it waits
     * for the lock ends this call with {@link CancelledError} (the body never runs).
     *
     * <pre>{@code
     * int total = lock.asyncWith(() -> balance += amount);
     * }</pre>
     *
     * @param body what to run while holding the lock, in the calling task
     * @param <T> the result type
     * @return the body's value
     * @throws Exception what the body throws, or {@link CancelledError} if cancelled while waiting
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException if not called in a task body (direct style)
     */
    public <T> T asyncWith(Callable<? extends T> body) throws Exception {
        return impl.with(body);
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
     * @return true if the lock was taken
     */
    public boolean tryAcquire() {
        return impl.tryAcquire();
    }

    /**
     * Releases the lock, as asyncio's {@code release()}: the longest waiting acquirer holds the lock
     * when this returns, else the lock is unlocked. Any code may call it (the lock has no owner).
     *
     * @throws IllegalStateException if the lock is not held; the lock is left unchanged
     */
    public void release() {
        impl.release();
    }

    /**
     * Whether the lock is held, as asyncio's {@code locked()}.
     *
     * @return true if the lock is held
     */
    public boolean locked() {
        return impl.locked();
    }

    /** The semaphore behind the lock, for {@link Condition}. */
    SemaphoreImpl impl() {
        return impl;
    }

    @Override
    public String toString() {
        return "Lock[" + (locked() ? "locked" : "unlocked") + "]";
    }
}
