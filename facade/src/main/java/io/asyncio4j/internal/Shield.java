package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code asyncio.shield}: a task with the awaitable's outcome whose cancellation ends only itself. A
 * failure of the protected work that arrives after the shield was cancelled has nobody left to see it,
 * so it is reported once, as an exception nobody retrieved is: by the task itself when it is one, else
 * here, once per future however many shields it has.
 */
public final class Shield {
    /** Plain futures whose late failure was reported already, by identity; weak, so they can be collected. */
    private static final Map<CompletableFuture<?>, Boolean> REPORTED = Collections.synchronizedMap(new WeakHashMap<>());

    private Shield() {}

    /** The shield of {@code awaitable}. */
    public static <T> Task<T> of(CompletionStage<T> awaitable) {
        OpCore<T> core = OpCore.createScheduled();
        core.onWithdraw(core::completeCancelled);
        CompletableFuture<T> inner = Futures.of(awaitable);
        core.awaits(List.of(inner));
        TaskCore.Listener listener = new TaskCore.Listener() {
            @Override
            @SuppressWarnings("unchecked")
            public void done(@Nullable Object value, @Nullable Throwable failure) {
                if (failure == null) {
                    core.completeValue((T) value);
                    return;
                }
                Throwable original = Sneaky.asCancelledError(Sneaky.unwrap(failure), core.cancelMessage());
                if (core.completeFailure(original)) {
                    if (inner instanceof Task) {
                        TaskCore.of((Task<?>) inner).markRetrieved(); // passed on to the shield's awaiter
                    }
                } else if (!(original instanceof CancellationException)
                        && !(inner instanceof Task)
                        && REPORTED.putIfAbsent(inner, Boolean.TRUE) == null) {
                    // a task reports its own unretrieved failure; a plain future is reported here, once
                    Diagnostics.neverRetrieved(new UnretrievedReport(
                            "future " + inner + " (shielded; its shield was cancelled)", original, core.site()));
                }
            }
        };
        if (inner instanceof Task) {
            TaskCore<?> innerCore = TaskCore.of((Task<?>) inner);
            innerCore.markAwaited();
            innerCore.observe(listener); // not retrieved: the inner keeps its own report
        } else {
            Futures.onDone(inner, listener);
        }
        return core.task();
    }
}
