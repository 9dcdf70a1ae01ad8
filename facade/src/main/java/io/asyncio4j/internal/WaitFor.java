package io.asyncio4j.internal;

import io.asyncio4j.Task;
import io.asyncio4j.TimeoutError;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import kotlinx.coroutines.DisposableHandle;

/**
 * asyncio's {@code wait_for} (3.12 semantics): when the deadline passes, the awaitable is cancelled and
 * waited for; if it then ends cancelled the result is a {@link TimeoutError} caused by that
 * cancellation, and if it still produced a value (it finished or refused to be cancelled) the value
 * wins. A cancellation of the returned task is relayed to the awaitable and stays a cancellation.
 */
public final class WaitFor {
    private WaitFor() {}

    public static <T> Task<T> start(CompletionStage<? extends T> stage, long timeoutNanos) {
        OpCore<T> core = OpCore.create();
        if (stage instanceof CompletableFuture) {
            core.awaits(List.of((CompletableFuture<?>) stage));
        }
        AtomicBoolean expired = new AtomicBoolean();
        Runnable expire = () -> {
            expired.set(true);
            if (stage instanceof Future) {
                BodyCore.relayCancel((Future<?>) stage, null);
            } else {
                core.completeFailure(new TimeoutError("wait_for timed out (the awaitable cannot be cancelled)", null));
            }
        };
        if (stage instanceof Future) {
            Future<?> future = (Future<?>) stage;
            core.onCancel(message -> BodyCore.relayCancel(future, message));
        } else {
            core.onWithdraw(core::completeCancelled);
        }
        DisposableHandle timer = null;
        boolean alreadyDone = stage instanceof Future && ((Future<?>) stage).isDone();
        if (!alreadyDone) {
            if (timeoutNanos == 0) {
                expire.run();
            } else if (timeoutNanos != Long.MAX_VALUE) {
                timer = Timers.schedule(core.loop(), timeoutNanos, expire);
            }
        }
        DisposableHandle armed = timer;
        stage.whenComplete((value, failure) -> {
            Timers.cancel(armed);
            if (failure == null) {
                core.completeValue(value);
                return;
            }
            Throwable original = Sneaky.asCancelledError(Sneaky.unwrap(failure), core.cancelMessage());
            if (original instanceof CancellationException && expired.get() && core.cancelling() == 0) {
                core.completeFailure(new TimeoutError("wait_for timed out", original));
            } else {
                core.completeFailure(original);
            }
        });
        return core.task();
    }
}
