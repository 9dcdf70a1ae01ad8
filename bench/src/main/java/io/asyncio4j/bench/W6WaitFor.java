package io.asyncio4j.bench;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * W6 timeouts: {@code n} (1,000,000) timeout-guarded waits of 10 s that do not expire. Each guards a
 * pending {@code CompletableFuture} source; all guards are armed, then every source is completed and all
 * guards awaited. The figure is the batch time (JMH single shot), reported as ns per guarded wait: the
 * cost of arming and disarming a timer plus the guard's own task.
 *
 * <ul>
 *   <li>{@code a4jFuture}: {@code Asyncio.waitFor(source, 10 s)} × n, {@code await(gather(guards))}.
 *   <li>{@code a4jDirect}: {@code Asyncio.waitFor(() -> Asyncio.await(source), 10 s)} × n (a body per
 *       guard), each awaited.
 *   <li>{@code kotlinx} (baseline): {@code async(UNDISPATCHED) { withTimeout(10 s) { deferred.await() } }} ×
 *       n + {@code awaitAll()}.
 *   <li>{@code vthreads} (JDK 21+): a virtual thread per guard blocked in {@code source.get(10, SECONDS)}.
 *   <li>{@code cf}: {@code source.orTimeout(10, SECONDS)} (the JDK's one delayer thread) + {@code allOf}.
 * </ul>
 *
 * <p>Targets: a4jFuture within 1.3× kotlinx, a4jDirect within 1.3× vthreads. Command: {@code bench/run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W6WaitFor {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Which runtime runs the batch. */
    @Param({Runtimes.A4J_FUTURE, Runtimes.A4J_DIRECT, Runtimes.KOTLINX, Runtimes.VTHREADS, Runtimes.CF})
    public String runtime;

    /** Guarded waits per batch. */
    @Param("1000000")
    public int n;

    /** One batch; returns the sum of the values that came through. */
    @Benchmark
    public long waitFor() throws Exception {
        return run(runtime, n);
    }

    /** Runs one batch of {@code n} guarded waits on {@code runtime}. */
    public static long run(String runtime, int n) throws Exception {
        switch (runtime) {
            case Runtimes.A4J_FUTURE:
                return a4jFuture(n);
            case Runtimes.A4J_DIRECT:
                return a4jDirect(n);
            case Runtimes.KOTLINX:
                return Kx.w6WaitFor(n, TIMEOUT.toMillis());
            case Runtimes.VTHREADS:
                return vthreads(n);
            case Runtimes.CF:
                return cf(n);
            default:
                throw new IllegalArgumentException(runtime);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CompletableFuture<Integer>[] sources(int n) {
        CompletableFuture<Integer>[] sources = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            sources[i] = new CompletableFuture<>();
        }
        return sources;
    }

    static long a4jFuture(int n) throws Exception {
        return Asyncio.run(() -> {
            CompletableFuture<Integer>[] sources = sources(n);
            List<Task<Integer>> guards = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                guards.add(Asyncio.waitFor(sources[i], TIMEOUT));
            }
            for (int i = 0; i < n; i++) {
                sources[i].complete(i);
            }
            long sum = 0;
            for (int v : Asyncio.await(Asyncio.gather(guards))) {
                sum += v;
            }
            return sum;
        });
    }

    static long a4jDirect(int n) throws Exception {
        return Asyncio.run(() -> {
            CompletableFuture<Integer>[] sources = sources(n);
            List<Task<Integer>> guards = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                CompletableFuture<Integer> source = sources[i];
                guards.add(Asyncio.waitFor(() -> Asyncio.await(source), TIMEOUT));
            }
            for (int i = 0; i < n; i++) {
                sources[i].complete(i);
            }
            long sum = 0;
            for (Task<Integer> guard : guards) {
                sum += Asyncio.await(guard);
            }
            return sum;
        });
    }

    static long vthreads(int n) {
        CompletableFuture<Integer>[] sources = sources(n);
        long[] values = new long[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int index = i;
            threads[i] = VirtualThreads.start(() -> {
                try {
                    values[index] = sources[index].get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (int i = 0; i < n; i++) {
            sources[i].complete(i);
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            VirtualThreads.join(threads[i]);
            sum += values[i];
        }
        return sum;
    }

    static long cf(int n) {
        CompletableFuture<Integer>[] sources = sources(n);
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Integer>[] guards = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            guards[i] = sources[i].orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (int i = 0; i < n; i++) {
            sources[i].complete(i);
        }
        CompletableFuture.allOf(guards).join();
        long sum = 0;
        for (CompletableFuture<Integer> g : guards) {
            sum += g.join();
        }
        return sum;
    }
}
