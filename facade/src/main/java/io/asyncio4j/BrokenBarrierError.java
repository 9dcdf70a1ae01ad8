package io.asyncio4j;

import org.jspecify.annotations.Nullable;

/**
 * Raised by {@link Barrier#waitFor()} when the barrier is broken, aborted or reset while parties
 * wait: asyncio's {@code BrokenBarrierError}. Unlike {@link java.util.concurrent.BrokenBarrierException}
 * it is unchecked, like asyncio4j's other misuse errors.
 */
public final class BrokenBarrierError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message "the barrier is broken". */
    public BrokenBarrierError() {
        super("the barrier is broken");
    }

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public BrokenBarrierError(@Nullable String message) {
        super(message);
    }
}
