package io.asyncio4j.internal;

import io.asyncio4j.CancelledError;
import io.asyncio4j.Task;
import java.util.concurrent.Callable;
import kotlinx.coroutines.sync.Semaphore;
import kotlinx.coroutines.sync.SemaphoreKt;
import org.jspecify.annotations.Nullable;

/**
 * The kotlinx semaphore behind {@code Semaphore}, {@code BoundedSemaphore} and {@code Lock}.
 *
 * <p>kotlinx's {@code Semaphore(permits)} refuses a release that would exceed {@code permits}, while
 * asyncio's plain {@code Semaphore.release()} may raise the value above its initial value. So a plain
 * semaphore is a kotlinx semaphore of {@link Integer#MAX_VALUE} permits of which {@code MAX_VALUE -
 * value} start acquired: its available count is exactly asyncio's value, and only a value of {@code
 * MAX_VALUE} refuses a release. A bounded one is a kotlinx semaphore of {@code value} permits, whose
 * own check is asyncio's {@code BoundedSemaphore} check (value 0, which kotlinx does not allow, is
 * handled here: every release of it fails). A lock is a bounded semaphore of one permit: asyncio's
 * lock has no owner, and kotlinx's {@code Mutex}, which records one, spins in {@code unlock} while a
 * hand-over to a waiter has not recorded its new owner yet.
 *
 * <p>A waiting acquire is a {@link Waiter} (no coroutine): {@code cancel()} on its task withdraws it
 * from kotlinx's queue inside the call, and answers true only if it never holds the permit.
 */
public final class SemaphoreImpl {
    private final Semaphore semaphore;
    private final boolean bounded;
    private final int initial;
    private final String tooMany;

    /**
     * @param value the initial permits
     * @param bounded whether a release above {@code value} fails
     * @param tooMany the message of that failure, or null for {@code BoundedSemaphore}'s
     */
    public SemaphoreImpl(int value, boolean bounded, @Nullable String tooMany) {
        this.bounded = bounded;
        this.initial = value;
        this.tooMany = tooMany != null
                ? tooMany
                : "BoundedSemaphore released too many times: its value is already its initial value " + value;
        if (!bounded) {
            semaphore = SemaphoreKt.Semaphore(Integer.MAX_VALUE, Integer.MAX_VALUE - value);
        } else if (value == 0) {
            semaphore = SemaphoreKt.Semaphore(1, 1);
        } else {
            semaphore = SemaphoreKt.Semaphore(value, 0);
        }
    }

    /** Acquires a permit; the task completes with {@code value} once it is held. */
    public <T> Task<T> acquire(@Nullable T value) {
        if (semaphore.tryAcquire()) {
            return SyncSupport.done(value);
        }
        OpCore<T> core = OpCore.create();
        Acquire<T> waiter = new Acquire<>(core, value, semaphore);
        core.onWithdraw(waiter);
        waiter.start(semaphore);
        return core.task();
    }

    /**
     * Acquires a permit in the current task body, runs {@code body} there and releases the permit when
     * it ends, normally or not: {@code async with} in direct style.
     */
    public <T> T with(Callable<? extends T> body) throws Exception {
        Checks.notNull(body, "body");
        io.asyncio4j.Asyncio.await(acquire(null));
        try {
            return body.call();
        } finally {
            release();
        }
    }

    /**
     * A waiting acquire for the library's own compound operations (a condition's re-acquire): {@code
     * taken} runs inline in the releasing thread once the permit is held, so it must run no user code;
     * {@code aborted} runs if the permit comes once the loop is closed. Start it with {@link #start(Waiter)}.
     */
    public Waiter waiter(Loop loop, Runnable taken, Runnable aborted) {
        return new Raw(loop, taken, aborted);
    }

    /** Starts {@code waiter} on this semaphore; it may be taken before this returns. */
    public void start(Waiter waiter) {
        waiter.start(semaphore);
    }

    private final class Raw extends Waiter {
        private final Runnable onTaken;
        private final Runnable onAborted;

        Raw(Loop loop, Runnable taken, Runnable aborted) {
            super(loop);
            this.onTaken = taken;
            this.onAborted = aborted;
        }

        @Override
        protected void taken() {
            onTaken.run();
        }

        @Override
        protected void giveBack() {
            semaphore.release();
        }

        @Override
        protected void aborted(Throwable failure) {
            onAborted.run();
        }
    }

    /** Takes a permit if one is free and nobody waits. */
    public boolean tryAcquire() {
        return semaphore.tryAcquire();
    }

    /** Releases a permit: the longest waiting acquirer takes it before this returns. */
    public void release() {
        if (bounded && initial == 0) {
            throw new IllegalStateException(tooMany);
        }
        try {
            semaphore.release();
        } catch (IllegalStateException e) {
            if (bounded) {
                throw new IllegalStateException(tooMany);
            }
            throw new IllegalStateException("Semaphore value cannot exceed Integer.MAX_VALUE", e);
        }
    }

    /** The free permits (0 while acquirers wait). */
    public int value() {
        return semaphore.getAvailablePermits();
    }

    /** Whether an acquire would wait. */
    public boolean locked() {
        return semaphore.getAvailablePermits() == 0;
    }

    /**
     * A waiting acquire, behind its operation task: withdrawing it cancels the task at once; once the
     * permit is taken (inline, in the releasing thread), the task completes on the loop's executor, so
     * that no callback of the acquirer runs inside another task's {@code release()}.
     */
    private static final class Acquire<T> extends Waiter implements OpCore.Withdraw, OpCore.Undo, Runnable {
        private final OpCore<T> core;
        private final @Nullable T value;
        private final Semaphore semaphore;

        Acquire(OpCore<T> core, @Nullable T value, Semaphore semaphore) {
            super(core.loop());
            this.core = core;
            this.value = value;
            this.semaphore = semaphore;
        }

        @Override
        protected void taken() {
            core.undoWith(this); // itself, not a lambda: no allocation in the releasing thread
            if (!core.handOff(this)) {
                core.loop().executor().execute(this);
            }
        }

        @Override
        public void run() {
            core.completeValue(value);
        }

        @Override
        public boolean tryUndo() {
            semaphore.release(); // held, so never above the bound
            return true;
        }

        @Override
        protected void giveBack() {
            semaphore.release();
        }

        @Override
        protected void aborted(Throwable failure) {
            core.completeFailure(new CancelledError(core.cancelMessage()));
        }

        @Override
        public boolean withdraw(@Nullable String message) {
            if (withdraw()) {
                core.completeCancelled(null);
                return true;
            }
            return false;
        }
    }
}
