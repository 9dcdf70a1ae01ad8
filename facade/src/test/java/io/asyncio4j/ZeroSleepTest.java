package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A zero sleep started in a task body completes when that body next waits (it is not sent through the
 * loop's executor first): these check that it is never stuck behind its own starter, whichever way the
 * body goes on, and that a cancellation request meets it exactly once.
 */
@Timeout(60)
class ZeroSleepTest {
    private static final int RACES = 200;

    @Test
    void awaitedByItsBody_completesWithItsValue() throws Exception {
        Asyncio.run(() -> {
            Task<String> s = sleep(Duration.ZERO, "v");
            assertFalse(s.isDone(), "a zero sleep never completes inside the call that starts it");
            assertEquals("v", await(s));
            assertTrue(s.isDone());
            return null;
        });
    }

    @Test
    void notAwaited_completesWhileItsBodyWaitsForSomethingElse() throws Exception {
        Asyncio.run(() -> {
            Task<String> s = sleep(Duration.ZERO, "v");
            CompletableFuture<String> seen = new CompletableFuture<>();
            s.thenAccept(seen::complete); // completes only if the sleep does, while the body waits
            assertEquals("v", await(seen));
            return null;
        });
    }

    @Test
    void notAwaited_completesOnceItsBodyReturns() throws Exception {
        Asyncio.run(() -> {
            Task<Task<String>> starter = createTask(() -> sleep(Duration.ZERO, "left"));
            Task<String> left = await(starter);
            assertEquals("left", left.get(10, TimeUnit.SECONDS)); // blocking, not await: nobody steps it
            CompletableFuture<Task<String>> handedOut = new CompletableFuture<>();
            Task<Void> failing = createTask(() -> {
                handedOut.complete(sleep(Duration.ZERO, "thrown"));
                throw new IllegalStateException("the body fails with its zero sleep pending");
            });
            assertThrows(IllegalStateException.class, () -> await(failing));
            assertEquals("thrown", handedOut.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
            return null;
        });
    }

    @Test
    void joinedInItsOwnBody_doesNotWaitForItself() throws Exception {
        Asyncio.run(() -> {
            assertEquals("j", sleep(Duration.ZERO, "j").join());
            assertEquals("g", sleep(Duration.ZERO, "g").get());
            assertEquals("t", sleep(Duration.ZERO, "t").get(10, TimeUnit.SECONDS));
            assertEquals("dj", sleep(Duration.ZERO, "d").thenApply(v -> v + "j").join());
            assertEquals("dg", sleep(Duration.ZERO, "d").thenApply(v -> v + "g").get());
            return null;
        });
    }

    @Test
    void secondZeroSleep_sendsTheFirstToTheLoop() throws Exception {
        Asyncio.run(() -> {
            Task<String> first = sleep(Duration.ZERO, "a");
            Task<String> second = sleep(Duration.ZERO, "b");
            // the body polls without waiting: only the loop can complete the first one now
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(first::isDone);
            assertEquals("a", first.getNow(null));
            assertEquals("b", await(second));
            return null;
        });
    }

    @Test
    void awaitedByAnotherTask_whileItsStarterNeverWaits() throws Exception {
        Asyncio.run(() -> {
            Task<String> s = sleep(Duration.ZERO, "x");
            AtomicBoolean got = new AtomicBoolean();
            createTask(() -> {
                assertEquals("x", await(s));
                got.set(true);
                return null;
            });
            // the starter spins instead of waiting: the other task's await completes the sleep itself
            Awaitility.await().atMost(10, TimeUnit.SECONDS).untilTrue(got);
            return null;
        });
    }

    @Test
    void cancelledBeforeItsAwait_endsCancelled() throws Exception {
        Asyncio.run(() -> {
            Task<Void> s = sleep(Duration.ZERO);
            assertTrue(s.cancel("stop"));
            CancelledError e = assertThrows(CancelledError.class, () -> await(s));
            assertEquals("stop", e.getMessage());
            assertTrue(s.isCancelled());
            return null;
        });
    }

    @Test
    void taskCancelledInALoopOfZeroSleeps_seesOneCancelledError() throws Exception {
        for (int race = 0; race < RACES; race++) {
            Asyncio.run(() -> {
                AtomicInteger seen = new AtomicInteger();
                AtomicInteger turns = new AtomicInteger();
                Task<Void> spinner = createTask(() -> {
                    try {
                        while (true) {
                            await(sleep(Duration.ZERO));
                            turns.incrementAndGet();
                        }
                    } catch (CancelledError e) {
                        seen.incrementAndGet();
                        await(sleep(Duration.ZERO)); // no second CancelledError after the first
                        throw e;
                    }
                });
                while (turns.get() < 3) {
                    await(sleep(Duration.ZERO));
                }
                assertTrue(spinner.cancel());
                assertThrows(CancelledError.class, () -> await(spinner));
                assertTrue(spinner.isCancelled());
                assertEquals(1, seen.get());
                return null;
            });
        }
    }
}
