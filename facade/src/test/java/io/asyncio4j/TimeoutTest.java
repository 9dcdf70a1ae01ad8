package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.timeout;
import static io.asyncio4j.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(30)
class TimeoutTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    // ---- waitFor

    @Test
    void waitFor_expiry_cancelsInner_waitsForIt_andFailsWithTimeoutErrorCausedByCancelledError() throws Exception {
        Asyncio.run(() -> {
            AtomicBoolean cleanedUp = new AtomicBoolean();
            Task<String> inner = createTask(() -> {
                try {
                    await(sleep(LONG));
                    return "never";
                } finally {
                    await(sleep(Duration.ofMillis(20))); // slow cleanup: waitFor waits for it
                    cleanedUp.set(true);
                }
            });
            TimeoutError e = assertThrows(TimeoutError.class, () -> await(waitFor(inner, Duration.ofMillis(30))));
            assertInstanceOf(TimeoutException.class, e);
            assertInstanceOf(CancelledError.class, e.getCause());
            assertTrue(inner.isCancelled());
            assertTrue(cleanedUp.get());
            assertEquals(0, currentTask().cancelling());
            return null;
        });
    }

    @Test
    void waitFor_inTime_returnsValue() throws Exception {
        assertEquals("v", Asyncio.run(() -> await(waitFor(sleep(Duration.ofMillis(5), "v"), Duration.ofSeconds(5)))));
    }

    @Test
    void waitFor_innerFailure_propagatesUnwrapped() throws Exception {
        Asyncio.run(() -> {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> await(waitFor(
                            () -> {
                                throw new IllegalStateException("inner");
                            },
                            Duration.ofSeconds(5))));
            assertEquals("inner", e.getMessage());
            return null;
        });
    }

    @Test
    void waitFor_innerSwallowingCancellation_returnsItsValue() throws Exception {
        Asyncio.run(() -> {
            Task<String> stubborn = createTask(() -> {
                try {
                    await(sleep(LONG));
                } catch (CancelledError e) {
                    return "stubborn";
                }
                return "slept";
            });
            assertEquals("stubborn", await(waitFor(stubborn, Duration.ofMillis(20))));
            return null;
        });
    }

    @Test
    void waitFor_zeroOrNegativeTimeout_doneWorkReturnsItsResult() throws Exception {
        Asyncio.run(() -> {
            Task<Integer> done = createTask(() -> 42);
            await(done);
            assertEquals(42, await(waitFor(done, Duration.ZERO)));
            assertEquals(42, await(waitFor(done, Duration.ofSeconds(-1))));
            return null;
        });
    }

    @Test
    void waitFor_zeroTimeout_workNotStartedNeverStarts() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Asyncio.run(() -> {
            TimeoutError e =
                    assertThrows(TimeoutError.class, () -> await(waitFor(ran::incrementAndGet, Duration.ZERO)));
            assertInstanceOf(CancelledError.class, e.getCause());
            await(sleep(Duration.ofMillis(20)));
            return null;
        });
        assertEquals(0, ran.get());
    }

    @Test
    void waitFor_zeroTimeout_pendingWorkIsCancelled() throws Exception {
        Asyncio.run(() -> {
            Task<Void> pending = createTask(() -> await(sleep(LONG)));
            assertThrows(TimeoutError.class, () -> await(waitFor(pending, Duration.ZERO)));
            assertTrue(pending.isCancelled());
            return null;
        });
    }

    @Test
    void waitFor_cancelledFromOutside_cancelsInner_andStaysCancelledError() throws Exception {
        Asyncio.run(() -> {
            Task<Void> inner = createTask(() -> await(sleep(LONG)));
            Task<Void> outer = createTask(() -> await(waitFor(inner, LONG)));
            Parked.untilAwaiting(outer);
            outer.cancel("outside");
            CancelledError e = assertThrows(CancelledError.class, () -> await(outer));
            assertEquals("outside", e.getMessage());
            assertTrue(inner.isCancelled());
            return null;
        });
    }

    @Test
    void waitFor_hugeTimeout_doesNotOverflow() throws Exception {
        assertEquals(1, Asyncio.run(() -> await(waitFor(sleep(Duration.ZERO, 1), Duration.ofSeconds(Long.MAX_VALUE)))));
    }

    @Test
    void waitFor_nullArguments_failAtOnce() {
        assertThrows(NullPointerException.class, () -> waitFor((CompletableFuture<String>) null, LONG));
        NullPointerException e =
                assertThrows(NullPointerException.class, () -> waitFor(new CompletableFuture<>(), null));
        assertThat(e.getMessage()).contains("timeout");
    }

    // ---- timeout()

    @Test
    void timeout_expiry_cancelsBody_andSurfacesTimeoutError_taskHealthyAfter() throws Exception {
        Asyncio.run(() -> {
            Timeout[] handle = new Timeout[1];
            TimeoutError e = assertThrows(
                    TimeoutError.class,
                    () -> timeout(Duration.ofMillis(30), t -> {
                        handle[0] = t;
                        return await(sleep(LONG));
                    }));
            assertInstanceOf(CancelledError.class, e.getCause());
            assertTrue(handle[0].expired());
            assertEquals(0, currentTask().cancelling());
            assertEquals("still works", await(sleep(Duration.ofMillis(5), "still works")));
            return null;
        });
    }

    @Test
    void timeout_inTime_returnsBodyValue_notExpired() throws Exception {
        Asyncio.run(() -> {
            Timeout[] handle = new Timeout[1];
            String v = timeout(Duration.ofSeconds(5), t -> {
                handle[0] = t;
                return await(sleep(Duration.ofMillis(5), "ok"));
            });
            assertEquals("ok", v);
            assertFalse(handle[0].expired());
            return null;
        });
    }

    @Test
    void timeout_cancellationFromOutside_staysCancelledError() throws Exception {
        Asyncio.run(() -> {
            CountDownLatch inside = new CountDownLatch(1);
            Task<String> t = createTask(() -> timeout(LONG, h -> {
                inside.countDown();
                return await(sleep(LONG, "never"));
            }));
            inside.await();
            await(sleep(Duration.ofMillis(10)));
            t.cancel("outside");
            CancelledError e = assertThrows(CancelledError.class, () -> await(t));
            assertEquals("outside", e.getMessage());
            return null;
        });
    }

    @Test
    void timeout_reschedule_extendsAndShortensTheDeadline() throws Exception {
        Asyncio.run(() -> {
            String v = timeout(Duration.ofMillis(500), t -> {
                t.reschedule(t.when() + 10);
                await(sleep(Duration.ofMillis(80)));
                return "extended";
            });
            assertEquals("extended", v);
            assertThrows(
                    TimeoutError.class,
                    () -> timeout(LONG, t -> {
                        t.reschedule(Asyncio.getRunningLoop().time() + 0.02);
                        return await(sleep(LONG));
                    }));
            String none = timeout(Duration.ofMillis(500), t -> {
                t.reschedule(null);
                assertNull(t.when());
                await(sleep(Duration.ofMillis(600)));
                return "no deadline";
            });
            assertEquals("no deadline", none);
            return null;
        });
    }

    @Test
    void timeout_rescheduleAfterExpiry_isRefused() throws Exception {
        Asyncio.run(() -> {
            Timeout[] handle = new Timeout[1];
            assertThrows(
                    TimeoutError.class,
                    () -> timeout(Duration.ofMillis(10), t -> {
                        handle[0] = t;
                        return await(sleep(LONG));
                    }));
            assertThrows(IllegalStateException.class, () -> handle[0].reschedule(1.0));
            return null;
        });
    }

    @Test
    void nestedTimeouts_innerExpiry_reportedByInner() throws Exception {
        Asyncio.run(() -> {
            String r = timeout(LONG, outer -> {
                try {
                    timeout(Duration.ofMillis(20), inner -> await(sleep(LONG)));
                    return "no";
                } catch (TimeoutError e) {
                    assertFalse(outer.expired());
                    return "inner expired";
                }
            });
            assertEquals("inner expired", r);
            return null;
        });
    }

    @Test
    void nestedTimeouts_outerExpiry_reportedByOuter_innerPassesCancellationThrough() throws Exception {
        Asyncio.run(() -> {
            Timeout[] inner = new Timeout[1];
            AtomicBoolean innerSawTimeout = new AtomicBoolean();
            assertThrows(
                    TimeoutError.class,
                    () -> timeout(Duration.ofMillis(20), outer -> {
                        try {
                            return timeout(LONG, i -> {
                                inner[0] = i;
                                return await(sleep(LONG));
                            });
                        } catch (TimeoutError e) {
                            innerSawTimeout.set(true);
                            throw e;
                        }
                    }));
            assertFalse(innerSawTimeout.get());
            assertFalse(inner[0].expired());
            assertEquals(0, currentTask().cancelling());
            return null;
        });
    }

    @Test
    void timeout_zeroDelay_expiresAtFirstWait() throws Exception {
        Asyncio.run(() -> {
            assertThrows(TimeoutError.class, () -> timeout(Duration.ZERO, t -> await(sleep(Duration.ofMillis(50)))));
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeoutAt(
                            Asyncio.getRunningLoop().time() - 1, t -> await(sleep(Duration.ofMillis(50)))));
            return null;
        });
    }

    @Test
    void timeout_outsideTask_isRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> timeout(LONG, t -> 1));
        assertThat(e.getMessage()).contains("task body");
    }
}
