package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A generator runs ahead of a consumer only within the demand that consumer signalled: all of it for
 * {@code toList}, {@code request(n)} for a subscriber; never for {@code anext()} or {@code forEach}.
 */
@Timeout(30)
class GeneratorRunAheadTest {
    private static AsyncIterable<Integer> counting(AtomicInteger produced, int n) {
        return Asyncio.generator(y -> {
            for (int i = 0; i < n; i++) {
                produced.incrementAndGet();
                y.yield(i);
            }
        });
    }

    @Test
    void toList_throughMapAndFilter_keepsEveryElementInOrder() throws Exception {
        List<Integer> expected = IntStream.range(0, 10_000)
                .map(i -> i * 2)
                .filter(i -> i % 3 != 0)
                .boxed()
                .collect(Collectors.toList());
        for (int round = 0; round < 20; round++) {
            List<Integer> got = Asyncio.run(() -> await(counting(new AtomicInteger(), 10_000)
                    .map(i -> i * 2)
                    .filter(i -> i % 3 != 0)
                    .toList()));
            assertEquals(expected, got);
        }
    }

    @Test
    void toList_bodyFailure_surfacesAfterTheElementsBeforeIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        Exception thrown = assertThrows(
                IllegalStateException.class,
                () -> Asyncio.run(() -> await(Asyncio.<Integer>generator(y -> {
                            for (int i = 0; i < 1000; i++) {
                                y.yield(i);
                            }
                            throw boom;
                        })
                        .toList())));
        assertSame(boom, thrown);
    }

    @Test
    void toList_bodyRaisingStopAsyncIteration_failsAsPep479() {
        Exception thrown = assertThrows(
                IllegalStateException.class,
                () -> Asyncio.run(() -> await(Asyncio.<Integer>generator(y -> {
                            y.yield(1);
                            throw new StopAsyncIteration("inside the body");
                        })
                        .toList())));
        assertThat(thrown).hasCauseInstanceOf(StopAsyncIteration.class);
    }

    @Test
    void subscriber_requestingFew_bodyProducesNoMoreThanRequested() throws Exception {
        AtomicInteger produced = new AtomicInteger();
        Asyncio.run(() -> {
            AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
            List<Integer> received = new ArrayList<>();
            CompletableFuture<Void> gotFive = new CompletableFuture<>();
            counting(produced, 1_000).map(i -> i + 1).asPublisher().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription.set(s);
                    s.request(5);
                }

                @Override
                public synchronized void onNext(Integer item) {
                    received.add(item);
                    if (received.size() == 5) {
                        gotFive.complete(null);
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                    gotFive.completeExceptionally(throwable);
                }

                @Override
                public void onComplete() {}
            });
            await(gotFive);
            await(Asyncio.sleep(java.time.Duration.ofMillis(50))); // room to run ahead, if it could
            assertThat(produced.get()).isBetween(5, 6); // the 6th yield may be in flight, never accepted
            subscription.get().request(3);
            await().until(() -> {
                synchronized (received) {
                    return received.size() == 8;
                }
            });
            subscription.get().cancel();
            return null;
        });
        assertThat(produced.get()).isLessThanOrEqualTo(9);
    }

    @Test
    void forEach_staysInLockstep_evenWhenTheActionStopsEarly() {
        AtomicInteger produced = new AtomicInteger();
        IllegalStateException stop = new IllegalStateException("stop");
        assertThrows(
                IllegalStateException.class,
                () -> Asyncio.run(() -> await(counting(produced, 1_000).forEach(i -> {
                    if (i == 2) {
                        throw stop;
                    }
                }))));
        assertEquals(3, produced.get());
    }

    @Test
    void consumerCancelled_whileBodyWaitsForRoom_runsItsFinallyOnce() throws Exception {
        AtomicInteger cleanups = new AtomicInteger();
        CompletableFuture<Void> full = new CompletableFuture<>();
        Asyncio.run(() -> {
            AtomicInteger produced = new AtomicInteger();
            Task<List<Integer>> all = Asyncio.<Integer>generator(y -> {
                        try {
                            for (int i = 0; ; i++) {
                                y.yield(i);
                                if (produced.incrementAndGet() == 200) {
                                    full.complete(null);
                                }
                            }
                        } finally {
                            await(Asyncio.sleep(java.time.Duration.ofMillis(5))); // a finally that awaits runs on
                            cleanups.incrementAndGet();
                        }
                    })
                    .map(i -> {
                        full.join(); // the consumer stalls, so the body fills the buffer and waits for room
                        return i;
                    })
                    .toList();
            await(full);
            all.cancel();
            assertThrows(CancelledError.class, () -> await(all));
            return null;
        });
        assertEquals(1, cleanups.get());
    }

    @Test
    void toList_elementsThatAreExceptions_areElementsNotFailures() throws Exception {
        IllegalStateException value = new IllegalStateException("a value, not a failure");
        List<Exception> got = Asyncio.run(() -> await(Asyncio.<Exception>generator(y -> {
                    y.yield(value);
                    y.yield(value);
                })
                .toList()));
        assertEquals(List.of(value, value), got);
    }

    @Test
    void toList_elementsThatAreFutures_areElementsNotWaits() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        List<CompletableFuture<String>> got =
                Asyncio.run(() -> await(Asyncio.<CompletableFuture<String>>generator(y -> {
                            y.yield(pending);
                            y.yield(pending);
                        })
                        .toList()));
        assertEquals(List.of(pending, pending), got);
        assertThat(pending).isNotDone();
    }

    @Test
    void toList_slowBody_consumerWaitsForEachElement() throws Exception {
        // the body sleeps between yields: the consumer finds the buffer empty, spins, then waits for a signal
        List<Integer> got = Asyncio.run(() -> await(Asyncio.<Integer>generator(y -> {
                    for (int i = 0; i < 40; i++) {
                        if (i % 4 == 0) {
                            await(Asyncio.sleep(java.time.Duration.ofMillis(1)));
                        }
                        y.yield(i);
                    }
                })
                .toList()));
        assertEquals(IntStream.range(0, 40).boxed().collect(Collectors.toList()), got);
    }

    /**
     * A subscriber on another thread requesting random amounts through a filter, 200 times: every element
     * arrives once and in order, and the body never has more elements accepted than were requested.
     */
    @Test
    void subscriber_randomRequestsThroughFilter_200Runs_noLossNoReorderNoOverproduction() throws Exception {
        java.util.concurrent.ExecutorService requester = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (int run = 0; run < 200; run++) {
                int n = 2_000;
                java.util.concurrent.atomic.AtomicLong requested = new java.util.concurrent.atomic.AtomicLong();
                AtomicInteger overproduced = new AtomicInteger();
                java.util.Random random = new java.util.Random(run);
                List<Integer> received = Asyncio.run(() -> {
                    CompletableFuture<List<Integer>> done = new CompletableFuture<>();
                    Asyncio.<Integer>generator(y -> {
                                for (int i = 0; i < n; i++) {
                                    y.yield(i);
                                    // accepted: i + 1 yielded, of which a third are dropped below; the
                                    // subscriber received at most what it requested, and the body may hold
                                    // at most what is requested and not received yet, so never more than
                                    // what was requested counting the dropped ones as received too
                                    long accepted = i + 1;
                                    long droppedSoFar = (i + 1 + 2) / 3; // 0, 3, 6, ... are dropped
                                    if (accepted - droppedSoFar > requested.get()) {
                                        overproduced.incrementAndGet();
                                    }
                                }
                            })
                            .filter(i -> i % 3 != 0)
                            .asPublisher()
                            .subscribe(new Flow.Subscriber<Integer>() {
                                private final List<Integer> items = new ArrayList<>();
                                private Flow.Subscription subscription;
                                private long outstanding;

                                private void requestMore() {
                                    long k = 1 + random.nextInt(random.nextBoolean() ? 4 : 300);
                                    outstanding += k;
                                    requested.addAndGet(k); // before the request: the body can only lag behind
                                    requester.execute(() -> subscription.request(k));
                                }

                                @Override
                                public void onSubscribe(Flow.Subscription s) {
                                    subscription = s;
                                    requestMore();
                                }

                                @Override
                                public void onNext(Integer item) {
                                    items.add(item);
                                    if (--outstanding == 0) {
                                        requestMore();
                                    }
                                }

                                @Override
                                public void onError(Throwable throwable) {
                                    done.completeExceptionally(throwable);
                                }

                                @Override
                                public void onComplete() {
                                    done.complete(items);
                                }
                            });
                    return await(done);
                });
                List<Integer> expected =
                        IntStream.range(0, n).filter(i -> i % 3 != 0).boxed().collect(Collectors.toList());
                assertEquals(expected, received, "run " + run);
                assertEquals(0, overproduced.get(), "run " + run + ": elements accepted beyond the demand");
            }
        } finally {
            requester.shutdownNow();
        }
    }

    /**
     * Each side stalls now and then (a busy spin of up to 50 µs), so that the buffer keeps running full
     * and empty and either side waits for the other, 200 times: every element arrives once and in order.
     */
    @Test
    void toList_bothSidesStallingAtRandom_200Runs_everyElementOnceInOrder() throws Exception {
        int n = 5_000;
        List<Integer> expected = IntStream.range(0, n).boxed().collect(Collectors.toList());
        for (int run = 0; run < 200; run++) {
            java.util.SplittableRandom bodyRandom = new java.util.SplittableRandom(run);
            java.util.SplittableRandom consumerRandom = new java.util.SplittableRandom(-run);
            List<Integer> got = Asyncio.run(() -> await(Asyncio.<Integer>generator(y -> {
                        for (int i = 0; i < n; i++) {
                            if (bodyRandom.nextInt(500) == 0) {
                                stall(bodyRandom.nextInt(50_000));
                            }
                            y.yield(i);
                        }
                    })
                    .map(i -> {
                        if (consumerRandom.nextInt(300) == 0) {
                            stall(consumerRandom.nextInt(50_000));
                        }
                        return i;
                    })
                    .toList()));
            assertEquals(expected, got, "run " + run);
        }
    }

    private static void stall(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
