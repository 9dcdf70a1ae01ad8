package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * A counting semaphore for tasks, as Python's {@code asyncio.Semaphore}, backed by a kotlinx.coroutines
 * {@code Semaphore}. Unlike {@link java.util.concurrent.Semaphore}, waiting never blocks a thread:
 * {@link #acquire()} returns a {@link Task} that completes once a permit is held, and {@link
 * #release()} may raise the value above its initial value (as asyncio allows; use {@link
 * BoundedSemaphore} to forbid it).
 *
 * <pre>{@code
 * Semaphore sem = Semaphore.create(3);
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
public final class Semaphore {
    private final SemaphoreImpl impl;

    private Semaphore(int value) {
        this.impl = new SemaphoreImpl(value, false);
    }

    /**
     * Creates a semaphore with {@code value} permits, as {@code asyncio.Semaphore(value)}.
     *
     * @param value the initial number of permits, zero or more
     * @return the semaphore
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public static Semaphore create(int value) {
        Checks.atLeast(value, 0, "value");
        return new Semaphore(value);
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
     * the value by one, also above its initial value.
     *
     * @throws IllegalStateException if the value would exceed {@link Integer#MAX_VALUE}
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
        return "Semaphore[value=" + impl.value() + "]";
    }
}
