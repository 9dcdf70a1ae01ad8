package io.asyncio4j;

/**
 * When {@link Asyncio#wait(java.util.Collection, ReturnWhen, java.time.Duration)} returns: asyncio's
 * {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and {@code ALL_COMPLETED}.
 */
public enum ReturnWhen {
    /** As soon as any future finishes or is cancelled. */
    FIRST_COMPLETED,
    /**
     * As soon as any future finishes by raising an exception (a cancellation does not count, as in
     * asyncio); when none raises, it is the same as {@link #ALL_COMPLETED}.
     */
    FIRST_EXCEPTION,
    /** When all futures have finished or been cancelled. */
    ALL_COMPLETED
}
