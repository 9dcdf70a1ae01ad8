package io.asyncio4j.internal;

import io.asyncio4j.Outcome;
import io.asyncio4j.Task;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code gather}: one task that completes with every child's result in argument order.
 * Without {@code returnExceptions} the first failure fails it at once and the other children keep
 * running; cancelling it relays the request to every unfinished child and it then ends cancelled.
 */
public final class Gather {
    private Gather() {}

    /** Results in order; the first failure (a cancelled child counts as CancelledError) fails it. */
    @SuppressWarnings("unchecked")
    public static <T> Task<List<T>> values(List<? extends CompletableFuture<? extends T>> children) {
        return (Task<List<T>>) (Task<?>) start(children, false);
    }

    /** Each child's outcome in order; never fails because a child did. */
    @SuppressWarnings("unchecked")
    public static <T> Task<List<Outcome<T>>> outcomes(List<? extends CompletableFuture<? extends T>> children) {
        return (Task<List<Outcome<T>>>) (Task<?>) start(children, true);
    }

    private static Task<List<Object>> start(List<? extends CompletableFuture<?>> children, boolean returnExceptions) {
        OpCore<List<Object>> core = OpCore.<List<Object>>createScheduled().awaits(children);
        int n = children.size();
        if (n == 0) {
            core.completeValue(List.of());
            return core.task();
        }
        Object[] results = new Object[n];
        AtomicInteger remaining = new AtomicInteger(n);
        core.onCancel(message -> {
            for (CompletableFuture<?> child : children) {
                if (!child.isDone()) {
                    BodyCore.relayCancel(child, message);
                }
            }
        });
        for (int i = 0; i < n; i++) {
            Futures.onDone(children.get(i), new Child(core, results, remaining, i, returnExceptions));
        }
        return core.task();
    }

    /** One child's slot: a listener per child instead of a dependent future per child. */
    private static final class Child extends TaskCore.Listener {
        private final OpCore<List<Object>> core;
        private final Object[] results;
        private final AtomicInteger remaining;
        private final int index;
        private final boolean returnExceptions;

        Child(
                OpCore<List<Object>> core,
                Object[] results,
                AtomicInteger remaining,
                int index,
                boolean returnExceptions) {
            this.core = core;
            this.results = results;
            this.remaining = remaining;
            this.index = index;
            this.returnExceptions = returnExceptions;
        }

        @Override
        public void done(@Nullable Object value, @Nullable Throwable failure) {
            if (failure == null) {
                results[index] = returnExceptions ? new Outcome.Success<>(value) : value;
            } else {
                Throwable original = Sneaky.asCancelledError(Sneaky.unwrap(failure), null);
                if (returnExceptions) {
                    results[index] = new Outcome.Failure<>(original);
                } else {
                    core.completeFailure(original);
                }
            }
            if (remaining.decrementAndGet() == 0) {
                if (core.cancelling() > 0) {
                    core.completeCancelled(null);
                } else {
                    core.completeValue(Collections.unmodifiableList(Arrays.asList(results)));
                }
            }
        }
    }
}
