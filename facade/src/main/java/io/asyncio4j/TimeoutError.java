package io.asyncio4j;

import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A deadline passed before the work finished: asyncio's {@code TimeoutError}.
 *
 * <p>Thrown by {@link Asyncio#waitFor}, {@link Asyncio#timeout} and the timeouts of {@link
 * Asyncio#asCompleted}. It extends {@link TimeoutException}, so {@code catch (TimeoutException e)}
 * works; when the timeout cancelled work, the cause is that work's {@link CancelledError}.
 */
public final class TimeoutError extends TimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a timeout error.
     *
     * @param message what timed out
     * @param cause the cancellation the timeout caused, or null
     */
    public TimeoutError(@Nullable String message, @Nullable Throwable cause) {
        super(message);
        if (cause != null) {
            initCause(cause);
        }
    }
}
