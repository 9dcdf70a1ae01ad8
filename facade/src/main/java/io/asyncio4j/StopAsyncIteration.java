package io.asyncio4j;

import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The end of an asynchronous iteration: asyncio's {@code StopAsyncIteration}.
 *
 * <p>An {@link AsyncIterator}'s {@code anext()} completes exceptionally with it when there is no next
 * element, and {@link AsyncIterable#first()} fails with it on an empty source. It extends {@link
 * NoSuchElementException}, after {@link java.util.Iterator#next()}'s idiom, so {@code catch
 * (NoSuchElementException e)} works.
 */
public final class StopAsyncIteration extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** Creates the end-of-iteration signal. */
    public StopAsyncIteration() {
        super("no further element");
    }

    /**
     * Creates the end-of-iteration signal with a message.
     *
     * @param message what ended
     */
    public StopAsyncIteration(@Nullable String message) {
        super(message);
    }
}
