package io.asyncio4j.internal;

import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loop's debug-mode state, created the first time debug mode needs it: the operations watched for a
 * forgotten await ({@link Unawaited}), reported when the loop closes, and the watchdog that reports a
 * task body running longer than the slow callback duration without reaching an await.
 *
 * <p>The watchdog is one daemon thread for the whole process ({@code asyncio4j-watchdog}), started
 * with the first debug-mode body; it scans a loop's live tasks every half slow-callback duration
 * (between 5 ms and 500 ms) while any body of that loop is running, and stops scanning a loop whose
 * bodies are all parked or done until one resumes. A body's stretch is reported once, with its
 * thread's current stack.
 */
final class LoopDiagnostics {
    private static final long MIN_PERIOD = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_PERIOD = TimeUnit.MILLISECONDS.toNanos(500);

    private final Loop loop;
    private final Queue<Unawaited> unawaited = new ConcurrentLinkedQueue<>();
    private final AtomicInteger addedSinceSweep = new AtomicInteger();
    private volatile int keptAfterSweep;
    private final AtomicBoolean watching = new AtomicBoolean();

    LoopDiagnostics(Loop loop) {
        this.loop = loop;
    }

    // ---- forgotten awaits

    /** Keeps {@code watch} until it is settled or the loop closes (the global loop never closes). */
    void track(Unawaited watch) {
        if (loop == Loop.global()) {
            return; // reported when collected only
        }
        unawaited.add(watch);
        int added = addedSinceSweep.incrementAndGet();
        if (added > Math.max(1024, keptAfterSweep) && addedSinceSweep.compareAndSet(added, 0)) {
            int kept = 0;
            for (Iterator<Unawaited> it = unawaited.iterator(); it.hasNext(); ) {
                if (it.next().settled()) {
                    it.remove();
                } else {
                    kept++;
                }
            }
            keptAfterSweep = kept;
        }
    }

    /** The loop is closed: reports every operation nobody observed. */
    void closed() {
        Unawaited watch;
        while ((watch = unawaited.poll()) != null) {
            watch.report();
        }
    }

    // ---- blocking bodies

    /** A body of this loop is running: makes sure the watchdog scans the loop. */
    void watchBodies() {
        if (!watching.get() && watching.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        long period = Math.max(MIN_PERIOD, Math.min(MAX_PERIOD, loop.slowCallbackNanos() / 2));
        Watchdog.THREAD.schedule(this::scan, period, TimeUnit.NANOSECONDS);
    }

    private void scan() {
        boolean anyRunning;
        try {
            anyRunning = report(loop.liveCores());
        } catch (RuntimeException | Error unexpected) {
            Diagnostics.callbackFailed("the blocking-body watchdog of " + loop, unexpected);
            anyRunning = true;
        }
        if (loop.isClosed()) {
            return; // watching stays set: a closed loop runs no body
        }
        if (!anyRunning) {
            watching.set(false);
            // a body may have resumed after the scan and seen watching still set: look again
            if (!report(loop.liveCores()) || !watching.compareAndSet(false, true)) {
                return;
            }
        }
        schedule();
    }

    /** Reports the bodies running too long; true if any body is running. */
    private boolean report(List<TaskCore<?>> cores) {
        boolean anyRunning = false;
        long slow = loop.slowCallbackNanos();
        for (TaskCore<?> core : cores) {
            if (!(core instanceof BodyCore)) {
                continue;
            }
            BodyCore<?> body = (BodyCore<?>) core;
            BodyWatch watch = body.watch();
            if (watch == null) {
                continue;
            }
            long since = watch.resumedAt;
            if (since == BodyWatch.IDLE) {
                continue;
            }
            anyRunning = true;
            long ran = System.nanoTime() - since;
            if (ran <= slow || watch.reportedFor == since) {
                continue;
            }
            Thread thread = body.thread();
            if (thread == null) {
                continue;
            }
            StackTraceElement[] stack = thread.getStackTrace();
            if (watch.resumedAt != since) {
                continue; // it reached an await meanwhile: the stack is not this stretch's
            }
            watch.reportedFor = since;
            Diagnostics.blockingBody(
                    body.task().toString(), ran, slow, LibraryFrames.format(LibraryFrames.upToBody(stack, 0)));
        }
        return anyRunning;
    }

    /** The process-wide watchdog thread, created with the first debug-mode body. */
    private static final class Watchdog {
        static final ScheduledThreadPoolExecutor THREAD = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = new Thread(runnable, "asyncio4j-watchdog");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
