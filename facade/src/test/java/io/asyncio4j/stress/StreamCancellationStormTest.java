package io.asyncio4j.stress;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Outcome;
import io.asyncio4j.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Generators and publishers stopped mid-stream from both sides, many at once: consumers cancelled at
 * random moments from several threads (future style and direct style), consumers leaving early (a
 * {@code break}, {@code take}, a subscriber cancelling its subscription) and producers failing. Checked:
 * every generator body that started ran its {@code finally} exactly once, none that never started ran
 * it; a consumer ends with its value, a {@link CancelledError} only if a request was made, or the
 * producer's own failure; nothing is left in {@code allTasks()} and no thread is left behind.
 */
@Timeout(900)
class StreamCancellationStormTest {
    private static final int BATCH = Runtime.version().feature() >= 21 ? 2_000 : 200;
    private static final int CANCELLERS = 2;

    @Test
    void streamStorm_bothSidesStopMidStream_cleanupRunsExactlyOnce() throws Exception {
        storm(StressSupport.size(1_000, 1_000));
    }

    @Test
    @Tag("stress")
    void streamStorm_twentyThousandStreams_cleanupRunsExactlyOnce() throws Exception {
        storm(StressSupport.size(5_000, 20_000));
    }

    /** The producer's failure, injected at a random element. */
    static final class ProducerFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ProducerFailure() {
            super("the producer failed mid-stream");
        }
    }

    private static void storm(int n) throws Exception {
        StressSupport.Baseline baseline = new StressSupport.Baseline();
        long start = System.nanoTime();
        AtomicIntegerArray started = new AtomicIntegerArray(n);
        AtomicIntegerArray cleanups = new AtomicIntegerArray(n);
        int[] totals = new int[4]; // cancelled, values, producer failures, publisher cancels
        ExecutorService cancellers = Executors.newFixedThreadPool(CANCELLERS);
        try {
            Asyncio.run(() -> {
                SplittableRandom random = new SplittableRandom(n * 31L);
                for (int from = 0; from < n; from += BATCH) {
                    int size = Math.min(BATCH, n - from);
                    List<Task<?>> consumers = new ArrayList<>(size);
                    boolean[] requested = new boolean[size];
                    for (int i = 0; i < size; i++) {
                        int index = from + i;
                        int length = random.nextInt(1, 40);
                        int failAt = random.nextInt(4) == 0 ? random.nextInt(length) : -1;
                        long micros = random.nextLong(0, 200);
                        AsyncIterable<Integer> stream = Asyncio.generator(y -> {
                            started.incrementAndGet(index);
                            try {
                                for (int k = 0; k < length; k++) {
                                    if (k == failAt) {
                                        throw new ProducerFailure();
                                    }
                                    if (k % 8 == 0) {
                                        await(Asyncio.sleep(Duration.ofNanos(micros * 1_000)));
                                    }
                                    y.yield(k);
                                }
                            } finally {
                                cleanups.incrementAndGet(index);
                            }
                        });
                        int stopAt = random.nextInt(length + 1);
                        consumers.add(consume(i % 4, stream, stopAt));
                        requested[i] = random.nextInt(3) == 0;
                    }
                    List<Integer> victims = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        if (requested[i]) {
                            victims.add(i);
                        }
                    }
                    StressSupport.joinAll(StressSupport.cancelConcurrently(
                            cancellers, CANCELLERS, consumers, victims, new AtomicIntegerArray(size)));
                    List<Outcome<Object>> outcomes = await(Asyncio.gatherOutcomes(consumers));
                    for (int i = 0; i < size; i++) {
                        Outcome<Object> outcome = outcomes.get(i);
                        if (outcome instanceof Outcome.Success) {
                            totals[1]++;
                            Object value = ((Outcome.Success<Object>) outcome).value();
                            if (value instanceof Integer && (Integer) value < 0) {
                                totals[3]++;
                            }
                        } else if (outcome.exception() instanceof CancelledError) {
                            assertTrue(requested[i], "a consumer cancelled without any request");
                            totals[0]++;
                        } else if (outcome.exception() instanceof ProducerFailure) {
                            totals[2]++;
                        } else {
                            fail("consumer kind " + (i % 4) + " ended with an unexpected failure", outcome.exception());
                        }
                    }
                }
                return null;
            });
            // a publisher's generator closes after its subscriber cancelled: eventually, not at once
            Awaitility.await("every started generator cleaned up")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        for (int i = 0; i < n; i++) {
                            if (cleanups.get(i) != started.get(i)) {
                                return false;
                            }
                        }
                        return true;
                    });
        } finally {
            cancellers.shutdownNow();
            assertTrue(cancellers.awaitTermination(30, TimeUnit.SECONDS));
        }
        int bodies = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(started.get(i) <= 1, "a generator body ran twice for one consumption");
            assertEquals(started.get(i), cleanups.get(i), "stream " + i + ": cleanup ran once per started body");
            bodies += started.get(i);
        }
        baseline.assertThreadsReturned();
        StressSupport.report(
                "StreamCancellationStorm/" + n,
                "%d streams (%d generator bodies started, each cleaned up once): %d consumers cancelled,"
                        + " %d ended with a value (%d of them publisher subscribers that cancelled), %d saw the"
                        + " producer fail, %.1f s",
                n,
                bodies,
                totals[0],
                totals[1],
                totals[3],
                totals[2],
                (System.nanoTime() - start) / 1e9);
        assertTrue(totals[0] > 0 && totals[1] > 0 && totals[2] > 0, "the storm cancelled, completed and failed");
    }

    /**
     * One consumer: 0 collects everything (future style), 1 iterates in direct style and breaks at
     * {@code stopAt}, 2 takes {@code stopAt} elements with an operator, 3 subscribes through {@code
     * asPublisher()} and cancels its subscription at {@code stopAt} (completing with a negative count).
     */
    private static Task<?> consume(int kind, AsyncIterable<Integer> stream, int stopAt) {
        switch (kind) {
            case 0:
                return stream.toList();
            case 1:
                return Asyncio.createTask(() -> {
                    int seen = 0;
                    try (var elements = stream.iterate()) {
                        for (int ignored : elements) {
                            if (++seen >= stopAt) {
                                break;
                            }
                        }
                    }
                    return seen;
                });
            case 2:
                return stream.take(Math.max(1, stopAt)).toList();
            default:
                return Asyncio.createTask(() -> await(subscribe(stream, stopAt)));
        }
    }

    /** A subscriber asking one element at a time and cancelling at {@code stopAt}. */
    private static CompletableFuture<Integer> subscribe(AsyncIterable<Integer> stream, int stopAt) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        stream.asPublisher().subscribe(new Flow.Subscriber<Integer>() {
            private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
            private int seen;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                if (stopAt == 0) {
                    s.cancel();
                    done.complete(-1);
                } else {
                    s.request(1);
                }
            }

            @Override
            public void onNext(Integer item) {
                if (++seen >= stopAt) {
                    subscription.get().cancel();
                    done.complete(-1 - seen);
                } else {
                    subscription.get().request(1);
                }
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(seen);
            }
        });
        return done;
    }
}
