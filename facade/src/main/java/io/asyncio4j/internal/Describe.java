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
}
