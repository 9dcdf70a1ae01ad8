package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Views of foreign completion stages as futures that can be observed without blocking. */
public final class Futures {
    private Futures() {}

    /**
     * Runs {@code listener} once {@code future} completes: through the task's own listener list when it
     * is a task (no dependent future allocated), else through {@code whenComplete}.
     */
    public static void onDone(CompletableFuture<?> future, TaskCore.Listener listener) {
        if (future instanceof Task) {
            TaskCore.of((Task<?>) future).listen(listener);
        } else {
            future.whenComplete(listener::done);
        }
    }

    /**
     * The stage itself when it is a {@code CompletableFuture}, else a future that completes with it
     * (some stages refuse {@code toCompletableFuture}).
     */
    @SuppressWarnings("unchecked")
    public static <T> CompletableFuture<T> of(CompletionStage<? extends T> stage) {
        if (stage instanceof CompletableFuture) {
            return (CompletableFuture<T>) stage;
        }
        CompletableFuture<T> view = new LoopFuture<>(Loop.current().executor());
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                view.complete(value);
            } else {
                view.completeExceptionally(failure);
            }
        });
        return view;
    }
}
