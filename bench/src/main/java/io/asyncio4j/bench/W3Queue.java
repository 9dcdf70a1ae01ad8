package io.asyncio4j.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * W3 queue: {@code items} (5,000,000) ints through a bounded queue of capacity 1024, from {@code
 * producers} to {@code consumers} (1/1 and 4/4); the figure is the batch time (JMH single shot), reported
 * as million items per second.
 *
 * <ul>
 *   <li>{@code a4jFuture} / {@code a4jDirect}: {@code io.asyncio4j.Queue.create(1024)} put/get (issue 3;
 *       not available yet: they throw until it lands).
 *   <li>{@code kotlinx} (baseline): {@code Channel<Int>(1024)}, {@code send}/{@code for (x in channel)}.
 *   <li>{@code vthreads} (JDK 21+): {@code ArrayBlockingQueue(1024)} between virtual threads, one poison
 *       pill per consumer.
 * </ul>
 *
 * <p>Target: asyncio4j at least 0.8× kotlinx and 10× Python asyncio. Command: {@code bench/run.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class W3Queue {
    static final int CAPACITY = 1024;

    /** Which runtime runs the batch. */
    @Param({Runtimes.A4J_FUTURE, Runtimes.A4J_DIRECT, Runtimes.KOTLINX, Runtimes.VTHREADS})
    public String runtime;

    /** Items per batch. */
    @Param("5000000")
    public int items;

    /** Producers and consumers each: 1 or 4. */
    @Param({"1", "4"})
    public int parties;

    /** One batch; returns the sum of the consumed items. */
    @Benchmark
    public long queue() throws Exception {
        return run(runtime, items, parties);
    }

    /** Moves {@code items} ints through a queue of 1024 with {@code parties} producers and consumers. */
    public static long run(String runtime, int items, int parties) throws Exception {
        switch (runtime) {
            case Runtimes.A4J_FUTURE:
            case Runtimes.A4J_DIRECT:
                throw Runtimes.notAvailable("asyncio4j Queue (issue 3)");
            case Runtimes.KOTLINX:
                return Kx.w3Queue(items, CAPACITY, parties, parties);
            case Runtimes.VTHREADS:
                return vthreads(items, parties);
            default:
                throw new IllegalArgumentException(runtime);
        }
    }

    static long vthreads(int items, int parties) {
        ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(CAPACITY);
        Integer pill = -1;
        long[] sums = new long[parties];
        Thread[] consumers = new Thread[parties];
        Thread[] producers = new Thread[parties];
        for (int c = 0; c < parties; c++) {
            int index = c;
            consumers[c] = VirtualThreads.start(() -> {
                long s = 0;
                try {
                    for (Integer x = queue.take(); x != pill; x = queue.take()) {
                        s += x;
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                sums[index] = s;
            });
        }
        int per = items / parties;
        for (int p = 0; p < parties; p++) {
            int from = p * per;
            int to = p == parties - 1 ? items : from + per;
            producers[p] = VirtualThreads.start(() -> {
                try {
                    for (int i = from; i < to; i++) {
                        queue.put(i);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread t : producers) {
            VirtualThreads.join(t);
        }
        try {
            for (int c = 0; c < parties; c++) {
                queue.put(pill);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        long sum = 0;
        for (int c = 0; c < parties; c++) {
            VirtualThreads.join(consumers[c]);
            sum += sums[c];
        }
        return sum;
    }
}
