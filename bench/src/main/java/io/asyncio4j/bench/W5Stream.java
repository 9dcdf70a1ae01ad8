package io.asyncio4j.bench;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.Asyncio;
import java.util.concurrent.SubmissionPublisher;

/**
 * W5 stream (scale workload, run by {@link Scale}): {@code n} (10,000,000) ints from a generator through
 * {@code map(x -> x * 2)} and {@code filter(x -> x % 3 != 0)} to a {@code java.util.concurrent.Flow}
 * subscriber ({@link CountingSubscriber}, requesting 1024 at a time); the figure is million source
 * items per second.
 *
 * <ul>
 *   <li>{@code a4jFuture}: {@code AsyncIterable.range(0, n).map(x -> x * 2).filter(x -> x % 3 !=
 *       0).asPublisher()} inside {@code Asyncio.run}; the main body subscribes the {@link
 *       CountingSubscriber} and awaits its {@code finished} future. The source is the library's range
 *       (a kotlinx {@code flow} loop, as kotlinx's baseline), since a generator body is direct style.
 *   <li>{@code a4jDirect}: the same pipeline on an async generator, {@code Asyncio.generator(y -> { for
 *       (int i = 0; i < n; i++) y.yield(i); })}: the body runs as a task (a virtual thread on JDK 21+).
 *       Since the publisher signals demand, the body runs ahead of the consumer up to that demand (a
 *       buffer of at most 256), instead of one cross-thread hand-off per element: 10,000,000 elements
 *       take about 3.5–4.5 s on JDK 25 on the 2-core bench machine, against about 95 s before the
 *       run-ahead. {@link W5Anext} measures the lazy, one-{@code anext()}-at-a-time case.
 *   <li>{@code kotlinx} (baseline): {@code flow { emit }.map { }.filter { }.asPublisher(Dispatchers.Default)}.
 *   <li>{@code vthreads} (JDK 21+): the generator loop (map and filter inline) on a virtual thread
 *       submitting to a {@code SubmissionPublisher} whose executor is virtual-thread-per-task.
 *   <li>{@code cf}: the same {@code SubmissionPublisher} on an explicit {@code ForkJoinPool(2)}.
 * </ul>
 *
 * <p>Target: asyncio4j at least 0.8× kotlinx and 10× Python asyncio. Command: {@code bench/run.sh}.
 */
public final class W5Stream {
    private W5Stream() {}

    /** Streams {@code n} ints on {@code runtime}; returns the sum the subscriber received. */
    public static long run(String runtime, int n) throws Exception {
        CountingSubscriber subscriber = new CountingSubscriber();
        switch (runtime) {
            case Runtimes.A4J_FUTURE:
                a4j(AsyncIterable.range(0, n), subscriber);
                break;
            case Runtimes.A4J_DIRECT:
                a4j(
                        Asyncio.generator(y -> {
                            for (int i = 0; i < n; i++) {
                                y.yield(i);
                            }
                        }),
                        subscriber);
                break;
            case Runtimes.KOTLINX:
                Kx.w5Stream(n, subscriber, subscriber.done);
                break;
            case Runtimes.VTHREADS:
                try (SubmissionPublisher<Integer> publisher =
                        new SubmissionPublisher<>(VirtualThreads.newPerTaskExecutor(), CountingSubscriber.BATCH)) {
                    publisher.subscribe(subscriber);
                    VirtualThreads.join(VirtualThreads.start(() -> generate(publisher, n)));
                }
                break;
            case Runtimes.CF:
                try (SubmissionPublisher<Integer> publisher =
                        new SubmissionPublisher<>(Runtimes.CF_POOL, CountingSubscriber.BATCH)) {
                    publisher.subscribe(subscriber);
                    generate(publisher, n);
                }
                break;
            default:
                throw new IllegalArgumentException(runtime);
        }
        return subscriber.awaitSum();
    }

    /** Maps, filters and publishes {@code source} to {@code subscriber} in a fresh loop, until it ends. */
    private static void a4j(AsyncIterable<Integer> source, CountingSubscriber subscriber) throws Exception {
        Asyncio.run(() -> {
            source.map(x -> x * 2).filter(x -> x % 3 != 0).asPublisher().subscribe(subscriber);
            return Asyncio.await(subscriber.finished);
        });
    }

    private static void generate(SubmissionPublisher<Integer> publisher, int n) {
        for (int i = 0; i < n; i++) {
            int v = i * 2;
            if (v % 3 != 0) {
                publisher.submit(v);
            }
        }
    }
}
