package io.asyncio4j.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Task;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Shared helpers of the primitive and queue conformance tests (test_locks.py, test_queues.py). */
final class PrimitivesSupport {
    private PrimitivesSupport() {}

    /** Repetitions of every race in the default run (issue 13: at least 200). */
    static final int RACES = Math.max(200, Integer.getInteger("asyncio4j.conformance.races", 200));

    /** How long a step that must happen may take before the test calls it a hang. */
    static final Duration HANG = Duration.ofSeconds(5);

    private static final Method WAITING_ON;

    static {
        try {
            WAITING_ON = Task.class.getDeclaredMethod("waitingOn");
            WAITING_ON.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Waits until a task's body is parked in an {@code await} (asyncio's "await asyncio.sleep(0) so the
     * task reaches its first wait"), or the task is done.
     */
    static void parked(Task<?> task) {
        Awaitility.await()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .atMost(Duration.ofSeconds(10))
                .until(() -> waitingOn(task) != null || task.isDone());
    }

    private static Object waitingOn(Task<?> task) {
        try {
            return WAITING_ON.invoke(task);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code condition} holds (an eventual state, never a fixed sleep). */
    static void eventually(BooleanSupplier condition) {
        Awaitility.await()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .atMost(Duration.ofSeconds(10))
                .until(condition::getAsBoolean);
    }

    /**
     * Gives pending work a short chance to run, for the assertions that something did <em>not</em>
     * happen (asyncio's {@code await asyncio.sleep(0)} before {@code assertFalse(t.done())}).
     */
    static void brief() throws Exception {
        if (Asyncio.currentTask() != null) {
            Asyncio.await(Asyncio.sleep(Duration.ofMillis(20)));
        } else {
            new CompletableFuture<Void>()
                    .completeOnTimeout(null, 20, TimeUnit.MILLISECONDS)
                    .join();
        }
    }

    /** The value of a task that must complete; fails the test (instead of hanging) after {@link #HANG}. */
    static <T> T done(CompletableFuture<T> task, String what) throws Exception {
        try {
            return task.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail(what + ": still pending after " + HANG + ": " + task);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw e;
        }
    }

    /** Asserts that a task ends cancelled (within {@link #HANG}) and returns its CancelledError. */
    static CancellationException endsCancelled(CompletableFuture<?> task, String what) {
        try {
            Object value = task.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
            return fail(what + ": expected to end cancelled, completed with " + value);
        } catch (CancellationException e) {
            assertThat(task.isCancelled()).as(what + " isCancelled").isTrue();
            // JDK 23+ get() throws a fresh CancellationException ("get") caused by the stored one
            return e.getCause() instanceof CancellationException ? (CancellationException) e.getCause() : e;
        } catch (TimeoutException e) {
            return fail(what + ": expected to end cancelled, still pending after " + HANG + ": " + task);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException) {
                return (CancellationException) e.getCause();
            }
            return fail(what + ": expected to end cancelled, failed with " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** The CancelledError (or failure) a task body ended with, by awaiting it. */
    static Throwable failureOf(CompletableFuture<?> task) {
        try {
            done(task, "task");
            return fail("expected a failure, completed normally: " + task);
        } catch (Exception e) {
            return e;
        }
    }

    /** Whether a pending task stays pending for a short while (a negative check, see {@link #brief}). */
    static boolean staysPending(CompletableFuture<?> task) throws Exception {
        brief();
        return !task.isDone();
    }

    /**
     * Runs {@code a} and {@code b} on two threads released together, {@code rounds} times, with {@code
     * setup} before and {@code check} after every round on the calling thread. Used to force races
     * between two library calls.
     */
    static void raceOnTwoThreads(int rounds, Runnable setup, Runnable a, Runnable b, Runnable check) throws Exception {
        CyclicBarrier start = new CyclicBarrier(3);
        CyclicBarrier end = new CyclicBarrier(3);
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[2];
        Runnable[] work = {a, b};
        for (int i = 0; i < 2; i++) {
            Runnable w = work[i];
            threads[i] = new Thread(
                    () -> {
                        try {
                            for (int r = 0; r < rounds; r++) {
                                start.await();
                                try {
                                    w.run();
                                } catch (Throwable t) {
                                    synchronized (failure) {
                                        if (failure[0] == null) {
                                            failure[0] = t;
                                        }
                                    }
                                }
                                end.await();
                            }
                        } catch (Exception e) {
                            // the driver gave up (a failed check); end quietly
                        }
                    },
                    "conformance-race-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        try {
            for (int r = 0; r < rounds; r++) {
                setup.run();
                start.await(10, TimeUnit.SECONDS);
                end.await(10, TimeUnit.SECONDS);
                synchronized (failure) {
                    if (failure[0] != null) {
                        throw new AssertionError("round " + r + ": a racing call failed", failure[0]);
                    }
                }
                try {
                    check.run();
                } catch (AssertionError e) {
                    throw new AssertionError("round " + r + " of " + rounds + ": " + e.getMessage(), e);
                }
            }
        } finally {
            for (Thread t : threads) {
                t.interrupt();
            }
            start.reset();
            end.reset();
        }
    }

    /** True if {@code e} is (or wraps) asyncio's CancelledError. */
    static boolean isCancelledError(Throwable e) {
        return e instanceof CancelledError || e instanceof CancellationException;
    }
}
