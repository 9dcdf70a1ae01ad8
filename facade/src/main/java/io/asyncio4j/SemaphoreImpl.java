package io.asyncio4j;

import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.Sync;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.sync.SemaphoreKt;

/**
 * The kotlinx semaphore behind {@link Semaphore} and {@link BoundedSemaphore} (not public API).
 *
 * <p>kotlinx's {@code Semaphore(permits)} refuses a release that would exceed {@code permits}, while
 * asyncio's plain {@code Semaphore.release()} may raise the value above its initial value. So a plain
 * semaphore is a kotlinx semaphore of {@link Integer#MAX_VALUE} permits of which {@code MAX_VALUE -
 * value} start acquired: its available count is exactly asyncio's value, and only a value of {@code
 * MAX_VALUE} refuses a release. A bounded one is a kotlinx semaphore of {@code value} permits, whose
 * own check is asyncio's {@code BoundedSemaphore} check (value 0, which kotlinx does not allow, is
 * handled here: every release of it fails).
 */
final class SemaphoreImpl {
    final kotlinx.coroutines.sync.Semaphore semaphore;
    private final boolean bounded;
    private final int initial;

    SemaphoreImpl(int value, boolean bounded) {
        this.bounded = bounded;
        this.initial = value;
        if (!bounded) {
            semaphore = SemaphoreKt.Semaphore(Integer.MAX_VALUE, Integer.MAX_VALUE - value);
        } else if (value == 0) {
            semaphore = SemaphoreKt.Semaphore(1, 1);
        } else {
            semaphore = SemaphoreKt.Semaphore(value, 0);
        }
    }

    /** Acquires a permit; the task completes with {@code value} once it is held. */
    <T> Task<T> acquire(T value) {
        if (semaphore.tryAcquire()) {
            return SyncSupport.done(value);
        }
        OpCore<T> core = OpCore.create();
        Job job = Sync.launchAcquire(
                core.loop().scope(),
                semaphore,
                () -> {
                    if (!core.completeValue(value)) {
                        semaphore.release(); // the task ended another way: give the permit back
                    }
                },
                failure -> core.completeFailure(SyncSupport.cancelledOr(core, failure)));
        core.onCancel(message -> job.cancel(null));
        return core.task();
    }

    Task<Permit> acquirePermit() {
        return acquire(new Permit(this::release));
    }

    boolean tryAcquire() {
        return semaphore.tryAcquire();
    }

    void release() {
        if (bounded && initial == 0) {
            throw tooMany();
        }
        try {
            semaphore.release();
        } catch (IllegalStateException e) {
            if (bounded) {
                throw tooMany();
            }
            throw new IllegalStateException("Semaphore value cannot exceed Integer.MAX_VALUE", e);
        }
    }

    private IllegalStateException tooMany() {
        return new IllegalStateException(
                "BoundedSemaphore released too many times: its value is already its initial value " + initial);
    }

    int value() {
        return semaphore.getAvailablePermits();
    }

    boolean locked() {
        return semaphore.getAvailablePermits() == 0;
    }
}
