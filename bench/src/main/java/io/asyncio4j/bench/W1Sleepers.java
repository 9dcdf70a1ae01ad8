package io.asyncio4j.bench;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * W1 sleepers (scale workload, one JVM per configuration, run by {@link Scale}): {@code n} concurrent
 * tasks (10k, 100k, 1M) each sleeping 10 s, awaited together; the figures are the wall time of the
 * whole batch and the peak RSS of the process ({@code VmHWM}).
 *
 * <ul>
 *   <li>{@code a4jFuture}: {@code Asyncio.sleep(10 s)} × n, one {@code await(gather(sleeps))}; no thread
 *       is held.
 *   <li>{@code a4jDirect}: {@code Asyncio.createTask(() -> await(sleep(10 s)))} × n, gathered (a parked
 *       virtual thread per task on JDK 21+).
 *   <li>{@code kotlinx} (baseline): {@code launch { delay(10 s) }} × n + {@code joinAll()}.
 *   <li>{@code vthreads} (JDK 21+): {@code Thread.startVirtualThread(() -> Thread.sleep(10 s))} × n, joined.
 *   <li>{@code cf}: a {@code CompletableFuture} per task completed by one {@code
 *       ScheduledThreadPoolExecutor} thread, {@code allOf(...).join()} (the physical floor).
 * </ul>
 *
 * <p>Targets at 1M: a4jFuture RSS at most kotlinx's and wall within 1.1× the sleep; a4jDirect on JDK 25
 * completes, with RSS at most vthreads' and a better wall. Command: {@code bench/run.sh}, or one
 * configuration: {@code java -cp bench/target/benchmarks.jar io.asyncio4j.bench.Scale W1 a4jFuture
 * 1000000}.
 */
public final class W1Sleepers {
    private W1Sleepers() {}

    /** Runs {@code n} sleepers of {@code sleepMillis} on {@code runtime}; returns n. */
    public static long run(String runtime, int n, long sleepMillis) throws Exception {
        Duration sleep = Duration.ofMillis(sleepMillis);
        switch (runtime) {
            case Runtimes.A4J_FUTURE:
                return Asyncio.run(() -> {
                    List<Task<Void>> sleeps = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        sleeps.add(Asyncio.sleep(sleep));
                    }
                    return (long) Asyncio.await(Asyncio.gather(sleeps)).size();
                });
            case Runtimes.A4J_DIRECT:
                return Asyncio.run(() -> {
                    List<Task<Void>> tasks = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        tasks.add(Asyncio.createTask(() -> Asyncio.await(Asyncio.sleep(sleep))));
                    }
                    return (long) Asyncio.await(Asyncio.gather(tasks)).size();
                });
            case Runtimes.KOTLINX:
                return Kx.w1Sleepers(n, sleepMillis);
            case Runtimes.VTHREADS:
                Thread[] threads = new Thread[n];
                for (int i = 0; i < n; i++) {
                    threads[i] = VirtualThreads.start(() -> {
                        try {
                            Thread.sleep(sleepMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                for (Thread t : threads) {
                    VirtualThreads.join(t);
                }
                return n;
            case Runtimes.CF:
                @SuppressWarnings({"unchecked", "rawtypes"})
                CompletableFuture<Void>[] futures = new CompletableFuture[n];
                for (int i = 0; i < n; i++) {
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    futures[i] = f;
                    Runtimes.CF_TIMER.schedule(() -> f.complete(null), sleepMillis, TimeUnit.MILLISECONDS);
                }
                CompletableFuture.allOf(futures).join();
                return n;
            default:
                throw new IllegalArgumentException(runtime);
        }
    }
}
