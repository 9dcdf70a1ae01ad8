package io.asyncio4j;

import java.util.List;

/**
 * One or more tasks of a {@link TaskGroup} failed: asyncio's {@code ExceptionGroup} as raised by
 * {@code async with TaskGroup()}. It carries every failure in the order they happened (cancellations
 * excluded); each is also attached as a suppressed exception, so a printed stack trace shows them
 * all. Its message names how many there are and each one's type and message (the first ten), as
 * Python prints an {@code ExceptionGroup}: {@code unhandled errors in a TaskGroup (2 sub-exceptions):
 * [1] java.io.IOException: host a unreachable; [2] java.lang.IllegalStateException: closed}.
 *
 * <pre>{@code
 * try {
 *   TaskGroup.execute(tg -> { tg.createTask(() -> fetch(a)); tg.createTask(() -> fetch(b)); });
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

    /** Sub-exceptions named in the message; the rest are counted. */
    private static final int NAMED_IN_MESSAGE = 10;

    TaskGroupException(List<Throwable> exceptions) {
        super(message(exceptions));
        this.exceptions = List.copyOf(exceptions);
        for (Throwable failure : exceptions) {
            addSuppressed(failure);
        }
    }

    /**
     * Python's {@code ExceptionGroup} text, then each sub-exception's type and message, as its
     * traceback lists them: {@code unhandled errors in a TaskGroup (2 sub-exceptions):
     * [1] java.io.IOException: boom; [2] java.lang.IllegalStateException: closed}.
     */
    private static String message(List<Throwable> exceptions) {
        int n = exceptions.size();
        StringBuilder text = new StringBuilder("unhandled errors in a TaskGroup (")
                .append(n)
                .append(n == 1 ? " sub-exception):" : " sub-exceptions):");
        for (int i = 0; i < Math.min(n, NAMED_IN_MESSAGE); i++) {
            text.append(i == 0 ? " [" : "; [").append(i + 1).append("] ").append(exceptions.get(i));
        }
        if (n > NAMED_IN_MESSAGE) {
            text.append("; and ").append(n - NAMED_IN_MESSAGE).append(" more");
        }
        return text.toString();
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
