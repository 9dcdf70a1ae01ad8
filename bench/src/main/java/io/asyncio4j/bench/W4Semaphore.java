package io.asyncio4j.bench;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Permit;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * W4 semaphore: {@code n} (100,000) concurrent tasks, each taking a permit of a {@code Semaphore(100)},
 * yielding once while holding it, and releasing it; the figure is the batch time (JMH single shot),
 * reported as ns per task.
 *
 * <ul>
 *   <li>{@code a4jFuture}: {@code new io.asyncio4j.Semaphore(100)}; {@code sem.withPermit(() ->
 *       Asyncio.sleep(Duration.ZERO))} × n (the zero sleep is asyncio's yield; no thread is held), one
 *       {@code await(gather(tasks))}.
 *   <li>{@code a4jDirect}: {@code createTask(() -> { try (Permit p = await(sem.acquirePermit())) {
 *       await(sleep(Duration.ZERO)); } })} × n (a virtual thread per task on JDK 21+), gathered.
 *   <li>{@code kotlinx} (baseline): {@code launch { semaphore.withPermit { yield() } }} × n.
 *   <li>{@code vthreads} (JDK 21+): a virtual thread per task on {@code java.util.concurrent.Semaphore},
 *       {@code Thread.yield()} inside.
 * </ul>
 *
 * <p>Target: asyncio4j at least 0.8× kotlinx and 10× Python asyncio. Command: {@code bench/run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W4Semaphore {
    static final int PERMITS = 100;

    /** Which runtime runs the batch. */
    @Param({Runtimes.A4J_FUTURE, Runtimes.A4J_DIRECT, Runtimes.KOTLINX, Runtimes.VTHREADS})
    public String runtime;

    /** Tasks per batch. */
    @Param("100000")
    public int n;

    /** One batch; returns the number of tasks that went through. */
    @Benchmark
    public long semaphore() throws Exception {
        return run(runtime, n);
    }

    /** Runs {@code n} tasks through a semaphore of 100 permits on {@code runtime}. */
    public static long run(String runtime, int n) throws Exception {
        switch (runtime) {
            case Runtimes.A4J_FUTURE:
                return a4jFuture(n);
            case Runtimes.A4J_DIRECT:
                return a4jDirect(n);
            case Runtimes.KOTLINX:
                return Kx.w4Semaphore(n, PERMITS);
            case Runtimes.VTHREADS:
                return vthreads(n);
            default:
                throw new IllegalArgumentException(runtime);
        }
    }

    static long a4jFuture(int n) throws Exception {
        return Asyncio.run(() -> {
            io.asyncio4j.Semaphore semaphore = new io.asyncio4j.Semaphore(PERMITS);
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(semaphore.withPermit(() -> Asyncio.sleep(Duration.ZERO)));
            }
            return (long) Asyncio.await(Asyncio.gather(tasks)).size();
        });
    }

    @SuppressWarnings("try") // the permit is held, not referenced, inside the block
    static long a4jDirect(int n) throws Exception {
        return Asyncio.run(() -> {
            io.asyncio4j.Semaphore semaphore = new io.asyncio4j.Semaphore(PERMITS);
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(Asyncio.createTask(() -> {
                    try (Permit permit = Asyncio.await(semaphore.acquirePermit())) {
                        Asyncio.await(Asyncio.sleep(Duration.ZERO));
                    }
                    return null;
                }));
            }
            return (long) Asyncio.await(Asyncio.gather(tasks)).size();
        });
    }

    static long vthreads(int n) {
        Semaphore semaphore = new Semaphore(PERMITS);
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = VirtualThreads.start(() -> {
                semaphore.acquireUninterruptibly();
                try {
                    Thread.yield();
                } finally {
                    semaphore.release();
                }
            });
        }
        for (Thread t : threads) {
            VirtualThreads.join(t);
        }
        return n;
    }
}
