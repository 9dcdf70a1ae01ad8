package io.asyncio4j;

import java.util.List;

/**
 * One or more tasks of a {@link TaskGroup} failed: asyncio's {@code ExceptionGroup} as raised by
 * {@code async with TaskGroup()}. It carries every failure in the order they happened (cancellations
 * excluded); each is also attached as a suppressed exception, so a printed stack trace shows them
 * all.
 *
 * <pre>{@code
 * try {
 *   TaskGroup.run(tg -> { tg.createTask(() -> fetch(a)); tg.createTask(() -> fetch(b)); return null; });
 * } catch (TaskGroupException e) {
 *   for (Throwable failure : e.exceptions()) log(failure);
 * }
 * }</pre>
 */
public final class TaskGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failures, in the order they happened. */
    @SuppressWarnings("serial") // an immutable List.copyOf, serializable in practice
    private final List<Throwable> exceptions;

    TaskGroupException(List<Throwable> exceptions) {
        super("unhandled errors in a TaskGroup (" + exceptions.size() + " sub-exception"
                + (exceptions.size() == 1 ? "" : "s") + ")");
        this.exceptions = List.copyOf(exceptions);
        for (Throwable failure : exceptions) {
            addSuppressed(failure);
        }
    }

    /**
     * The failures, first one first, as Python's {@code ExceptionGroup.exceptions}.
     *
     * @return an unmodifiable list of the original exceptions
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
