package io.asyncio4j;

import org.jspecify.annotations.Nullable;

/**
 * Raised by the operations of a queue that has been shut down (see {@link Queue#shutdown(boolean)}):
 * asyncio's {@code QueueShutDown} (Python 3.13). {@code put} fails with it at once or wakes with it;
 * {@code get} fails with it once the shut-down queue is empty.
 */
public final class QueueShutDown extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message "the queue is shut down". */
    public QueueShutDown() {
        super("the queue is shut down");
    }

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueShutDown(@Nullable String message) {
        super(message);
    }
}
