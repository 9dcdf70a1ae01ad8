package io.asyncio4j.internal;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a task or callback was created, captured only in debug mode; shown in diagnostics the way
 * asyncio's debug mode shows a task's {@code _source_traceback}.
 */
public final class CreationSite extends Throwable {
    private static final long serialVersionUID = 1L;

    private final long nanos = System.nanoTime();

    /** Captures the caller's stack. */
    public CreationSite() {
        super("created at", null, false, true);
    }

    /** Seconds since the capture. */
    public double ageSeconds() {
        return (System.nanoTime() - nanos) / 1e9;
    }

    /** The first frame outside asyncio4j, or the first frame when all are ours. */
    public String caller() {
        StackTraceElement[] frames = getStackTrace();
        for (StackTraceElement frame : frames) {
            String cls = frame.getClassName();
            if (!cls.startsWith("io.asyncio4j.") || cls.startsWith("io.asyncio4j.samples.")) {
                return frame.toString();
            }
        }
        return frames.length > 0 ? frames[0].toString() : "<unknown>";
    }

    /** The frames outside asyncio4j's own code, one per line. */
    public String frames() {
        return Arrays.stream(getStackTrace())
                .filter(f -> !f.getClassName().startsWith("io.asyncio4j.internal."))
                .map(f -> "    at " + f)
                .collect(Collectors.joining("\n"));
    }
}
