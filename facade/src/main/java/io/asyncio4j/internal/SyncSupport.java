package io.asyncio4j.internal;

import io.asyncio4j.Permit;
import io.asyncio4j.Task;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** Shared plumbing of the synchronization primitives (not public API). */
public final class SyncSupport {
    private SyncSupport() {}

    /** A task already completed with {@code value}. */
    public static <T> Task<T> done(@Nullable T value) {
        OpCore<T> core = OpCore.create();
        core.completeValue(value);
        return core.task();
    }

    /** A task already failed with {@code failure}. */
    public static <T> Task<T> failed(Throwable failure) {
        OpCore<T> core = OpCore.create();
        core.completeFailure(failure);
        return core.task();
    }

    /**
     * {@code async with}: waits for {@code acquire}, runs {@code body}, and closes the permit when the
     * body's stage completes (also when it fails or is cancelled). Cancelling the result cancels the
     * acquire while it waits, and is relayed to the body's stage once it runs.
     */
    public static <T> Task<T> with(Task<Permit> acquire, Callable<? extends CompletionStage<T>> body) {
        OpCore<T> core = OpCore.createScheduled();
        AtomicReference<@Nullable Future<?>> running = new AtomicReference<>(acquire);
        core.onCancel(message -> {
            Future<?> current = running.get();
            if (current != null) {
                BodyCore.relayCancel(current, message);
            }
        });
        acquire.whenComplete((permit, failure) -> {
            if (failure != null) {
                core.completeFailure(Sneaky.unwrap(failure));
                return;
            }
            if (core.cancelling() > 0) {
                permit.close();
                core.completeCancelled(null);
                return;
            }
            CompletionStage<T> stage;
            try {
                stage = body.call();
                if (stage == null) {
                    throw new NullPointerException("body returned null instead of a CompletionStage");
                }
            } catch (Throwable t) {
                permit.close();
                core.completeFailure(t);
                return;
            }
            if (stage instanceof Future) {
                running.set((Future<?>) stage);
                if (core.cancelling() > 0) {
                    BodyCore.relayCancel((Future<?>) stage, core.cancelMessage());
                }
            } else {
                running.set(null);
            }
            stage.whenComplete((value, bodyFailure) -> {
                try {
                    permit.close();
                } catch (RuntimeException releaseFailure) {
                    if (bodyFailure == null) {
                        core.completeFailure(releaseFailure);
                        return;
                    }
                }
                if (bodyFailure == null) {
                    core.completeValue(value);
                } else {
                    core.completeFailure(Sneaky.asCancelledError(Sneaky.unwrap(bodyFailure), core.cancelMessage()));
                }
            });
        });
        return core.task();
    }
}
