package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.concurrent.CompletableFuture;

/** Short human-readable descriptions of futures for task dumps and error messages. */
public final class Describe {
    private Describe() {}

    /** {@code Task[name]} for tasks, the class name and state for other futures. */
    public static String future(CompletableFuture<?> f) {
        if (f instanceof Task) {
            return "Task[" + ((Task<?>) f).getName() + "]";
        }
        return f.getClass().getSimpleName() + (f.isDone() ? "[done]" : "[pending]");
    }

    /**
     * A callback or body for messages: its own {@code toString} when it has one, else, for a lambda or
     * method reference, {@code lambda in Crawler} rather than the generated class name ({@code
     * Crawler$$Lambda$14/0x…@1b6d3586}), which says nothing to the reader.
     */
    public static String callable(Object callable) {
        String cls = callable.getClass().getName();
        int lambda = cls.indexOf("$$Lambda");
        if (lambda < 0) {
            return String.valueOf(callable);
        }
        String owner = cls.substring(0, lambda);
        return "lambda in " + owner.substring(owner.lastIndexOf('.') + 1);
    }
}
