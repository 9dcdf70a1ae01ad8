package io.asyncio4j.bench;

import static io.asyncio4j.Asyncio.await;

import io.asyncio4j.AsyncIterator;
import io.asyncio4j.Asyncio;
import io.asyncio4j.StopAsyncIteration;
import io.asyncio4j.Task;
import java.util.concurrent.SynchronousQueue;

/**
 * W5 one at a time (issue 14's new variant): {@code n} ints from an async generator consumed by another
 * task with one {@code anext()} per element, which keeps the generator lazy (it never runs ahead of an
 * {@code anext()}), as a Python async generator iterated by {@code async for} in another task. Every
 * element is a hand-off between two threads in both directions. Figure: nanoseconds per element.
 *
 * <ul>
 *   <li>{@code a4jDirect}: {@code Asyncio.generator(y -> { for (i < n) y.yield(i); })}, consumed by a
 *       {@code createTask} body doing {@code sum += await(it.anext())} until {@link StopAsyncIteration}.
 *   <li>{@code vthreads} (baseline, JDK 21+): two virtual threads handing each int over a {@link
 *       SynchronousQueue} (a producer {@code put}, a consumer {@code take}), with a poison pill at the end.
 * </ul>
 *
 * <p>Target: asyncio4j at most 1.5× the baseline's time. Run by {@link Repeat} ({@code W5A}).
 */
public final class W5Anext {
    private W5Anext() {}

    /** Consumes {@code n} ints one at a time on {@code runtime}; returns their sum. */
    public static long run(String runtime, int n) throws Exception {
        switch (runtime) {
            case Runtimes.A4J_DIRECT:
                return Asyncio.run(() -> {
                    AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                                for (int i = 0; i < n; i++) {
                                    y.yield(i);
                                }
                            })
                            .aiter();
                    Task<Long> consumer = Asyncio.createTask(() -> {
                        long sum = 0;
                        while (true) {
                            try {
                                sum += await(it.anext());
                            } catch (StopAsyncIteration end) {
                                return sum;
                            }
                        }
                    });
                    return await(consumer);
                });
            case Runtimes.VTHREADS:
                SynchronousQueue<Integer> handoff = new SynchronousQueue<>();
                long[] sum = new long[1];
                Thread producer = VirtualThreads.start(() -> {
                    try {
                        for (int i = 0; i < n; i++) {
                            handoff.put(i);
                        }
                        handoff.put(-1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                Thread consumer = VirtualThreads.start(() -> {
                    try {
                        for (int v; (v = handoff.take()) >= 0; ) {
                            sum[0] += v;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                VirtualThreads.join(producer);
                VirtualThreads.join(consumer);
                return sum[0];
            default:
                throw new IllegalArgumentException(runtime);
        }
    }
}
