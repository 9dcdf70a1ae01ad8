package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code aiter()} on a generator steps the generator's body directly (no coroutine in between): the
 * cases a pull over a flow handled by construction, checked here for the direct path.
 */
@Timeout(60)
class GeneratorIteratorTest {
    private static final int RACES = 200;

    /** Counts, yields 0, 1, 2, ... and records its cleanup, which itself awaits. */
    private static final class Counter {
        final AtomicInteger cleanups = new AtomicInteger();
        final AtomicInteger cleanupsFinished = new AtomicInteger();

        AsyncIterable<Integer> infinite() {
            return Asyncio.generator(y -> {
                try {
                    for (int i = 0; ; i++) {
                        y.yield(i);
                    }
                } finally {
                    cleanups.incrementAndGet();
                    await(Asyncio.sleep(Duration.ofMillis(5))); // a second close request would cut this
                    cleanupsFinished.incrementAndGet();
                }
            });
        }
    }

    @Test
    void acloseTwice_oneCloseRequestReachesTheBody_itsFinallyAwaitRunsToTheEnd() throws Exception {
        Counter gen = new Counter();
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = gen.infinite().aiter();
            assertThat(await(it.anext())).isZero();
            CompletionStage<Void> first = it.aclose();
            CompletionStage<Void> second = it.aclose();
            await(first);
            await(second);
            return null;
        });
        assertThat(gen.cleanups).hasValue(1);
        assertThat(gen.cleanupsFinished).hasValue(1);
    }

    @Test
    void bodyYieldingInItsFinallyAfterClose_getsCancelledErrorThere_andCloseEnds() throws Exception {
        for (int race = 0; race < RACES; race++) {
            AtomicInteger refused = new AtomicInteger();
            Asyncio.run(() -> {
                AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                            try {
                                for (int i = 0; ; i++) {
                                    y.yield(i);
                                }
                            } finally {
                                try {
                                    y.yield(-1); // ignores the close: never waits for a consumer
                                } catch (CancelledError expected) {
                                    refused.incrementAndGet();
                                }
                            }
                        })
                        .aiter();
                assertThat(await(it.anext())).isZero();
                await(it.aclose());
                return null;
            });
            assertThat(refused).hasValue(1);
        }
    }

    @Test
    void bodyFailure_reachesAnextUnwrapped_thenStop_andAcloseCompletesNormally() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                        y.yield(1);
                        throw boom;
                    })
                    .aiter();
            assertThat(await(it.anext())).isEqualTo(1);
            assertThatThrownBy(() -> await(it.anext())).isSameAs(boom);
            assertThatThrownBy(() -> await(it.anext())).isInstanceOf(StopAsyncIteration.class);
            await(it.aclose()); // the failure was delivered: closing does not raise it again
            return null;
        });
    }

    @Test
    void cancelPendingAnext_closesTheGenerator_once() throws Exception {
        for (int race = 0; race < RACES; race++) {
            Counter gen = new Counter();
            Asyncio.run(() -> {
                AsyncIterator<Integer> it = gen.infinite().aiter();
                assertThat(await(it.anext())).isZero();
                Task<Integer> next = (Task<Integer>) it.anext();
                next.cancel(); // the body may be yielding 1 right now: either way nothing is lost twice
                try {
                    assertThat(await(next)).isEqualTo(1);
                    await(it.aclose()); // the element came first: the iterator is still open
                } catch (CancelledError e) {
                    assertThat(next.isCancelled()).isTrue();
                }
                assertThatThrownBy(() -> await(it.anext())).isInstanceOf(StopAsyncIteration.class);
                await(it.aclose());
                return null;
            });
            assertThat(gen.cleanups).hasValue(1);
            assertThat(gen.cleanupsFinished).hasValue(1);
        }
    }

    @Test
    void anextWhileOnePending_throwsIllegalState() throws Exception {
        Asyncio.run(() -> {
            CompletableFuture<Void> hold = new CompletableFuture<>();
            AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                        await(hold);
                        y.yield(1);
                    })
                    .aiter();
            CompletionStage<Integer> first = it.anext();
            assertThatThrownBy(it::anext)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
            hold.complete(null);
            assertThat(await(first)).isEqualTo(1);
            assertThatThrownBy(() -> await(it.anext())).isInstanceOf(StopAsyncIteration.class);
            return null;
        });
    }

    @Test
    void futureStyle_anextFromCallbacks_stepsTheBodyInOrder() throws Exception {
        AsyncIterable<Integer> xs = Asyncio.generator(y -> {
            for (int i = 1; i <= 3; i++) {
                y.yield(i);
            }
        });
        int sum = Asyncio.run(() -> {
            AsyncIterator<Integer> it = xs.aiter();
            // each anext is called from the thread that completed the previous one (a body's yield)
            return await(it.anext()
                    .thenCompose(a -> it.anext().thenApply(b -> a * 10 + b))
                    .thenCompose(ab -> it.anext().thenApply(c -> ab * 10 + c))
                    .thenCompose(abc -> it.anext()
                            .handle((v, failure) -> failure instanceof StopAsyncIteration
                                            || failure.getCause() instanceof StopAsyncIteration
                                    ? abc
                                    : -1)));
        });
        assertThat(sum).isEqualTo(123);
    }

    @Test
    void stopAsyncIterationRaisedInTheBody_isAnIllegalStateForTheConsumer() throws Exception {
        Asyncio.run(() -> {
            AsyncIterator<Integer> it = Asyncio.<Integer>generator(y -> {
                        throw new StopAsyncIteration();
                    })
                    .aiter();
            assertThatThrownBy(() -> await(it.anext()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(StopAsyncIteration.class);
            return null;
        });
    }
}
