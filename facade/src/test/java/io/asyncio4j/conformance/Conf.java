package io.asyncio4j.conformance;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import io.asyncio4j.TimeoutError;
import io.asyncio4j.stress.StressSupport;
import io.asyncio4j.testing.LogCapture;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.logging.LogRecord;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/** Shared helpers of the CPython conformance ports. */
final class Conf {
    /** Longer than any test may take: a sleep that only a cancellation ends. */
    static final Duration LONG = Duration.ofSeconds(30);

    private Conf() {}

    /** Repetitions of a race: at least 200 in the default run, 2000 under {@code -Dasyncio4j.stress.scale=full}. */
    static int reps() {
        return StressSupport.size(200, 2000);
    }

    /**
     * Waits until {@code task}'s body is parked in an {@code await} (or done), the Java stand-in for
     * CPython's {@code test_utils.run_briefly(loop)}. Must be called inside the run (it reads the
     * running loop's task dump on the calling thread).
     */
    static void parked(Task<?> task) {
        Awaitility.await()
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .atMost(Duration.ofSeconds(10))
                .until(() -> task.isDone() || waiting(task));
    }

    private static boolean waiting(Task<?> task) {
        String prefix = "Task[name=" + task.getName() + ",";
        for (String line : Asyncio.dumpTasks().split("\n")) {
            if (line.startsWith(prefix) && line.contains(" waiting on ")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@link TimeoutError} an exception carries when it was raised while a timeout expired (issue
     * 12 item 5, asyncio 3.13's {@code _insert_timeout_error}): as its cause where free, else as a
     * suppressed exception. Null if it carries none.
     */
    static @Nullable TimeoutError carriedTimeout(Throwable e) {
        if (e.getCause() instanceof TimeoutError) {
            return (TimeoutError) e.getCause();
        }
        for (Throwable s : e.getSuppressed()) {
            if (s instanceof TimeoutError) {
                return (TimeoutError) s;
            }
        }
        return null;
    }

    /** Log records whose thrown exception matches. */
    static long reports(LogCapture logs, Predicate<Throwable> thrown) {
        return logs.records().stream()
                .map(LogRecord::getThrown)
                .filter(t -> t != null && thrown.test(t))
                .count();
    }

    /** Waits until exactly {@code n} matching reports exist and stay so for a while (never more). */
    static void exactlyReports(LogCapture logs, Predicate<Throwable> thrown, int n) {
        if (n > 0) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reports(logs, thrown) >= n);
        }
        Awaitility.await()
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> reports(logs, thrown) == n);
    }

    /** A {@code BaseException} that is not an {@code Exception}: CPython's {@code MyBaseExc}. */
    static final class MyBaseExc extends Error {
        private static final long serialVersionUID = 1L;

        MyBaseExc() {
            super("MyBaseExc");
        }
    }

    /** CPython's {@code MyExc}. */
    static final class MyExc extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MyExc() {
            super("MyExc");
        }
    }
}
