package io.asyncio4j.bench;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Queue;
import io.asyncio4j.QueueEmpty;
import io.asyncio4j.QueueFull;
import io.asyncio4j.QueueShutDown;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
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
 *   <li>{@code a4jFuture}: {@code new io.asyncio4j.Queue<>(1024)}; each producer and consumer is a
 *       loop of composed futures that holds no thread: it takes the {@code putNowait}/{@code getNowait}
 *       fast path while {@code full()}/{@code empty()} say it can, otherwise calls {@code put}/{@code get}
 *       and, only when the returned task is not done yet, continues from its {@code whenComplete} (so
 *       completed steps never nest on the stack). When every producer is done the queue is {@code
 *       shutdown()} (graceful): consumers drain it and stop at {@link QueueShutDown}. One {@code
 *       await(gather(consumers))} in the main body.
 *   <li>{@code a4jDirect}: the same queue; {@code createTask} bodies doing {@code await(queue.put(i))}
 *       and {@code s += await(queue.get())} until {@link QueueShutDown}; the main body awaits {@code
 *       gather(producers)}, shuts the queue down and awaits {@code gather(consumers)}.
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
                return a4jFuture(items, parties);
            case Runtimes.A4J_DIRECT:
                return a4jDirect(items, parties);
            case Runtimes.KOTLINX:
                return Kx.w3Queue(items, CAPACITY, parties, parties);
            case Runtimes.VTHREADS:
                return vthreads(items, parties);
            default:
                throw new IllegalArgumentException(runtime);
        }
    }

    static long a4jFuture(int items, int parties) throws Exception {
        return Asyncio.run(() -> {
            Queue<Integer> queue = new Queue<>(CAPACITY);
            List<CompletableFuture<Long>> consumers = new ArrayList<>(parties);
            for (int c = 0; c < parties; c++) {
                consumers.add(new Consumer(queue).start());
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            CompletableFuture<Void>[] producers = new CompletableFuture[parties];
            int per = items / parties;
            for (int p = 0; p < parties; p++) {
                int from = p * per;
                int to = p == parties - 1 ? items : from + per;
                producers[p] = new Producer(queue, from, to).start();
            }
            CompletableFuture.allOf(producers).whenComplete((v, e) -> queue.shutdown());
            long sum = 0;
            for (long s : Asyncio.await(Asyncio.gather(consumers))) {
                sum += s;
            }
            for (CompletableFuture<Void> producer : producers) {
                Asyncio.await(producer); // rethrows a producer's failure
            }
            return sum;
        });
    }

    /** A future-style producer: puts {@code from..to-1}, going asynchronous only when a put must wait. */
    private static final class Producer implements BiConsumer<Void, Throwable> {
        private final Queue<Integer> queue;
        private final int to;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int next;

        Producer(Queue<Integer> queue, int from, int to) {
            this.queue = queue;
            this.next = from;
            this.to = to;
        }

        CompletableFuture<Void> start() {
            loop();
            return done;
        }

        private void loop() {
            try {
                while (next < to) {
                    Integer item = next++;
                    if (!queue.full()) {
                        try {
                            queue.putNowait(item);
                            continue;
                        } catch (QueueFull raced) {
                            // filled up since full() looked: wait below
                        }
                    }
                    Task<Void> put = queue.put(item);
                    if (!put.isDone()) {
                        put.whenComplete(this); // the item goes in later; continue from there
                        return;
                    }
                    put.join(); // rethrows a failed put
                }
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public void accept(Void ignored, Throwable failure) {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                loop();
            }
        }
    }

    /** A future-style consumer: sums items until the queue is shut down and empty. */
    private static final class Consumer implements BiConsumer<Integer, Throwable> {
        private final Queue<Integer> queue;
        private final CompletableFuture<Long> done = new CompletableFuture<>();
        private long sum;

        Consumer(Queue<Integer> queue) {
            this.queue = queue;
        }

        CompletableFuture<Long> start() {
            loop();
            return done;
        }

        private void loop() {
            try {
                while (true) {
                    if (!queue.empty()) {
                        try {
                            sum += queue.getNowait();
                            continue;
                        } catch (QueueEmpty raced) {
                            // another consumer took it since empty() looked: wait below
                        }
                    }
                    Task<Integer> get = queue.get();
                    if (!get.isDone()) {
                        get.whenComplete(this);
                        return;
                    }
                    sum += get.join();
                }
            } catch (QueueShutDown | CompletionException end) {
                finish(end);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public void accept(Integer item, Throwable failure) {
            if (failure != null) {
                finish(failure);
            } else {
                sum += item;
                loop();
            }
        }

        private void finish(Throwable end) {
            Throwable cause = end instanceof CompletionException && end.getCause() != null ? end.getCause() : end;
            if (cause instanceof QueueShutDown) {
                done.complete(sum);
            } else {
                done.completeExceptionally(cause);
            }
        }
    }

    static long a4jDirect(int items, int parties) throws Exception {
        return Asyncio.run(() -> {
            Queue<Integer> queue = new Queue<>(CAPACITY);
            List<Task<Long>> consumers = new ArrayList<>(parties);
            for (int c = 0; c < parties; c++) {
                consumers.add(Asyncio.createTask(() -> {
                    long s = 0;
                    while (true) {
                        try {
                            s += Asyncio.await(queue.get());
                        } catch (QueueShutDown end) {
                            return s;
                        }
                    }
                }));
            }
            List<Task<Void>> producers = new ArrayList<>(parties);
            int per = items / parties;
            for (int p = 0; p < parties; p++) {
                int from = p * per;
                int to = p == parties - 1 ? items : from + per;
                producers.add(Asyncio.createTask(() -> {
                    for (int i = from; i < to; i++) {
                        Asyncio.await(queue.put(i));
                    }
                    return null;
                }));
            }
            Asyncio.await(Asyncio.gather(producers));
            queue.shutdown();
            long sum = 0;
            for (long s : Asyncio.await(Asyncio.gather(consumers))) {
                sum += s;
            }
            return sum;
        });
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
