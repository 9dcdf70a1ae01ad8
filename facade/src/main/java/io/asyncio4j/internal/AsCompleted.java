package io.asyncio4j.internal;

import io.asyncio4j.Task;
import io.asyncio4j.TimeoutError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import kotlinx.coroutines.DisposableHandle;

/**
 * asyncio's {@code as_completed}: one result task per awaitable, the first completing with the
 * earliest outcome, the second with the next, and so on. A timeout fails the slots not yet filled
 * with {@link TimeoutError}; the awaitables themselves are never cancelled.
 */
public final class AsCompleted {
    private AsCompleted() {}

    public static <T> List<Task<T>> of(
            Collection<? extends CompletionStage<? extends T>> awaitables, long timeoutNanos) {
        List<CompletionStage<? extends T>> items = new ArrayList<>(awaitables);
        List<OpCore<T>> slots = new ArrayList<>(items.size());
        List<Task<T>> tasks = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            OpCore<T> slot = OpCore.create();
            slot.onWithdraw(slot::completeCancelled);
            slots.add(slot);
            tasks.add(slot.task());
        }
        if (timeoutNanos != Long.MAX_VALUE && !items.isEmpty()) {
            DisposableHandle timer = Timers.schedule(slots.get(0).loop(), timeoutNanos, () -> {
                for (OpCore<T> slot : slots) {
                    slot.completeFailure(new TimeoutError("as_completed timed out", null));
                }
            });
            slots.get(slots.size() - 1).task().whenComplete((v, e) -> Timers.cancel(timer));
        }
        AtomicInteger next = new AtomicInteger();
        for (CompletionStage<? extends T> item : items) {
            item.whenComplete((value, failure) -> {
                OpCore<T> slot = slots.get(next.getAndIncrement());
                if (failure == null) {
                    slot.completeValue(value);
                } else {
                    slot.completeFailure(Sneaky.asCancelledError(Sneaky.unwrap(failure), null));
                }
            });
        }
        return Collections.unmodifiableList(tasks);
    }
}
