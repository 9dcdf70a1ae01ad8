package io.asyncio4j.internal;

import io.asyncio4j.StopAsyncIteration;
import io.asyncio4j.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

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
     * Runs {@code action} once {@code core}'s task completes, for the library's own bookkeeping: unlike
     * {@code whenComplete} on the task, it counts neither as retrieving the outcome nor as awaiting it.
     */
    public static void whenDone(TaskCore<?> core, Runnable action) {
        core.observe(new TaskCore.Listener() {
            @Override
            public void done(@Nullable Object value, @Nullable Throwable failure) {
                action.run();
            }
        });
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

    /**
     * A task with {@code next}'s outcome, except that a {@link io.asyncio4j.StopAsyncIteration} becomes
     * {@code defaultValue}; cancelling it is relayed to {@code next}.
     */
    public static <T> Task<T> orOnExhausted(CompletionStage<T> next, @Nullable T defaultValue) {
        OpCore<T> core = OpCore.createScheduled();
        if (next instanceof CompletableFuture) {
            core.awaits(List.of((CompletableFuture<?>) next));
        }
        if (next instanceof Future) {
            core.onWithdraw(message -> BodyCore.relayCancel((Future<?>) next, message));
        } else {
            core.onWithdraw(core::completeCancelled);
        }
        next.whenComplete((value, failure) -> {
            Throwable original = failure == null ? null : Sneaky.unwrap(failure);
            if (original == null) {
                core.completeValue(value);
            } else if (original instanceof StopAsyncIteration) {
                core.completeValue(defaultValue);
            } else {
                core.completeFailure(Sneaky.asCancelledError(original, core.cancelMessage()));
            }
        });
        return core.task();
    }
}
