package io.asyncio4j;

import org.jspecify.annotations.Nullable;

/**
 * Raised by {@link Queue#getNowait()} (and the other queues' {@code getNowait}) when the queue is empty:
 * asyncio's {@code QueueEmpty}. It extends {@link java.util.NoSuchElementException}, as {@link
 * java.util.Queue#remove()} on an empty queue throws.
 */
public final class QueueEmpty extends java.util.NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message "the queue is empty". */
    public QueueEmpty() {
        super("the queue is empty");
    }

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueEmpty(@Nullable String message) {
        super(message);
    }
}
