package io.asyncio4j.bench;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Names of the compared runtimes and the explicit executors of the plain-JDK baselines. */
public final class Runtimes {
    private Runtimes() {}

    /** asyncio4j, future style: compose the returned tasks, await once. */
    public static final String A4J_FUTURE = "a4jFuture";
    /** asyncio4j, direct style: task bodies that await (virtual threads on 21+). */
    public static final String A4J_DIRECT = "a4jDirect";
    /** Raw kotlinx.coroutines (Kotlin source in this module). */
    public static final String KOTLINX = "kotlinx";
    /** JDK virtual threads (JDK 21+; run on 25). */
    public static final String VTHREADS = "vthreads";
    /** Plain CompletableFuture / JDK concurrency on an explicit executor (never the common pool). */
    public static final String CF = "cf";

    /**
     * CompletableFuture's explicit executor: a ForkJoinPool of 2 (the common pool has parallelism 1 on
     * 2 cores and then starts a thread per async task, see shared/BASELINES.md).
     */
    public static final ForkJoinPool CF_POOL = new ForkJoinPool(2);

    /** One scheduler thread that completes CompletableFutures after a delay (W1). */
    public static final ScheduledThreadPoolExecutor CF_TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cf-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Thrown for a workload/runtime pair that has no implementation yet. */
    public static UnsupportedOperationException notAvailable(String what) {
        return new UnsupportedOperationException(what + ": not available yet");
    }
}
