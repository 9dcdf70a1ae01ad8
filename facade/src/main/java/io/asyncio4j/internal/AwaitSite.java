package io.asyncio4j.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Makes the stack trace of a failure thrown by {@code await} (or by {@code run}) show where it was
 * awaited as well as where it failed, as a Python traceback runs from the {@code await} down to the
 * {@code raise}. The failure happened on another thread (a task's, an HTTP client's), so its own frames
 * end at that thread's root; the awaiting code's frames are appended after a boundary line:
 *
 * <pre>
 * java.io.IOException: boom
 *     at Crawler.fetch(Crawler.java:40)           where it failed, on the task's thread
 *     at ...
 *     at asyncio4j.awaited(the failure above was awaited here, below)
 *     at Crawler.lambda$main$2(Crawler.java:25)   the await, in the awaiting task
 * </pre>
 *
 * <p>The exception stays the same object (never wrapped or copied: {@code assertSame} and {@code catch}
 * keep working); each await it travels through adds one boundary, up to {@link #MAX_BOUNDARIES}, so a
 * failure passed up a chain of tasks shows the whole chain. Cancellations are left alone: they are
 * routine, not failures. An exception created without a writable stack trace is left alone too.
 */
public final class AwaitSite {
    /** The line separating where it failed from where it was awaited. */
    static final String BOUNDARY_CLASS = "asyncio4j";

    static final String BOUNDARY_METHOD = "awaited";
    static final int MAX_BOUNDARIES = 8;

    private AwaitSite() {}

    /** Reads a done future's outcome as {@link Sneaky#outcome}, adding the await site to a failure. */
    public static <T> T outcome(CompletableFuture<T> done) throws Exception {
        try {
            return Sneaky.outcome(done);
        } catch (Exception failure) {
            throw attach(failure);
        }
    }

    /** Appends the calling code's frames to {@code failure}'s stack trace; returns {@code failure}. */
    public static <E extends Throwable> E attach(E failure) {
        if (failure instanceof CancellationException) {
            return failure;
        }
        synchronized (failure) {
            StackTraceElement[] own = failure.getStackTrace();
            if (own.length == 0) {
                return failure; // not writable
            }
            int boundaries = 0;
            for (StackTraceElement frame : own) {
                if (isBoundary(frame)) {
                    boundaries++;
                }
            }
            if (boundaries >= MAX_BOUNDARIES) {
                return failure;
            }
            StackTraceElement[] here = new Throwable().getStackTrace();
            int from = 0;
            while (from < here.length && isLibrary(here[from])) {
                from++; // AwaitSite, Asyncio.await, With, …: start at the caller's line
            }
            int to = from;
            while (to < here.length && !here[to].getClassName().startsWith("io.asyncio4j.internal.")) {
                to++; // stop at the task's plumbing (BodyCore.run and the thread below it)
            }
            if (to == from) {
                return failure;
            }
            StackTraceElement[] combined = new StackTraceElement[own.length + 1 + to - from];
            System.arraycopy(own, 0, combined, 0, own.length);
            combined[own.length] = new StackTraceElement(
                    BOUNDARY_CLASS, BOUNDARY_METHOD, "the failure above was awaited here, below", -1);
            System.arraycopy(here, from, combined, own.length + 1, to - from);
            failure.setStackTrace(combined);
        }
        return failure;
    }

    static boolean isBoundary(StackTraceElement frame) {
        return BOUNDARY_CLASS.equals(frame.getClassName()) && BOUNDARY_METHOD.equals(frame.getMethodName());
    }

    /** The library's own frames above the user's call: internals and the blocking entry points. */
    private static boolean isLibrary(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.startsWith("io.asyncio4j.internal.")
                || cls.equals("io.asyncio4j.Asyncio")
                || cls.equals("io.asyncio4j.Task")
                || cls.equals("io.asyncio4j.Runner");
    }
}
