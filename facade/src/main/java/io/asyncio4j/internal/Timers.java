package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.concurrent.CancellationException;
import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;

/** Sleeps and one-shot timers on kotlinx's delay machinery; no thread sleeps. */
public final class Timers {
    private Timers() {}

    /**
     * A task that completes with {@code value} after {@code nanos}; a cancellation request cancels the
     * kotlinx {@code delay} and ends the task cancelled. Zero nanoseconds still completes asynchronously,
     * which is how {@code sleep(0)} yields.
     */
    public static <T> Task<T> sleep(long nanos, @Nullable T value) {
        Loop loop = Loop.current();
        OpCore<T> core = new OpCore<>(loop, null, false);
        Task<T> task = core.attach();
        if (nanos == 0) {
            core.onCancel(core::completeCancelled);
            loop.executor().execute(() -> core.completeValue(value));
            return task;
        }
        Job job = Coroutines.launchSleep(
                loop.scope(), nanos, () -> core.completeValue(value), () -> core.completeCancelled(null));
        core.onCancel(message -> cancel(job));
        return task;
    }

    /** Runs {@code action} on the loop after {@code nanos}; cancel the returned job to disarm it. */
    public static Job schedule(Loop loop, long nanos, Runnable action) {
        return Coroutines.launchTimer(loop.scope(), nanos, action);
    }

    /** Cancels a kotlinx job (disarms a timer); null is ignored. */
    public static void cancel(@Nullable Job job) {
        if (job != null) {
            job.cancel((CancellationException) null);
        }
    }
}
