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
}
