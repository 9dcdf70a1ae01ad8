package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AsyncContextManagerTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    /** Records enter/exit; exits after an await; may suppress or fail in aexit. */
    private static final class Recording implements AsyncContextManager<String> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger exits = new AtomicInteger();
        final boolean suppress;
        final @Nullable Exception exitFailure;
        volatile @Nullable Throwable seen;

        Recording(boolean suppress, @Nullable Exception exitFailure) {
            this.suppress = suppress;
            this.exitFailure = exitFailure;
        }

        @Override
        public CompletionStage<String> aenter() {
            events.add("enter");
            return sleep(Duration.ofMillis(1), "resource");
        }

        @Override
        public CompletionStage<Boolean> aexit(@Nullable Throwable failure) {
            seen = failure;
            exits.incrementAndGet();
            events.add("exit");
            if (exitFailure != null) {
                return CompletableFuture.failedFuture(exitFailure);
            }
            return sleep(Duration.ofMillis(1), suppress);
        }
    }

    @Test
    void asyncWith_success_entersRunsBodyExitsOnce() throws Exception {
        Recording cm = new Recording(false, null);
        String result = Asyncio.run(() -> Asyncio.asyncWith(cm, value -> {
            cm.events.add("body " + value);
            return "done";
        }));
        assertEquals("done", result);
        assertEquals(List.of("enter", "body resource", "exit"), cm.events);
        assertNull(cm.seen);
    }

    @Test
    void asyncWith_bodyFails_exitSeesFailure_andItPropagates() throws Exception {
        Recording cm = new Recording(false, null);
        IOException boom = new IOException("boom");
        IOException thrown = assertThrows(
                IOException.class,
                () -> Asyncio.run(() -> Asyncio.asyncWith(cm, v -> {
                    throw boom;
                })));
        assertSame(boom, thrown);
        assertSame(boom, cm.seen);
        assertEquals(1, cm.exits.get());
    }

    @Test
    void asyncWith_exitTrue_suppressesBodyFailure_returnsNull() throws Exception {
        Recording cm = new Recording(true, null);
        Object result = Asyncio.run(() -> Asyncio.asyncWith(cm, v -> {
            throw new IOException("suppressed");
        }));
        assertNull(result);
        assertEquals(1, cm.exits.get());
    }

    @Test
    void asyncWith_exitFails_afterBodyFailure_isAddedAsSuppressed() throws Exception {
        IllegalStateException cleanup = new IllegalStateException("cleanup");
        Recording cm = new Recording(false, cleanup);
        IOException boom = new IOException("boom");
        IOException thrown = assertThrows(
                IOException.class,
                () -> Asyncio.run(() -> Asyncio.asyncWith(cm, v -> {
                    throw boom;
                })));
        assertSame(boom, thrown);
        assertThat(thrown.getSuppressed()).containsExactly(cleanup);
    }

    @Test
    void asyncWith_exitFails_afterSuccess_throwsCleanupFailure() {
        IllegalStateException cleanup = new IllegalStateException("cleanup");
        Recording cm = new Recording(false, cleanup);
        IllegalStateException thrown =
                assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> Asyncio.asyncWith(cm, v -> "ok")));
        assertSame(cleanup, thrown);
    }

    @Test
    void asyncWith_enterFails_bodyAndExitDoNotRun() {
        AtomicInteger bodies = new AtomicInteger();
        AtomicInteger exits = new AtomicInteger();
        AsyncContextManager<String> cm = new AsyncContextManager<>() {
            @Override
            public CompletionStage<String> aenter() {
                return CompletableFuture.failedFuture(new IOException("enter"));
            }

            @Override
            public CompletionStage<Boolean> aexit(@Nullable Throwable failure) {
                exits.incrementAndGet();
                return CompletableFuture.completedFuture(false);
            }
        };
        assertThrows(IOException.class, () -> Asyncio.run(() -> Asyncio.asyncWith(cm, v -> bodies.incrementAndGet())));
        assertEquals(0, bodies.get());
        assertEquals(0, exits.get());
    }

    @Test
    void asyncWith_taskCancelledInBody_exitSeesCancelledError_taskEndsCancelled() throws Exception {
        Recording cm = new Recording(false, null);
        CountDownLatch inBody = new CountDownLatch(1);
        Asyncio.run(() -> {
            Task<Object> task = createTask(() -> Asyncio.asyncWith(cm, v -> {
                inBody.countDown();
                return await(sleep(LONG));
            }));
            await(Asyncio.toThread(() -> {
                inBody.await();
                return null;
            }));
            task.cancel("stop");
            assertThrows(CancelledError.class, task::await);
            return null;
        });
        assertThat(cm.seen).isInstanceOf(CancelledError.class);
        assertEquals(1, cm.exits.get());
    }

    @Test
    void asyncWithFuture_success_failure_suppression() throws Exception {
        Asyncio.run(() -> {
            Recording ok = new Recording(false, null);
            assertEquals("v:resource", await(Asyncio.asyncWithFuture(ok, v -> sleep(Duration.ofMillis(1), "v:" + v))));
            assertEquals(List.of("enter", "exit"), ok.events);

            Recording failing = new Recording(false, new IllegalStateException("cleanup"));
            IOException boom = new IOException("boom");
            IOException thrown = assertThrows(
                    IOException.class,
                    () -> await(Asyncio.asyncWithFuture(failing, v -> CompletableFuture.<String>failedFuture(boom))));
            assertSame(boom, thrown);
            assertThat(thrown.getSuppressed()).hasSize(1);

            Recording suppressing = new Recording(true, null);
            assertNull(await(Asyncio.asyncWithFuture(suppressing, v -> {
                throw new IllegalStateException("thrown by the body itself");
            })));
            assertEquals(1, suppressing.exits.get());
            return null;
        });
    }

    @Test
    void asyncWithFuture_cancelled_relaysToBodyStage_andStillExits() throws Exception {
        Recording cm = new Recording(false, null);
        Asyncio.run(() -> {
            CompletableFuture<Task<Object>> bodyTask = new CompletableFuture<>();
            Task<Object> with = Asyncio.asyncWithFuture(cm, v -> {
                Task<Object> t = createTask(() -> await(sleep(LONG)));
                bodyTask.complete(t);
                return t;
            });
            Task<Object> body = await(bodyTask);
            with.cancel("stop");
            assertThrows(CancelledError.class, with::await);
            assertTrue(body.isCancelled());
            return null;
        });
        assertThat(cm.seen).isInstanceOf(CancelledError.class);
        assertEquals(1, cm.exits.get());
    }

    @Test
    void of_setupAndTeardown_runAsTasks_teardownAlwaysRuns() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        AsyncContextManager<String> managed = AsyncContextManager.of(
                () -> {
                    events.add("setup");
                    await(sleep(Duration.ofMillis(1)));
                    return "res";
                },
                (value, failure) -> {
                    await(sleep(Duration.ofMillis(1)));
                    events.add("teardown " + value + " " + (failure == null ? "ok" : failure.getMessage()));
                });
        Asyncio.run(() -> {
            assertEquals(Integer.valueOf(3), Asyncio.<String, Integer>asyncWith(managed, v -> v.length()));
            assertThrows(
                    IOException.class,
                    () -> Asyncio.asyncWith(managed, v -> {
                        throw new IOException("bad");
                    }));
            return null;
        });
        assertEquals(List.of("setup", "teardown res ok", "setup", "teardown res bad"), events);
    }

    @Test
    void closing_closesAutoCloseable_onSuccessAndFailure() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        AutoCloseable resource = closes::incrementAndGet;
        Asyncio.run(() -> {
            assertSame(resource, Asyncio.asyncWith(AsyncContextManager.closing(resource), r -> r));
            assertThrows(
                    IOException.class,
                    () -> Asyncio.asyncWith(AsyncContextManager.closing(resource), r -> {
                        throw new IOException("bad");
                    }));
            AtomicInteger threadCloses = new AtomicInteger();
            assertEquals(
                    "opened",
                    Asyncio.asyncWith(
                            AsyncContextManager.closingInThread(() -> (AutoCloseable) threadCloses::incrementAndGet),
                            r -> "opened"));
            assertEquals(1, threadCloses.get());
            return null;
        });
        assertEquals(2, closes.get());
    }

    @Test
    void badInput_failsFast() {
        assertThrows(NullPointerException.class, () -> Asyncio.asyncWith(null, v -> v));
        assertThrows(
                NullPointerException.class, () -> Asyncio.asyncWithFuture(AsyncContextManager.closing(() -> {}), null));
        assertThrows(NullPointerException.class, () -> AsyncContextManager.of(null, (v, f) -> {}));
        assertThrows(NullPointerException.class, () -> AsyncContextManager.closing(null));
    }
}
