package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.Delay;
import kotlinx.coroutines.DelayKt;
import kotlinx.coroutines.DisposableHandle;
import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;

/**
 * Sleeps and one-shot timers on kotlinx's timer: the {@code Delay} that kotlinx's own {@code delay} and
 * {@code withTimeout} schedule on (its {@code DefaultExecutor}), through {@code invokeOnTimeout}. No
 * thread sleeps, and no coroutine is launched per timer: a {@code launch { delay }} costs about 370
 * bytes a sleep (the coroutine, its continuation, dispatcher wrapper, child handle and three combined
 * contexts), a timer entry about 40. Expiry hops to the loop's executor, so user continuations never run
 * on kotlinx's single timer thread. Like kotlinx, the timer counts whole milliseconds, rounding up.
 *
 * <p>{@code Delay} is marked {@code @InternalCoroutinesApi} in kotlinx (stable in practice; {@code
 * withTimeout} is built on it); the kotlinx version is pinned by the build.
 */
public final class Timers {
    private static final Delay KOTLINX_TIMER = DelayKt.getDelay(EmptyCoroutineContext.INSTANCE);

    private Timers() {}

    /**
     * A task that completes with {@code value} after {@code nanos}; a cancellation request disarms the
     * timer and ends the task cancelled. Zero nanoseconds still completes asynchronously, which is how
     * {@code sleep(0)} yields; started in a task body, it completes when that body next waits (see
     * {@link BodyCore#deferYield}), as asyncio's {@code sleep(0)} resumes once the running task yields.
     */
    public static <T> Task<T> sleep(long nanos, @Nullable T value) {
        Loop loop = Loop.current();
        OpCore<T> core = new OpCore<T>(loop, null, false).suspensionPoint();
        Task<T> task = core.attach();
        core.watchUnawaited();
        if (nanos == 0) {
            core.onWithdraw(core::completeCancelled);
            Runnable completion = () -> core.completeValue(value);
            BodyCore<?> body = BodyCore.current();
            if (body != null && body.mayDeferYield()) { // a body's sleep is of its own loop
                body.deferYield(core, completion);
            } else {
                loop.executor().execute(completion);
            }
            return task;
        }
        new Sleep<>(core, value, loop.executor()).arm(nanos);
        return task;
    }

    /** One sleep: the timer's action, the executor hop and the cancel hook in one object. */
    private static final class Sleep<T> implements Runnable, OpCore.Withdraw {
        private final OpCore<T> core;
        private final @Nullable T value;
        private final Executor executor;
        private volatile @Nullable DisposableHandle timer; // set before the cancel hook is installed
        private boolean fired; // written on the timer thread, read there and on the executor

        Sleep(OpCore<T> core, @Nullable T value, Executor executor) {
            this.core = core;
            this.value = value;
            this.executor = executor;
        }

        void arm(long nanos) {
            timer = KOTLINX_TIMER.invokeOnTimeout(millis(nanos), this, EmptyCoroutineContext.INSTANCE);
            core.onWithdraw(this);
        }

        @Override
        public void run() {
            if (!fired) { // on kotlinx's timer thread: wake the parked body, or hop to the loop
                fired = true;
                if (!core.handOff(this)) {
                    executor.execute(this);
                }
            } else {
                core.completeValue(value);
            }
        }

        @Override
        public boolean withdraw(@Nullable String message) {
            DisposableHandle t = timer;
            if (t != null) {
                t.dispose();
            }
            return core.completeCancelled(message); // false once the value is in: asyncio's sleep future
        }
    }

    /** Runs {@code action} on the loop's executor after {@code nanos}; dispose the handle to disarm it. */
    public static DisposableHandle schedule(Loop loop, long nanos, Runnable action) {
        Executor executor = loop.executor();
        return KOTLINX_TIMER.invokeOnTimeout(
                millis(nanos), () -> executor.execute(action), EmptyCoroutineContext.INSTANCE);
    }

    /** Disarms a timer; null is ignored. */
    public static void cancel(@Nullable DisposableHandle timer) {
        if (timer != null) {
            timer.dispose();
        }
    }

    /** Cancels a kotlinx job; null is ignored. */
    public static void cancel(@Nullable Job job) {
        if (job != null) {
            job.cancel((CancellationException) null);
        }
    }

    /** Whole milliseconds, rounded up as kotlinx's {@code delay(Duration)} does; saturates. */
    static long millis(long nanos) {
        long ms = nanos / 1_000_000;
        return nanos % 1_000_000 > 0 ? ms + 1 : ms;
    }
}
