package io.asyncio4j.lincheck;

import io.asyncio4j.Lock;
import io.asyncio4j.Semaphore;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checks of the non-blocking operations, and of a waiting acquire cancelled at once, of {@link Semaphore} (unbounded: release may
 * raise the count past its start) and {@link Lock} against sequential counters. (BoundedSemaphore's
 * check lives in SemaphoreTest, written with the primitive.)
 */
@Timeout(600)
@Tag("lincheck")
class SemaphoreLincheckTest {

    /**
     * Initializes {@code Task} (which installs the binder every task needs) before Lincheck runs: under
     * Lincheck's instrumentation a class first initialized inside a checked operation did not install
     * it (a plain JVM does, on the first {@code acquire()}).
     */
    @BeforeAll
    static void initializeTask() {
        new Semaphore(1).acquire();
    }

    public static class SemaphoreModel {
        final Semaphore sem = new Semaphore(1);

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

        public boolean acquireThenCancel() {
            if (value == 0) {
                return true; // waited, withdrawn
            }
            value--; // took a permit (maybe one released while it waited): cancel() came too late
            return false;
        }

        public boolean locked() {
            return value == 0;
        }
    }

    public static class LockModel {
        final Lock lock = new Lock();

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

        public boolean acquireThenCancel() {
            if (held) {
                return true;
            }
            held = true;
            return false;
        }
    }

    /**
     * The semaphore with a waiter cancelled at once (issue 13): {@code cancel()} is true only if the
     * waiter took nothing, and a withdrawn waiter never takes a permit released later (a permit it did
     * take, it keeps). Checked in stress mode: the waiting path's kotlinx job and the loop's executor are
     * beyond what the model checker can replay deterministically.
     */
    public static class SemaphoreCancelModel extends SemaphoreModel {
        @Operation
        public boolean acquireThenCancel() {
            return sem.acquire().cancel();
        }
    }

    /** As {@link SemaphoreCancelModel}, for the lock. */
    public static class LockCancelModel extends LockModel {
        @Operation
        public boolean acquireThenCancel() {
            return lock.acquire().cancel();
        }
    }

    @Test
    void semaphore_waiterCancelledAtOnce_neverTakesALaterPermit_linearizable() {
        new StressOptions()
                .iterations(30)
                .invocationsPerIteration(300)
                .sequentialSpecification(SemaphoreSpec.class)
                .check(SemaphoreCancelModel.class);
    }

    @Test
    void lock_waiterCancelledAtOnce_neverTakesTheLockLater_linearizable() {
        new StressOptions()
                .iterations(30)
                .invocationsPerIteration(300)
                .sequentialSpecification(LockSpec.class)
                .check(LockCancelModel.class);
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
