package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AsyncIterableTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    /** A generator counting how far it got and how often its finally ran. */
    private static final class Counting {
        final AtomicInteger produced = new AtomicInteger();
        final AtomicInteger cleanups = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        AsyncIterable<Integer> infinite() {
            return Asyncio.generator(y -> {
                try {
                    for (int i = 0; ; i++) {
                        produced.incrementAndGet();
                        y.yield(i);
                    }
                } finally {
                    cleanups.incrementAndGet();
                    closed.countDown();
                }
            });
        }
    }

    // ---- generators

    @Test
    void generator_toList_collectsAllElementsInOrder() throws Exception {
        List<Integer> list = Asyncio.run(() -> await(Asyncio.<Integer>generator(y -> {
                    for (int i = 0; i < 5; i++) {
                        await(sleep(Duration.ofMillis(1)));
                        y.yield(i);
                    }
                })
                .toList()));
        assertEquals(List.of(0, 1, 2, 3, 4), list);
    }

    @Test
    void generator_neverRunsAheadOfConsumer_directStyle() throws Exception {
        Counting gen = new Counting();
        Asyncio.run(() -> {
            try (AsyncIterable.Iteration<Integer> it = gen.infinite().iterate()) {
                int seen = 0;
                for (int value : it) {
                    assertEquals(seen, value);
                    seen++;
                    // the body ran exactly up to the element we hold, not one more
                    assertEquals(seen, gen.produced.get());
                    await(sleep(Duration.ofMillis(1)));
                    assertEquals(seen, gen.produced.get());
                    if (seen == 5) {
                        break;
                    }
                }
            }
            assertEquals(1, gen.cleanups.get(), "closing the iteration runs the finally exactly once");
            return null;
        });
        assertEquals(5, gen.produced.get());
        assertEquals(1, gen.cleanups.get());
    }

    @Test
    void generator_take_closesGeneratorAfterLastElement_runningFinallyOnce() throws Exception {
        Counting gen = new Counting();
        List<Integer> list = Asyncio.run(() -> await(gen.infinite().take(3).toList()));
        assertEquals(List.of(0, 1, 2), list);
        assertEquals(3, gen.produced.get());
        assertEquals(1, gen.cleanups.get());
    }

    @Test
    void generator_forEach_slowConsumer_bodyStaysInStep() throws Exception {
        Counting gen = new Counting();
        List<Integer> maxAhead = Collections.synchronizedList(new ArrayList<>());
        Asyncio.run(() -> await(gen.infinite().take(20).forEachAsync(v -> {
            maxAhead.add(gen.produced.get() - v - 1);
            return sleep(Duration.ofMillis(1));
        })));
        assertThat(maxAhead).hasSize(20).allMatch(ahead -> ahead == 0);
        assertEquals(1, gen.cleanups.get());
    }

    @Test
    void generator_buffer_runsAheadAtMostCapacityPlusOne() throws Exception {
        Counting gen = new Counting();
        Asyncio.run(() -> {
            try (var it = gen.infinite().buffer(4).iterate()) {
                for (int v : it) {
                    await(sleep(Duration.ofMillis(20)));
                    assertThat(gen.produced.get() - v - 1).isLessThanOrEqualTo(4 + 1 + 1);
                    if (v == 3) {
                        break;
                    }
                }
            }
            return null;
        });
        assertEquals(1, gen.cleanups.get());
    }

    @Test
    void generator_failure_surfacesUnwrappedToConsumer() throws Exception {
        IOException boom = new IOException("boom");
        Exception thrown = assertThrows(
                IOException.class,
                () -> Asyncio.run(() -> await(Asyncio.<Integer>generator(y -> {
                            y.yield(1);
                            throw boom;
                        })
                        .toList())));
        assertSame(boom, thrown);
    }

    @Test
    void generator_failure_directStyle_thrownByHasNextAsIs() throws Exception {
        IOException boom = new IOException("boom");
        List<Integer> seen = new ArrayList<>();
        Exception thrown = assertThrows(
                IOException.class,
                () -> Asyncio.run(() -> {
                    try (var it = Asyncio.<Integer>generator(y -> {
                                y.yield(1);
                                throw boom;
                            })
                            .iterate()) {
                        for (int v : it) {
                            seen.add(v);
                        }
                    }
                    return null;
                }));
        assertSame(boom, thrown);
        assertEquals(List.of(1), seen);
    }

    @Test
    void generator_consumerFails_closesGenerator_andKeepsConsumerFailure() throws Exception {
        Counting gen = new Counting();
        IllegalStateException bad = new IllegalStateException("consumer");
        Exception thrown = assertThrows(
                IllegalStateException.class,
                () -> Asyncio.run(() -> await(gen.infinite().forEach(v -> {
                    if (v == 2) {
                        throw bad;
                    }
                }))));
        assertSame(bad, thrown);
        assertEquals(1, gen.cleanups.get());
        assertEquals(3, gen.produced.get());
    }

    private static void failCleanup() throws IOException {
        throw new IOException("cleanup");
    }

    @Test
    void generator_cleanupFailure_isSuppressedIntoConsumerFailure() throws Exception {
        IllegalStateException bad = new IllegalStateException("consumer");
        AsyncIterable<Integer> gen = Asyncio.generator(y -> {
            try {
                y.yield(1);
                y.yield(2);
            } finally {
                failCleanup();
            }
        });
        Exception thrown = assertThrows(
                IllegalStateException.class,
                () -> Asyncio.run(() -> await(gen.forEach(v -> {
                    throw bad;
                }))));
        assertSame(bad, thrown);
        assertThat(thrown.getSuppressed()).hasSize(1);
        assertThat(thrown.getSuppressed()[0]).isInstanceOf(IOException.class).hasMessage("cleanup");
    }

    @Test
    void generator_consumerTaskCancelled_closesGeneratorParkedInAwait() throws Exception {
        AtomicInteger cleanups = new AtomicInteger();
        CountDownLatch waiting = new CountDownLatch(1);
        Asyncio.run(() -> {
            AsyncIterable<Integer> gen = Asyncio.generator(y -> {
                try {
                    y.yield(1);
                    waiting.countDown();
                    await(sleep(LONG));
                } finally {
                    cleanups.incrementAndGet();
                }
            });
            Task<Void> consumer = gen.forEach(v -> {});
            await(createTask(() -> {
                waiting.await();
                return null;
            }));
            consumer.cancel("stop");
            assertThrows(CancelledError.class, consumer::await);
            assertTrue(consumer.isCancelled());
            assertEquals(1, cleanups.get());
            return null;
        });
    }

    @Test
    void generator_directStyleConsumerCancelled_closesGenerator() throws Exception {
        Counting gen = new Counting();
        Asyncio.run(() -> {
            CountDownLatch gotOne = new CountDownLatch(1);
            Task<Integer> consumer = createTask(() -> {
                int n = 0;
                try (var it = gen.infinite().iterate()) {
                    for (int v : it) {
                        n++;
                        gotOne.countDown();
                        await(sleep(LONG));
                    }
                }
                return n;
            });
            await(Asyncio.toThread(() -> {
                gotOne.await();
                return null;
            }));
            consumer.cancel();
            assertThrows(CancelledError.class, consumer::await);
            return null;
        });
        assertEquals(1, gen.cleanups.get());
    }

    @Test
    void generator_yieldNull_failsWithNamedNpe() {
        NullPointerException npe = assertThrows(
                NullPointerException.class,
                () -> Asyncio.run(() ->
                        await(Asyncio.<String>generator(y -> y.yield(null)).toList())));
        assertThat(npe).hasMessageContaining("value must not be null");
    }

    @Test
    void generator_isCold_eachConsumptionRunsBodyAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AsyncIterable<Integer> gen = Asyncio.generator(y -> {
            runs.incrementAndGet();
            y.yield(7);
        });
        Asyncio.run(() -> {
            assertEquals(List.of(7), await(gen.toList()));
            assertEquals(List.of(7), await(gen.toList()));
            return null;
        });
        assertEquals(2, runs.get());
    }

    // ---- factories, terminals

    @Test
    void of_range_from_empty_produceExpectedElements() throws Exception {
        Asyncio.run(() -> {
            assertEquals(List.of("a", "b"), await(AsyncIterable.of("a", "b").toList()));
            assertEquals(List.of(2, 3, 4), await(AsyncIterable.range(2, 5).toList()));
            assertEquals(
                    List.of(0, 1, 2),
                    await(AsyncIterable.range(0, 3, Duration.ofMillis(5)).toList()));
            assertEquals(List.of(1, 2), await(AsyncIterable.from(List.of(1, 2)).toList()));
            assertEquals(List.of(), await(AsyncIterable.empty().toList()));
            return null;
        });
    }

    @Test
    void first_returnsFirst_andEmptyFailsWithStopAsyncIteration() throws Exception {
        Counting gen = new Counting();
        Asyncio.run(() -> {
            assertEquals(0, await(gen.infinite().first()));
            assertThrows(
                    StopAsyncIteration.class,
                    () -> await(AsyncIterable.<Integer>empty().first()));
            return null;
        });
        assertEquals(1, gen.produced.get());
        assertEquals(1, gen.cleanups.get());
    }

    @Test
    void badInput_failsFastWithNamedExceptions() {
        assertThat(assertThrows(NullPointerException.class, () -> AsyncIterable.of("a", null)))
                .hasMessage("items[1] must not be null");
        assertThrows(NullPointerException.class, () -> AsyncIterable.generator(null));
        assertThrows(
                IllegalArgumentException.class,
                () -> AsyncIterable.of(1).mapAsync(0, CompletableFuture::completedFuture));
        assertThrows(IllegalArgumentException.class, () -> AsyncIterable.of(1).take(-1));
        assertThrows(NullPointerException.class, () -> AsyncIterable.of(1).map(null));
    }

    @Test
    void mapReturningNull_failsStreamWithNamedNpe() {
        NullPointerException npe = assertThrows(
                NullPointerException.class,
                () -> Asyncio.run(
                        () -> await(AsyncIterable.of(1).map(v -> (String) null).toList())));
        assertThat(npe).hasMessageContaining("map function");
    }

    // ---- custom iterators

    private static final class Countdown implements AsyncIterator<Integer> {
        private final AtomicInteger closes;
        private int n = 3;

        Countdown(AtomicInteger closes) {
            this.closes = closes;
        }

        @Override
        public CompletionStage<Integer> anext() {
            if (n == 0) {
                return CompletableFuture.failedFuture(new StopAsyncIteration());
            }
            return sleep(Duration.ofMillis(1), n--);
        }

        @Override
        public CompletionStage<Void> aclose() {
            closes.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void fromIterator_drivesAnextUntilStop_andClosesOnce() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Asyncio.run(() -> {
            assertEquals(
                    List.of(3, 2, 1),
                    await(AsyncIterable.fromIterator(() -> new Countdown(closes))
                            .toList()));
            assertEquals(1, closes.get());
            assertEquals(
                    List.of(3),
                    await(AsyncIterable.fromIterator(() -> new Countdown(closes))
                            .take(1)
                            .toList()));
            assertEquals(2, closes.get());
            return null;
        });
    }

    @Test
    void aiter_stepsManually_thenStopAsyncIteration() throws Exception {
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = AsyncIterable.of(1, 2).aiter();
            assertEquals(1, await(it.anext()));
            assertEquals(2, await(it.anext()));
            assertThrows(StopAsyncIteration.class, () -> await(it.anext()));
            assertThrows(StopAsyncIteration.class, () -> await(it.anext()));
            await(it.aclose());
            return null;
        });
    }

    @Test
    void aiter_acloseBeforeEnd_runsGeneratorCleanupOnce() throws Exception {
        Counting gen = new Counting();
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = gen.infinite().aiter();
            assertEquals(0, await(it.anext()));
            await(it.aclose());
            assertEquals(1, gen.cleanups.get());
            assertThrows(StopAsyncIteration.class, () -> await(it.anext()));
            return null;
        });
    }

    // ---- operators

    @Test
    void operators_mapFilterTakeWhileConcatMerge() throws Exception {
        Asyncio.run(() -> {
            AsyncIterable<Integer> xs = AsyncIterable.range(0, 10);
            assertEquals(
                    List.of(0, 4, 16, 36, 64),
                    await(xs.filter(i -> i % 2 == 0).map(i -> i * i).toList()));
            assertEquals(List.of(0, 1, 2), await(xs.takeWhile(i -> i < 3).toList()));
            assertEquals(
                    List.of(1, 2, 3),
                    await(AsyncIterable.concat(AsyncIterable.of(1), AsyncIterable.of(2, 3))
                            .toList()));
            List<Integer> merged = await(AsyncIterable.merge(AsyncIterable.of(1, 2), AsyncIterable.of(3))
                    .toList());
            assertThat(merged).containsExactlyInAnyOrder(1, 2, 3);
            assertEquals(List.of(), await(xs.take(0).toList()));
            return null;
        });
    }

    @Test
    void mapAsync_isOrdered_andRespectsConcurrencyLimit() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<Integer> result = Asyncio.run(() -> await(AsyncIterable.range(0, 30)
                .mapAsync(
                        3,
                        i -> createTask(() -> {
                            int now = inFlight.incrementAndGet();
                            maxInFlight.accumulateAndGet(now, Math::max);
                            try {
                                await(sleep(Duration.ofMillis((30 - i) % 7)));
                            } finally {
                                inFlight.decrementAndGet();
                            }
                            return i * 10;
                        }))
                .toList()));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add(i * 10);
        }
        assertEquals(expected, result);
        assertThat(maxInFlight.get()).isBetween(1, 3);
    }

    @Test
    void mapAsync_earlyStop_cancelsStartedStages() throws Exception {
        List<Task<Integer>> started = Collections.synchronizedList(new ArrayList<>());
        Asyncio.run(() -> {
            List<Integer> first = await(AsyncIterable.range(0, 100)
                    .mapAsync(4, i -> {
                        Task<Integer> t = createTask(() -> {
                            await(sleep(i == 0 ? Duration.ZERO : LONG));
                            return i;
                        });
                        started.add(t);
                        return t;
                    })
                    .take(1)
                    .toList());
            assertEquals(List.of(0), first);
            return null;
        });
        assertThat(started).hasSizeLessThanOrEqualTo(5).allMatch(CompletableFuture::isDone);
        assertThat(started.subList(1, started.size())).allMatch(CompletableFuture::isCancelled);
    }

    @Test
    void timeout_perElement_failsWithTimeoutError_andClosesSource() throws Exception {
        AtomicInteger cleanups = new AtomicInteger();
        AsyncIterable<Integer> slow = Asyncio.generator(y -> {
            try {
                y.yield(1);
                await(sleep(LONG));
                y.yield(2);
            } finally {
                cleanups.incrementAndGet();
            }
        });
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        assertThrows(
                TimeoutError.class,
                () -> Asyncio.run(
                        () -> await(slow.timeout(Duration.ofMillis(50)).forEach(seen::add))));
        assertEquals(List.of(1), seen);
        assertEquals(1, cleanups.get());
        // a fast stream is not affected
        assertEquals(
                List.of(0, 1, 2),
                Asyncio.run(() -> await(AsyncIterable.range(0, 3, Duration.ofMillis(1))
                        .timeout(Duration.ofSeconds(5))
                        .toList())));
    }

    // ---- bridges

    @Test
    void asPublisher_roundTripThroughFrom_keepsElements() throws Exception {
        Asyncio.run(() -> {
            AsyncIterable<Integer> back =
                    AsyncIterable.from(AsyncIterable.range(0, 100).asPublisher());
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add(i);
            }
            assertEquals(expected, await(back.toList()));
            return null;
        });
    }

    @Test
    void from_submissionPublisher_consumesJdkPublisher_andCancelsOnEarlyExit() throws Exception {
        try (SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>()) {
            Asyncio.run(() -> {
                Task<List<Integer>> firstThree =
                        AsyncIterable.from(publisher).take(3).toList();
                await(Asyncio.toThread(() -> {
                    await().atMost(Duration.ofSeconds(10)).until(() -> publisher.getNumberOfSubscribers() == 1);
                    for (int i = 0; i < 10; i++) {
                        publisher.submit(i);
                    }
                    return null;
                }));
                assertEquals(List.of(0, 1, 2), await(firstThree));
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.getNumberOfSubscribers() == 0);
        }
    }

    @Test
    void asPublisher_failingGenerator_signalsOnErrorAtTheFirstRequest() throws Exception {
        IOException failure = new IOException("failed source");
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        var publisher = Asyncio.<Integer>generator(y -> {
                    ran.set(true);
                    throw failure;
                })
                .asPublisher();
        CompletableFuture<java.util.concurrent.Flow.Subscription> subscribed = new CompletableFuture<>();
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<Integer>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                subscribed.complete(s);
            }

            @Override
            public void onNext(Integer item) {
                error.completeExceptionally(new AssertionError("onNext(" + item + ")"));
            }

            @Override
            public void onError(Throwable throwable) {
                error.complete(throwable);
            }

            @Override
            public void onComplete() {
                error.completeExceptionally(new AssertionError("onComplete"));
            }
        });
        java.util.concurrent.Flow.Subscription subscription = subscribed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        Thread.sleep(50); // a body that ran before any request would have failed by now
        assertThat(ran).isFalse(); // lazy, as a Python async generator before its first __anext__
        assertThat(error).isNotDone();
        subscription.request(1);
        assertSame(failure, error.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    /**
     * Rule 3.9 while elements flow: a {@code request(0)} from another thread, 200 times, cancels the
     * source and signals {@code onError(IllegalArgumentException)} once, after the last {@code onNext}
     * and never during one; the generator's {@code finally} runs once.
     */
    @Test
    void asPublisher_requestZeroWhileElementsFlow_200Runs_oneErrorAfterTheLastElement() throws Exception {
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (int run = 0; run < 200; run++) {
                Counting gen = new Counting();
                java.util.concurrent.atomic.AtomicBoolean inSignal = new java.util.concurrent.atomic.AtomicBoolean();
                AtomicInteger overlaps = new AtomicInteger();
                AtomicInteger errors = new AtomicInteger();
                AtomicInteger afterError = new AtomicInteger();
                CompletableFuture<Throwable> error = new CompletableFuture<>();
                int rejectAt = run % 50;
                gen.infinite().asPublisher().subscribe(new java.util.concurrent.Flow.Subscriber<Integer>() {
                    private java.util.concurrent.Flow.Subscription subscription;

                    private void enter() {
                        if (!inSignal.compareAndSet(false, true)) {
                            overlaps.incrementAndGet();
                        }
                    }

                    @Override
                    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                        subscription = s;
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(Integer item) {
                        enter();
                        if (error.isDone()) {
                            afterError.incrementAndGet();
                        }
                        if (item == rejectAt) {
                            other.execute(() -> subscription.request(0));
                        }
                        inSignal.set(false);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        enter();
                        errors.incrementAndGet();
                        error.complete(throwable);
                        inSignal.set(false);
                    }

                    @Override
                    public void onComplete() {
                        error.completeExceptionally(new AssertionError("onComplete"));
                    }
                });
                assertThat(error.get(10, java.util.concurrent.TimeUnit.SECONDS))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("3.9");
                assertTrue(gen.closed.await(10, java.util.concurrent.TimeUnit.SECONDS), "run " + run);
                Thread.sleep(1); // room for a stray signal
                assertEquals(1, errors.get(), "run " + run);
                assertEquals(0, afterError.get(), "run " + run + ": onNext after onError");
                assertEquals(0, overlaps.get(), "run " + run + ": signals overlapped");
                assertEquals(1, gen.cleanups.get(), "run " + run);
            }
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void asPublisher_cancel_closesGenerator() throws Exception {
        Counting gen = new Counting();
        var publisher = gen.infinite().asPublisher();
        CountDownLatch got = new CountDownLatch(2);
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<Integer>() {
            private java.util.concurrent.Flow.Subscription subscription;

            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                subscription = s;
                s.request(2);
            }

            @Override
            public void onNext(Integer item) {
                got.countDown();
                if (item == 1) {
                    subscription.cancel();
                }
            }

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
        });
        assertTrue(got.await(10, java.util.concurrent.TimeUnit.SECONDS));
        gen.closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, gen.cleanups.get());
        assertThat(gen.produced.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void asCompleted_yieldsValuesInCompletionOrder() throws Exception {
        Asyncio.run(() -> {
            Task<String> slow = sleep(Duration.ofMillis(60), "slow");
            Task<String> fast = sleep(Duration.ofMillis(5), "fast");
            assertEquals(
                    List.of("fast", "slow"),
                    await(AsyncIterable.asCompleted(List.of(slow, fast)).toList()));
            return null;
        });
    }
}
