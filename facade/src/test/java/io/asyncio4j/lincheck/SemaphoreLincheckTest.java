package io.asyncio4j.lincheck;

import io.asyncio4j.Lock;
import io.asyncio4j.Semaphore;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checks of the non-blocking operations of {@link Semaphore} (unbounded: release may
 * raise the count past its start) and {@link Lock} against sequential counters. (BoundedSemaphore's
 * check lives in SemaphoreTest, written with the primitive.)
 */
@Timeout(600)
@Tag("lincheck")
class SemaphoreLincheckTest {

    public static class SemaphoreModel {
        private final Semaphore sem = new Semaphore(1);

        @Operation
        public boolean tryAcquire() {
            return sem.tryAcquire();
        }

        @Operation
        public void release() {
            sem.release();
        }

        @Operation
        public int availablePermits() {
            return sem.availablePermits();
        }

        @Operation
        public boolean locked() {
            return sem.locked();
        }
    }

    public static class SemaphoreSpec {
        private int value = 1;

        public boolean tryAcquire() {
            if (value == 0) {
                return false;
            }
            value--;
            return true;
        }

        public void release() {
            value++;
        }

        public int availablePermits() {
            return value;
        }

        public boolean locked() {
            return value == 0;
        }
    }

    public static class LockModel {
        private final Lock lock = new Lock();

        @Operation
        public boolean tryAcquire() {
            return lock.tryAcquire();
        }

        @Operation
        public boolean release() {
            try {
                lock.release();
                return true;
            } catch (IllegalStateException notHeld) {
                return false;
            }
        }

        @Operation
        public boolean locked() {
            return lock.locked();
        }
    }

    public static class LockSpec {
        private boolean held;

        public boolean tryAcquire() {
            if (held) {
                return false;
            }
            held = true;
            return true;
        }

        public boolean release() {
            if (!held) {
                return false;
            }
            held = false;
            return true;
        }

        public boolean locked() {
            return held;
        }
    }

    @Test
    void semaphore_tryAcquireReleaseAvailable_linearizable() {
        new ModelCheckingOptions()
                .iterations(2)
                .invocationsPerIteration(50)
                .sequentialSpecification(SemaphoreSpec.class)
                .check(SemaphoreModel.class);
    }

    /**
     * Caught: release() cleared the holder before unlocking the mutex, so a concurrent release() found
     * the lock "not acquired" while locked() still returned true.
     */
    @Test
    void lock_releaseRacingRelease_neverFreeForReleaseWhileLocked_linearizable() {
        new ModelCheckingOptions()
                .iterations(2)
                .invocationsPerIteration(50)
                .sequentialSpecification(LockSpec.class)
                .check(LockModel.class);
    }

    @Test
    @Tag("stress")
    void semaphoreHeavy_tryAcquireReleaseAvailable_linearizable() {
        new ModelCheckingOptions()
                .iterations(60)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(SemaphoreSpec.class)
                .check(SemaphoreModel.class);
    }

    @Test
    @Tag("stress")
    void lockHeavy_tryAcquireReleaseLocked_linearizable() {
        new ModelCheckingOptions()
                .iterations(60)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(LockSpec.class)
                .check(LockModel.class);
    }
}
