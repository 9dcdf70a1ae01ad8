package io.asyncio4j.internal;

/** The monotonic clock of every loop, in seconds as asyncio's {@code loop.time()}. */
public final class Clock {
    private static final long ORIGIN = System.nanoTime();

    private Clock() {}

    /** Seconds since an arbitrary fixed origin; only differences are meaningful. */
    public static double now() {
        return (System.nanoTime() - ORIGIN) / 1e9;
    }

    /** Nanoseconds from now until {@code when} (a {@link #now()} value), at least zero, saturating. */
    public static long nanosUntil(double when) {
        double seconds = when - now();
        if (!(seconds > 0)) {
            return 0;
        }
        double nanos = seconds * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos;
    }
}
