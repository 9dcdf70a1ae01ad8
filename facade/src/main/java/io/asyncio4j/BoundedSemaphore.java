package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * A semaphore whose value can never exceed its initial value, as Python's {@code
 * asyncio.BoundedSemaphore}, backed by a kotlinx.coroutines {@code Semaphore}: a {@link #release()}
 * that would raise the value above it fails with {@link IllegalStateException} (asyncio's {@code
 * ValueError}) and leaves the semaphore unchanged and usable. Everything else is as {@link Semaphore};
 * unlike {@link java.util.concurrent.Semaphore}, waiting never blocks a thread.
 *
 * <pre>{@code
 * BoundedSemaphore sem = BoundedSemaphore.create(3);
 * // direct style, in a task body (asyncio: async with sem: ...)
 * try (Permit p = await(sem.acquirePermit())) {
 *     download(url);
 * }
 * // future style
 * Task<String> page = sem.withPermit(() -> fetchAsync(url));
 * }</pre>
 *
 * <p><b>Fairness:</b> waiters are served first come, first served; {@link #tryAcquire()} and {@link
 * #acquire()} never take a permit ahead of a waiting task. <b>Reentrancy:</b> permits have no owner.
 * <b>Cancellation:</b> cancelling the task returned by {@code acquire()} withdraws the waiter; a
 * cancelled acquire never holds a permit, and an acquire that completed normally holds exactly one.
 * The value never goes below zero. <b>Thread-safety:</b> this class is thread-safe; a {@code release()}
 * happens-before the acquire it lets complete.
 */
public final class BoundedSemaphore {
    private final SemaphoreImpl impl;

    private BoundedSemaphore(int value) {
        this.impl = new SemaphoreImpl(value, true);
    }

    /**
     * Creates a bounded semaphore with {@code value} permits, as {@code asyncio.BoundedSemaphore(value)}.
     *
     * @param value the initial number of permits, zero or more
     * @return the semaphore
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static BoundedSemaphore create(int value) {
        Checks.atLeast(value, 0, "value");
        return new BoundedSemaphore(value);
    }

    /**
     * Acquires a permit, as asyncio's {@code await sem.acquire()}: the task completes with null once a
     * permit is held (at once if one is free and nobody waits). Cancelling the task withdraws the
     * request; it then ends with {@link CancelledError} and holds no permit.
     *
     * @return a task completing with null when the permit is held
     */
    public Task<Void> acquire() {
        return impl.acquire(null);
    }

    /**
     * Acquires a permit as a {@link Permit} handle, for try-with-resources: asyncio's {@code async with
     * sem}. Closing the permit releases it exactly once. Cancellation as {@link #acquire()}.
     *
     * @return a task completing with the held permit
     */
    public Task<Permit> acquirePermit() {
        return impl.acquirePermit();
    }

    /**
     * Runs {@code body} while holding a permit, as {@code async with sem: await body()} in future style:
     * acquires, calls {@code body}, and releases when the stage it returns completes, normally or not.
     * The task completes with the stage's outcome. Cancelling the task cancels the acquire while it
     * waits (the body then never runs) and is relayed to the body's stage once it runs.
     *
     * @param body returns the stage to hold the permit for; called on the thread that grants the permit
     * @param <T> the result type
     * @return a task completing with the body's result
     * @throws NullPointerException if {@code body} is null
     */
    public <T> Task<T> withPermit(Callable<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        return SyncSupport.with(impl.acquirePermit(), body);
    }

    /**
     * Takes a permit if one is free and no task waits; never waits.
     *
     * @return true if a permit was taken
     */
    public boolean tryAcquire() {
        return impl.tryAcquire();
    }

    /**
     * Releases a permit, as asyncio's {@code release()}: wakes the longest waiting acquirer or raises
     * the value by one.
     *
     * @throws IllegalStateException if the value is already the initial value (asyncio's {@code
     *     ValueError}); the semaphore is left unchanged
     */
    public void release() {
        impl.release();
    }

    /**
     * Whether an acquire would have to wait, as asyncio's {@code locked()}.
     *
     * @return true if no permit is free
     */
    public boolean locked() {
        return impl.locked();
    }

    /**
     * The number of free permits (asyncio's private {@code _value}); never negative.
     *
     * @return the free permits right now
     */
    public int availablePermits() {
        return impl.value();
    }

    @Override
    public String toString() {
        return "BoundedSemaphore[value=" + impl.value() + "]";
    }
}
