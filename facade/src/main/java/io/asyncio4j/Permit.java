package io.asyncio4j;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A held permit of a {@link Semaphore} or {@link BoundedSemaphore}, or a held {@link Lock} (also
 * through a {@code Condition}): Java's form of asyncio's {@code async with}. Closing it releases what
 * it holds, exactly once; later calls to {@link #close()} do nothing, so a permit never releases twice.
 *
 * <pre>{@code
 * try (Permit p = await(semaphore.acquirePermit())) {
 *     // at most N tasks run this block at a time
 * }
 * }</pre>
 *
 * <p>Thread-safety: this class is thread-safe; the permit may be closed from any thread.
 */
public final class Permit implements AutoCloseable {
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(Runnable release) {
        this.release = release;
    }

    /**
     * Releases the permit or lock the first time it is called; does nothing afterwards.
     *
     * @throws IllegalStateException if the primitive refuses the release (a {@link BoundedSemaphore}
     *     already at its initial value because of extra {@code release()} calls elsewhere)
     */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once released
     */
    public boolean released() {
        return released.get();
    }

    @Override
    public String toString() {
        return "Permit[" + (released.get() ? "released" : "held") + "]";
    }
}
