package io.asyncio4j.internal;

/**
 * Debug mode's view of one task body for the blocking-body watchdog: when its current stretch of
 * running (from its start or its return from an {@code await} to its next {@code await}) began. Only
 * bodies created in debug mode have one.
 */
final class BodyWatch {
    /** {@link #resumedAt} while the body is parked in an await, or not running. */
    static final long IDLE = Long.MIN_VALUE;

    /** When the running stretch began ({@code System.nanoTime()}), or {@link #IDLE}. */
    volatile long resumedAt = IDLE;

    /** The stretch already reported; read and written by the watchdog thread only. */
    long reportedFor = IDLE;

    /** The body starts running or returns from an await. */
    void resumed(Loop loop) {
        long now = System.nanoTime();
        resumedAt = now == IDLE ? now + 1 : now;
        loop.diagnostics().watchBodies();
    }

    /** The body parks in an await, or ends. */
    void parked() {
        resumedAt = IDLE;
    }
}
