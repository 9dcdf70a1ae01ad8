package io.asyncio4j.internal;

import io.asyncio4j.Task;
import io.asyncio4j.TimeoutError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
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

    /**
     * One task per distinct awaitable (duplicates collapse, as asyncio's {@code set(fs)}), completing in
     * the order the awaitables complete, each with the outcome of the awaitable that completed at that
     * rank; after {@code timeoutNanos} ({@code Long.MAX_VALUE}: never) the ones still pending fail with
     * {@link TimeoutError}.
     */
    public static <T> List<Task<T>> of(
            Collection<? extends CompletionStage<? extends T>> awaitables, long timeoutNanos) {
        return ranks(awaitables, timeoutNanos, false);
    }

    /**
     * As {@link #of}, but each task completes with the awaitable itself (Python 3.13's {@code async for
     * t in as_completed(tasks)}, which yields the tasks it was given).
     */
    public static <F extends CompletionStage<?>> List<Task<F>> originals(Collection<F> awaitables, long timeoutNanos) {
        return ranks(awaitables, timeoutNanos, true);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<Task<T>> ranks(
            Collection<? extends CompletionStage<?>> awaitables, long timeoutNanos, boolean yieldOriginals) {
        List<CompletionStage<?>> items = new ArrayList<>(new LinkedHashSet<>(awaitables));
        List<OpCore<T>> slots = new ArrayList<>(items.size());
        List<Task<T>> tasks = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            OpCore<T> slot = OpCore.createScheduled();
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
            Futures.whenDone(slots.get(slots.size() - 1), () -> Timers.cancel(timer));
        }
        AtomicInteger next = new AtomicInteger();
        for (CompletionStage<?> item : items) {
            item.whenComplete((value, failure) -> {
                OpCore<T> slot = slots.get(next.getAndIncrement());
                if (yieldOriginals) {
                    slot.completeValue((T) item);
                } else if (failure == null) {
                    slot.completeValue((T) value);
                } else {
                    slot.completeFailure(Sneaky.asCancelledError(Sneaky.unwrap(failure), null));
                }
            });
        }
        return Collections.unmodifiableList(tasks);
    }
}
