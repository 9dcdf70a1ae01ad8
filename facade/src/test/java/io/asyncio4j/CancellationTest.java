package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CancellationTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void cancel_wakesBodyBlockedInSleep_withMessage() throws Exception {
        Asyncio.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<String> t = createTask(() -> {
                sleeping.countDown();
                await(sleep(LONG));
                return "never";
            });
            sleeping.await();
            assertTrue(t.cancel("stop now"));
            CancelledError e = assertThrows(CancelledError.class, () -> await(t));
            assertEquals("stop now", e.getMessage());
            assertTrue(t.isCancelled());
            assertTrue(t.cancelled());
            assertFalse(t.cancel("again"));
            return null;
        });
    }

    @Test
    void cancel_wakesBodyBlockedInAwaitOfForeignFuture_andCancelsIt() throws Exception {
        Asyncio.run(() -> {
            CompletableFuture<String> foreign = new CompletableFuture<>();
            Task<String> t = createTask(() -> await(foreign));
            Parked.untilAwaiting(t);
            t.cancel("bye");
            CancelledError e = assertThrows(CancelledError.class, () -> await(t));
            assertEquals("bye", e.getMessage());
            assertTrue(foreign.isCancelled());
            return null;
        });
    }

    @Test
    void bodyCatchingCancelledError_endsWithItsValue() throws Exception {
        Asyncio.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<String> t = createTask(() -> {
                try {
                    sleeping.countDown();
                    await(sleep(LONG));
                    return "slept";
                } catch (CancelledError e) {
                    return "caught " + e.getMessage();
                }
            });
            sleeping.await();
            assertTrue(t.cancel("x"));
            assertEquals("caught x", await(t));
            assertFalse(t.isCancelled());
            assertEquals(1, t.cancelling());
            return null;
        });
    }

    @Test
    void bodyCatchingCancelledError_canAwaitAgain() throws Exception {
        Asyncio.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<String> t = createTask(() -> {
                try {
                    sleeping.countDown();
                    await(sleep(LONG));
                } catch (CancelledError e) {
                    await(sleep(Duration.ofMillis(10)));
                    return "cleaned up";
                }
                return "no";
            });
            sleeping.await();
            t.cancel();
            assertEquals("cleaned up", await(t));
            return null;
        });
    }

    @Test
    void taskCancelledBeforeItStarts_neverRunsItsBody() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        int cancelledCount = Asyncio.run(() -> {
            int cancelled = 0;
            for (int i = 0; i < 200; i++) {
                Task<Integer> t = createTask(ran::incrementAndGet);
                if (t.cancel("early")) {
                    accepted.incrementAndGet();
                    try {
                        await(t);
                    } catch (CancelledError expected) {
                        cancelled++;
                    }
                }
            }
            return cancelled;
        });
        // a request that arrives before the body starts prevents it; one that comes while it runs stays
        // pending and ends a body without awaits cancelled when it returns (asyncio's _must_cancel): an
        // accepted request always ends the task cancelled
        assertEquals(accepted.get(), cancelledCount);
        assertTrue(ran.get() <= 200);
    }

    @Test
    void cancelRequest_whileNotWaiting_isDeliveredAtNextAwait() throws Exception {
        Asyncio.run(() -> {
            CountDownLatch requested = new CountDownLatch(1);
            AtomicBoolean reachedAfter = new AtomicBoolean();
            Task<Void> t = createTask(() -> {
                requested.await(); // a plain blocking wait: not an asyncio4j await
                await(sleep(LONG)); // the next await of pending work receives the request
                reachedAfter.set(true);
                return null;
            });
            await(sleep(Duration.ofMillis(20)));
            t.cancel("later");
            requested.countDown();
            assertThrows(CancelledError.class, () -> await(t));
            assertFalse(reachedAfter.get());
            return null;
        });
    }

    @Test
    void selfCancel_isDeliveredAtNextAwait() throws Exception {
        Asyncio.run(() -> {
            Task<String> t = createTask(() -> {
                currentTask().cancel("self");
                try {
                    await(sleep(Duration.ofMillis(1)));
                    return "no";
                } catch (CancelledError e) {
                    return e.getMessage();
                }
            });
            assertEquals("self", await(t));
            return null;
        });
    }

    @Test
    void cancellingAndUncancel_countRequests() throws Exception {
        Asyncio.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<Integer> t = createTask(() -> {
                try {
                    await(gate.copy());
                } catch (CancelledError e) {
                    // swallow and stay alive until the gate opens
                }
                CompletableFuture<Void> g = gate;
                g.join();
                return currentTask().cancelling();
            });
            Parked.untilAwaiting(t);
            t.cancel(); // relayed to the awaited future
            t.cancel(); // that one is done: pending, as asyncio's _must_cancel
            assertEquals(2, t.cancelling());
            assertEquals(1, t.uncancel());
            assertEquals(0, t.uncancel()); // back to zero: the pending request is withdrawn too
            gate.complete(null);
            assertEquals(0, await(t));
            return null;
        });
    }

    @Test
    void awaitingATask_cancelledWaiterRelaysToTheAwaitedTask() throws Exception {
        Asyncio.run(() -> {
            Task<Void> inner = createTask(() -> await(sleep(LONG)));
            Task<Void> outer = createTask(() -> await(inner));
            Parked.untilAwaiting(outer);
            outer.cancel("chain");
            CancelledError e = assertThrows(CancelledError.class, () -> await(outer));
            assertThat(e.getMessage()).isEqualTo("chain");
            assertTrue(inner.isCancelled());
            return null;
        });
    }

    @Test
    void shield_protectsInnerFromCancellation() throws Exception {
        Asyncio.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<String> inner = createTask(() -> {
                await(gate.copy());
                return "survived";
            });
            Task<String> outer = createTask(() -> await(Asyncio.shield(inner)));
            Parked.untilAwaiting(outer);
            outer.cancel();
            assertThrows(CancelledError.class, () -> await(outer));
            gate.complete(null);
            assertEquals("survived", await(inner));
            return null;
        });
    }

    @Test
    void awaitingItself_failsClearly() throws Exception {
        Asyncio.run(() -> {
            Task<String> t = createTask(() -> {
                try {
                    await(currentTask());
                    return "no";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            assertThat(await(t)).contains("cannot await itself");
            return null;
        });
    }

    @Test
    void cancelledErrorIsCaughtByCatchException_andRethrowIfCancelledKeepsItCancelled() throws Exception {
        Asyncio.run(() -> {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<Void> t = createTask(() -> {
                try {
                    sleeping.countDown();
                    await(sleep(LONG));
                } catch (Exception e) {
                    CancelledError.rethrowIfCancelled(e);
                }
                return null;
            });
            sleeping.await();
            t.cancel();
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.isCancelled());
            return null;
        });
    }

    @Test
    void cancel_boolean_isARequestToo() throws Exception {
        Asyncio.run(() -> {
            Task<Void> t = createTask(() -> await(sleep(LONG)));
            assertTrue(t.cancel(true));
            assertThrows(CancelledError.class, () -> await(t));
            return null;
        });
    }

    @Test
    void toThread_cancellationInterruptsTheThread() throws Exception {
        Asyncio.run(() -> {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            Task<String> t = Asyncio.toThread(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
                return "never";
            });
            started.await();
            t.cancel("stop");
            assertThrows(CancelledError.class, () -> await(t));
            org.awaitility.Awaitility.await().untilTrue(interrupted);
            return null;
        });
    }

    @Test
    void toThread_returnsValueAndUnwrappedException() throws Exception {
        Asyncio.run(() -> {
            assertEquals("v", await(Asyncio.toThread(() -> "v")));
            java.io.IOException e = assertThrows(
                    java.io.IOException.class,
                    () -> await(Asyncio.toThread(() -> {
                        throw new java.io.IOException("io");
                    })));
            assertEquals("io", e.getMessage());
            return null;
        });
    }
}
