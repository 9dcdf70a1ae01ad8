package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code asyncio.shield}: a task with the awaitable's outcome whose cancellation ends only itself. A
 * failure of the protected work that arrives after the shield was cancelled has nobody left to see it,
 * so it is reported once, as an exception nobody retrieved is.
 */
public final class Shield {
    private Shield() {}

    /** The shield of {@code awaitable}. */
    public static <T> Task<T> of(CompletionStage<T> awaitable) {
        OpCore<T> core = OpCore.createScheduled();
        core.onWithdraw(core::completeCancelled);
        CompletableFuture<T> inner = Futures.of(awaitable);
        core.awaits(List.of(inner));
        String innerName = inner instanceof Task ? ((Task<?>) inner).getName() : inner.toString();
        Futures.onDone(inner, new TaskCore.Listener() {
            @Override
            @SuppressWarnings("unchecked")
            public void done(@Nullable Object value, @Nullable Throwable failure) {
                if (failure == null) {
                    core.completeValue((T) value);
                    return;
                }
                Throwable original = Sneaky.asCancelledError(Sneaky.unwrap(failure), core.cancelMessage());
                if (!core.completeFailure(original) && !(original instanceof CancellationException)) {
                    Diagnostics.neverRetrieved(new UnretrievedReport(
                            innerName + " (shielded; its shield was cancelled)", original, core.site()));
                }
            }
        });
        return core.task();
    }
}
