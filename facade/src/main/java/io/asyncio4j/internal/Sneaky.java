package io.asyncio4j.internal;

import io.asyncio4j.CancelledError;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/** Unwrapping of the exceptions that {@link CompletableFuture} wraps around a failure. */
public final class Sneaky {
    private Sneaky() {}

    /**
     * Returns the original failure behind the wrappers {@code CompletableFuture} adds
     * ({@link CompletionException}, {@link ExecutionException}).
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null
                && (t instanceof CompletionException
                        || t instanceof ExecutionException
                        // JDK 23+ join/get throw a fresh CancellationException caused by the stored one
                        || (t instanceof CancellationException
                                && !(t instanceof CancelledError)
                                && t.getCause() instanceof CancellationException))) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Converts a cancellation seen on a foreign future into a {@link CancelledError}; leaves every other
     * failure as it is.
     */
    public static Throwable asCancelledError(Throwable failure, @Nullable String message) {
        if (failure instanceof CancellationException && !(failure instanceof CancelledError)) {
            CancelledError error = new CancelledError(message);
            error.initCause(failure);
            return error;
        }
        return failure;
    }

    /** Reads the outcome of a completed future, throwing its original failure unwrapped. */
    public static <T> T outcome(CompletableFuture<T> done) throws Exception {
        return outcome(done, null);
    }

    /**
     * Reads the outcome of a completed future, throwing its original failure unwrapped; a foreign
     * cancellation becomes a {@link CancelledError} with {@code cancelMessage}.
     */
    public static <T> T outcome(CompletableFuture<T> done, @Nullable String cancelMessage) throws Exception {
        try {
            return done.join();
        } catch (CompletionException e) {
            throw rethrow(unwrap(e));
        } catch (CancellationException e) {
            throw rethrow(asCancelledError(unwrap(e), cancelMessage));
        }
    }

    /** Throws {@code t} as it is, checked or not; declared to return so callers can write throw. */
    public static Exception rethrow(Throwable t) throws Exception {
        if (t instanceof Exception) {
            throw (Exception) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new Error(t);
    }
}
