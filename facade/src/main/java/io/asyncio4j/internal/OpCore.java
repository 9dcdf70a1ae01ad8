package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A task driven by non-blocking work (a timer, a combinator over other futures, an adopted stage): it
 * holds no thread, and a cancellation request runs the hook the work installed, which cancels the
 * timer or relays the request to the futures the work depends on.
 *
 * @param <T> the result type
 */
public final class OpCore<T> extends TaskCore<T> {
    private volatile @Nullable Consumer<@Nullable String> cancelHook;
    private volatile boolean cancelArrived;

    public OpCore(Loop loop, @Nullable String name, boolean registered) {
        super(loop, name, registered);
    }

    /** A new unregistered operation task of the current loop, with its public task. */
    public static <T> OpCore<T> create() {
        OpCore<T> core = new OpCore<>(Loop.current(), null, false);
        core.attach();
        return core;
    }

    /**
     * Installs what a cancellation request does; if a request came before, runs it at once. The hook
     * may run more than once and must be idempotent.
     */
    public OpCore<T> onCancel(Consumer<@Nullable String> hook) {
        cancelHook = hook;
        if (cancelArrived && !task().isDone()) {
            hook.accept(cancelMessage());
        }
        return this;
    }

    @Override
    protected void onCancelRequest(@Nullable String message) {
        cancelArrived = true;
        Consumer<@Nullable String> hook = cancelHook;
        if (hook != null) {
            hook.accept(message);
        }
    }

    /** Completes this task from {@code stage}'s outcome once it is known. */
    public void adopt(CompletionStage<? extends T> stage) {
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                completeValue(value);
            } else {
                completeFailure(Sneaky.asCancelledError(Sneaky.unwrap(failure), cancelMessage()));
            }
        });
    }

    /**
     * Makes this task follow {@code stage}: it completes with the stage's outcome, and a cancellation
     * request is relayed to the stage (as a request if it is a task, else by {@code cancel}); a stage
     * that is not a {@link Future} cannot be cancelled, so the request then ends this task at once.
     */
    public Task<T> follow(CompletionStage<? extends T> stage) {
        if (stage instanceof Future) {
            Future<?> future = (Future<?>) stage;
            onCancel(message -> BodyCore.relayCancel(future, message));
        } else {
            onCancel(this::completeCancelled);
        }
        adopt(stage);
        return task();
    }
}
