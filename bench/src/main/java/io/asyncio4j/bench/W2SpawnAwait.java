package io.asyncio4j.bench;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * W2 spawn and await: {@code n} (1,000,000) trivial tasks, each returning its index, created and then
 * awaited; the figure is the time of one whole batch (JMH single shot), reported as ns per task.
 *
 * <ul>
 *   <li>{@code a4jFuture}: {@code Asyncio.createTask(() -> i)} × n, then one {@code await(gather(tasks))}.
 *   <li>{@code a4jDirect}: the same tasks, awaited one by one from the main body with {@code await(task)}.
 *   <li>{@code kotlinx} (baseline): {@code async { i }} × n + {@code awaitAll()} in {@code
 *       runBlocking(Dispatchers.Default)}.
 *   <li>{@code vthreads} (JDK 21+): {@code newVirtualThreadPerTaskExecutor().submit(() -> i)} × n, {@code
 *       get()} each.
 *   <li>{@code cf}: {@code supplyAsync(() -> i, new ForkJoinPool(2))} × n + {@code allOf(...).join()}.
 * </ul>
 *
 * <p>Targets: a4jFuture within 1.3× kotlinx, a4jDirect within 1.3× vthreads. Command: {@code bench/run.sh}
 * (or {@code java -jar bench/target/benchmarks.jar W2SpawnAwait -p runtime=kotlinx -bm ss}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W2SpawnAwait {
    /** Which runtime runs the batch. */
    @Param({Runtimes.A4J_FUTURE, Runtimes.A4J_DIRECT, Runtimes.KOTLINX, Runtimes.VTHREADS, Runtimes.CF})
    public String runtime;

    /** Tasks per batch. */
    @Param("1000000")
    public int n;

    /** One batch of {@code n} tasks; returns the sum of the results. */
    @Benchmark
    public long spawnAwait() throws Exception {
        return run(runtime, n);
    }

    /** Runs one batch of {@code n} tasks on {@code runtime}; returns the sum of their results. */
    public static long run(String runtime, int n) throws Exception {
        switch (runtime) {
            case Runtimes.A4J_FUTURE:
                return a4jFuture(n);
            case Runtimes.A4J_DIRECT:
                return a4jDirect(n);
            case Runtimes.KOTLINX:
                return Kx.w2SpawnAwait(n);
            case Runtimes.VTHREADS:
                return vthreads(n);
            case Runtimes.CF:
                return cf(n);
            default:
                throw new IllegalArgumentException(runtime);
        }
    }

    static long a4jFuture(int n) throws Exception {
        return Asyncio.run(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                tasks.add(Asyncio.createTask(() -> index));
            }
            long sum = 0;
            for (int v : Asyncio.await(Asyncio.gather(tasks))) {
                sum += v;
            }
            return sum;
        });
    }

    static long a4jDirect(int n) throws Exception {
        return Asyncio.run(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                tasks.add(Asyncio.createTask(() -> index));
            }
            long sum = 0;
            for (Task<Integer> task : tasks) {
                sum += Asyncio.await(task);
            }
            return sum;
        });
    }

    static long vthreads(int n) throws Exception {
        ExecutorService executor = VirtualThreads.newPerTaskExecutor();
        try {
            List<Future<Integer>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(executor.submit(() -> index));
            }
            long sum = 0;
            for (Future<Integer> f : futures) {
                sum += f.get();
            }
            return sum;
        } finally {
            executor.shutdown();
        }
    }

    static long cf(int n) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Integer>[] futures = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            int index = i;
            futures[i] = CompletableFuture.supplyAsync(() -> index, Runtimes.CF_POOL);
        }
        CompletableFuture.allOf(futures).join();
        long sum = 0;
        for (CompletableFuture<Integer> f : futures) {
            sum += f.join();
        }
        return sum;
    }
}
