package io.asyncio4j;

import org.jspecify.annotations.Nullable;

/**
 * Raised by {@link Queue#putNowait(Object)} (and the other queues' {@code putNowait}) when a bounded
 * queue has no room: asyncio's {@code QueueFull}. It extends {@link IllegalStateException}, as {@link
 * java.util.Queue#add(Object)} on a full queue throws.
 */
public final class QueueFull extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message "the queue is full". */
    public QueueFull() {
        super("the queue is full");
    }

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public QueueFull(@Nullable String message) {
        super(message);
    }
}
