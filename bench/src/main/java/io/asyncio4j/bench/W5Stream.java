package io.asyncio4j.bench;

import java.util.concurrent.SubmissionPublisher;

/**
 * W5 stream (scale workload, run by {@link Scale}): {@code n} (10,000,000) ints from a generator through
 * {@code map(x -> x * 2)} and {@code filter(x -> x % 3 != 0)} to a {@code java.util.concurrent.Flow}
 * subscriber ({@link CountingSubscriber}, requesting 1024 at a time); the figure is million source
 * items per second.
 *
 * <ul>
 *   <li>{@code a4jFuture} / {@code a4jDirect}: {@code AsyncIterable} generator, map, filter, {@code
 *       asPublisher()} (issue 4; not available yet: they throw until it lands).
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
            case Runtimes.A4J_DIRECT:
                throw Runtimes.notAvailable("asyncio4j AsyncIterable (issue 4)");
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

    private static void generate(SubmissionPublisher<Integer> publisher, int n) {
        for (int i = 0; i < n; i++) {
            int v = i * 2;
            if (v % 3 != 0) {
                publisher.submit(v);
            }
        }
    }
}
