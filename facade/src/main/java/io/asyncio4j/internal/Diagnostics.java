package io.asyncio4j.internal;

import java.lang.System.Logger.Level;
import java.lang.ref.Cleaner;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The messages of debug mode and of never-retrieved exceptions, logged through {@link System.Logger}
 * named {@code io.asyncio4j} (so SLF4J, Log4j or JUL users find them where they already look).
 */
public final class Diagnostics {
    /** The logger every diagnostic goes to. */
    public static final String LOGGER_NAME = "io.asyncio4j";

    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);
    private static final Cleaner CLEANER = Cleaner.create();

    private static final ThreadLocal<Boolean> REPORTED_IN_SEGMENT = new ThreadLocal<>();

    private Diagnostics() {}

    /** Notes that a slow callback was reported inside the coroutine segment running on this thread. */
    static void markReportedInSegment() {
        REPORTED_IN_SEGMENT.set(Boolean.TRUE);
    }

    /** Whether a slow callback was reported inside the segment now ending; clears the note. */
    static boolean takeReportedInSegment() {
        boolean reported = REPORTED_IN_SEGMENT.get() != null;
        if (reported) {
            REPORTED_IN_SEGMENT.remove();
        }
        return reported;
    }

    /** Logs a callback or continuation that held a thread for {@code nanos}, as asyncio's debug mode. */
    public static void slowCallback(String what, long nanos, @Nullable CreationSite site) {
        if (LOG.isLoggable(Level.WARNING)) {
            LOG.log(
                    Level.WARNING,
                    String.format(Locale.ROOT, "Executing %s took %.3f seconds", what, nanos / 1e9)
                            + (site == null ? "" : "; created at " + site.caller()));
        }
    }

    /** Logs a blocking wait made on a loop thread, where it holds a thread other work needs. */
    public static void blockingCall(String call, Loop loop) {
        LOG.log(
                Level.WARNING,
                "Blocking call to " + call + " inside a callback of " + loop
                        + "; it holds a loop thread (await inside a task body instead)",
                new CreationSite());
    }

    /** Logs an exception nobody retrieved, once, with where its task was created when known. */
    public static void neverRetrieved(UnretrievedReport report) {
        if (report.claimLog()) {
            CreationSite site = report.site();
            LOG.log(
                    Level.ERROR,
                    "Task exception was never retrieved: " + report.taskName()
                            + (site == null ? "" : "\n  task created at\n" + site.frames()),
                    report.failure());
        }
    }

    /** Logs a cleanup failure that has nowhere else to go, as asyncio's exception handler would. */
    public static void cleanupFailed(String what, Throwable failure) {
        LOG.log(Level.ERROR, "Exception in the cleanup of " + what, failure);
    }

    /** Logs a failure thrown by a loop callback (asyncio's default exception handler). */
    public static void callbackFailed(String what, Throwable failure) {
        LOG.log(Level.ERROR, "Exception in callback " + what, failure);
    }

    /** Logs an operation whose task nobody awaited, as asyncio's "coroutine … was never awaited". */
    static void neverAwaited(String operation, CreationSite site) {
        LOG.log(
                Level.WARNING,
                operation + " was never awaited: nobody awaited, joined, composed, cancelled or added a callback"
                        + " to the task it returned\n  task created at\n" + site.frames());
    }

    /** Logs a task body that has held its thread for {@code nanos} without reaching an await. */
    static void blockingBody(String task, long nanos, long slowNanos, String where) {
        LOG.log(
                Level.WARNING,
                String.format(
                                Locale.ROOT,
                                "%s has run %.3f seconds without reaching an await (slow callback duration %.3f"
                                        + " seconds): it blocks its thread; move blocking work to"
                                        + " Asyncio.toThread\n  it is at\n",
                                task,
                                nanos / 1e9,
                                slowNanos / 1e9)
                        + where);
    }

    /** Runs {@code action} once {@code owner} is collected (on the cleaner's thread). */
    static void whenCollected(Object owner, Runnable action) {
        CLEANER.register(owner, action);
    }

    /** Logs {@code report} when {@code owner} is collected, unless it was retrieved or logged before. */
    static void logWhenCollected(Object owner, UnretrievedReport report) {
        CLEANER.register(owner, () -> neverRetrieved(report));
    }
}
