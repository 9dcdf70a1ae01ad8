package io.asyncio4j;

import org.jspecify.annotations.Nullable;

/**
 * An operation that the state of a task or future does not allow, such as {@link Task#result()} on a
 * task that is not done: asyncio's {@code InvalidStateError}.
 */
public final class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what was attempted in which state
     */
    public InvalidStateError(@Nullable String message) {
        super(message);
    }
}
