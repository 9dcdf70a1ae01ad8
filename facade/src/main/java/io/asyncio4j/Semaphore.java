package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.SemaphoreImpl;
import io.asyncio4j.internal.SyncSupport;
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
 * Semaphore sem = new Semaphore(3);
 * // direct style, in a task body (asyncio: async with sem: ...)
 * String page = sem.asyncWith(() -> download(url));
 * // future style
 * Task<String> page = sem.withPermit(() -> fetchAsync(url));
 * }</pre>
 *
 * <p><b>Fairness:</b> waiters are served first come, first served; {@link #tryAcquire()} and {@link
 * #acquire()} never take a permit ahead of a waiting task. <b>Reentrancy:</b> permits have no owner.
 * <b>Cancellation:</b> cancelling the task returned by {@code acquire()} withdraws the waiter; a
 * cancelled acquire never holds a permit, and an acquire that completed normally holds exactly one.
 * The withdrawal happens inside {@code cancel()}, as asyncio cancels the waiter's future: {@code
 * cancel()} returns true only if the acquire will end cancelled without a permit, and a {@code
 * release()} made after it returned goes to the next waiter; it returns false once the permit is taken.
 * A task parked in {@code await(sem.acquire())} that is cancelled after the permit was handed to it
 * but before it resumed gets {@link CancelledError} at that {@code await}, and the permit goes back (to
 * the next waiter), as in asyncio; once the body has resumed, the permit is its own. The value never
 * goes below zero. <b>Subclass:</b> {@link BoundedSemaphore} is a semaphore whose
 * release may not exceed its initial value, as in asyncio. <b>Thread-safety:</b> this class is
 * thread-safe; a {@code release()} happens-before the acquire it lets complete.
 */
public sealed class Semaphore permits BoundedSemaphore {
    private final SemaphoreImpl impl;

    /** Creates a semaphore with one permit, as {@code asyncio.Semaphore()}. */
    public Semaphore() {
        this(1);
    }

    /**
     * Creates a semaphore with {@code value} permits, as {@code asyncio.Semaphore(value)}.
     *
     * @param value the initial number of permits, zero or more
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        this(value, false);
    }

    Semaphore(int value, boolean bounded) {
        this.impl = new SemaphoreImpl(Checks.atLeast(value, 0, "value"), bounded, null);
    }

    /**
     * Acquires a permit, as asyncio's {@code await sem.acquire()}: the task completes with null once a
     * permit is held (at once if one is free and nobody waits). Cancelling the task withdraws the
     * request; it then ends with {@link CancelledError} and holds no permit.
     *
     * @return a task completing with null when the permit is held
     */
    public final Task<Void> acquire() {
        return impl.acquire(null);
    }

    /**
     * Acquires a permit as a {@link Permit} handle, for try-with-resources: asyncio's {@code async with
     * sem}. Closing the permit releases it exactly once. Cancellation as {@link #acquire()}.
     *
     * @return a task completing with the held permit
     */
    public final Task<Permit> acquirePermit() {
        return impl.acquire(new Permit(impl::release));
    }

    /**
     * Runs {@code body} in the calling task while holding a permit, as {@code async with sem:} in
     * direct style: waits for a permit, calls {@code body}, and releases the permit when the body
     * returns or throws. Returns the body's value or throws its exception. Cancelling the task while it
     * waits for the permit ends this call with {@link CancelledError} (the body never runs); a
     * cancellation while the body runs reaches the body's own awaits, and the permit is released as
     * the body ends.
     *
     * <pre>{@code
     * String page = sem.asyncWith(() -> await(fetch(url)));
     * }</pre>
     *
     * @param body what to run while holding the permit, in the calling task
     * @param <T> the result type
     * @return the body's value
     * @throws Exception what the body throws, or {@link CancelledError} if cancelled while waiting
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException if not called in a task body (direct style)
     */
    public final <T> T asyncWith(Callable<? extends T> body) throws Exception {
        return impl.with(body);
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
    public final <T> Task<T> withPermit(Callable<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        return SyncSupport.with(acquirePermit(), body);
    }

    /**
     * Takes a permit if one is free and no task waits; never waits.
     *
     * @return true if a permit was taken
     */
    public final boolean tryAcquire() {
        return impl.tryAcquire();
    }

    /**
     * Releases a permit, as asyncio's {@code release()}: hands the permit to the longest waiting
     * acquirer (which holds it when this returns) or raises
     * the value by one, also above its initial value.
     *
     * @throws IllegalStateException if the value would exceed {@link Integer#MAX_VALUE}, or, for a
     *     {@link BoundedSemaphore}, its initial value; the semaphore is left unchanged
     */
    public final void release() {
        impl.release();
    }

    /**
     * Whether an acquire would have to wait, as asyncio's {@code locked()}.
     *
     * @return true if no permit is free
     */
    public final boolean locked() {
        return impl.locked();
    }

    /**
     * The number of free permits (asyncio's private {@code _value}); never negative.
     *
     * @return the free permits right now
     */
    public final int availablePermits() {
        return impl.value();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[value=" + impl.value() + "]";
    }
}
