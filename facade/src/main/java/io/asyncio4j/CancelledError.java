package io.asyncio4j;

import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * The work was cancelled: asyncio's {@code asyncio.CancelledError}.
 *
 * <p>A task's body sees it at its current {@code await} when someone calls {@link Task#cancel(String)};
 * if it escapes the body, the task ends cancelled. Unlike Python, where {@code CancelledError} is a
 * {@code BaseException}, in Java it is an unchecked exception, so a {@code catch (Exception e)} also
 * catches it; re-throw it in one line with {@link #rethrowIfCancelled(Throwable)} to keep the task
 * cancellable:
 *
 * <pre>{@code
 * try {
 *   await(fetch(url));
 * } catch (Exception e) {
 *   CancelledError.rethrowIfCancelled(e);
 *   log(e);
 * }
 * }</pre>
 *
 * <p>It extends {@link CancellationException}, so {@link java.util.concurrent.Future#isCancelled()}
 * is true for a future that completed with it. Its one subtype, {@link KeyboardInterrupt}, is what
 * {@link Asyncio#run} throws after Ctrl-C.
 */
public sealed class CancelledError extends CancellationException permits KeyboardInterrupt {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a cancellation with the message given to {@link Task#cancel(String)}.
     *
     * @param message the cancellation message, or null
     */
    public CancelledError(@Nullable String message) {
        super(message);
    }

    /**
     * Throws {@code failure} again if it is a cancellation ({@link CancellationException}, which
     * includes {@code CancelledError}); does nothing otherwise.
     *
     * @param failure the exception caught
     */
    public static void rethrowIfCancelled(Throwable failure) {
        io.asyncio4j.internal.Checks.notNull(failure, "failure");
        if (failure instanceof CancellationException) {
            throw (CancellationException) failure;
        }
    }
}
