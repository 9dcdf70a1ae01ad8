package io.asyncio4j;

/**
 * A semaphore whose value can never exceed its initial value, as Python's {@code
 * asyncio.BoundedSemaphore}, and like it a {@link Semaphore}: a {@link #release()} that would raise the
 * value above the initial value fails with {@link IllegalStateException} (asyncio's {@code ValueError})
 * and leaves the semaphore unchanged and usable. Everything else (waiting, fairness, cancellation,
 * thread-safety) is as {@link Semaphore}; unlike {@link java.util.concurrent.Semaphore}, waiting never
 * blocks a thread.
 *
 * <pre>{@code
 * BoundedSemaphore sem = new BoundedSemaphore(3);
 * // direct style, in a task body (asyncio: async with sem: ...)
 * String page = sem.asyncWith(() -> download(url));
 * // future style
 * Task<String> later = sem.withPermit(() -> fetchAsync(url));
 * }</pre>
 */
public final class BoundedSemaphore extends Semaphore {
    /** Creates a bounded semaphore with one permit, as {@code asyncio.BoundedSemaphore()}. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * Creates a bounded semaphore with {@code value} permits, as {@code asyncio.BoundedSemaphore(value)}.
     *
     * @param value the initial and highest number of permits, zero or more
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value, true);
    }
}
