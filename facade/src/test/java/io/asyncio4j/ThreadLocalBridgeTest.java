package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.asyncio4j.testing.ContextLeakCheck;
import io.asyncio4j.testing.LogCapture;
import io.asyncio4j.testing.TrackedThreadLocal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ThreadLocalBridge}: a registered thread-local travels with tasks, callbacks, workers and
 * continuations as a {@link ContextVar} does, and every thread gets its previous value back when a piece
 * of work ends. The MDC-like case uses a {@code ThreadLocal<Map>} behind a get/set/clear triple, as
 * SLF4J's {@code MDC.getCopyOfContextMap}/{@code setContextMap}/{@code clear}, and reads it in a
 * java.util.logging handler, as a logging layout reads the MDC.
 */
@Timeout(60)
@SuppressWarnings("try") // registrations held only to be closed
class ThreadLocalBridgeTest {

    /** An MDC look-alike: a per-thread map; the getter returns a copy, as MDC's does. */
    static final class Mdc {
        final TrackedThreadLocal<Map<String, String>> map = new TrackedThreadLocal<>();

        Map<String, String> getCopy() {
            Map<String, String> m = map.get();
            return m == null ? null : new HashMap<>(m);
        }

        void setMap(Map<String, String> m) {
            map.set(new HashMap<>(m));
        }

        void put(String key, String value) {
            Map<String, String> m = getCopy();
            m = m == null ? new HashMap<>() : m;
            m.put(key, value);
            map.set(m);
        }

        String get(String key) {
            Map<String, String> m = map.get();
            return m == null ? null : m.get(key);
        }
    }

    @Test
    void mdcLikeMap_seenInLogLines_ofATaskThreeLevelsDown_aWorker_andCallbacks() throws Exception {
        Mdc mdc = new Mdc();
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("io.asyncio4j.test.requests");
        log.setUseParentHandlers(false);
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                // a layout reading the MDC on the logging thread, as %X{requestId} does
                lines.add("[" + mdc.get("requestId") + "] " + record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(handler);
        try (ThreadLocalBridge bridge = ThreadLocalBridge.register("MDC", mdc::getCopy, mdc::setMap, mdc.map::clear)) {
            mdc.put("requestId", "r-42");
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                log.info("main");
                await(Asyncio.createTask(() -> {
                    log.info("level 1");
                    return await(Asyncio.createTask(() -> {
                        log.info("level 2");
                        return await(Asyncio.createTask(() -> {
                            await(Asyncio.sleep(Duration.ofMillis(1)));
                            log.info("level 3");
                            return null;
                        }));
                    }));
                }));
                await(Asyncio.toThread(() -> {
                    log.info("toThread worker");
                    return null;
                }));
                CompletableFuture<Void> callback = loop.createFuture();
                loop.callSoon(() -> {
                    log.info("callSoon callback");
                    callback.complete(null);
                });
                await(callback);
                CompletableFuture<Void> later = loop.createFuture();
                loop.callLater(Duration.ofMillis(1), () -> {
                    log.info("callLater callback");
                    later.complete(null);
                });
                await(later);
                Task<Void> sleep = Asyncio.sleep(Duration.ofMillis(5));
                CompletableFuture<Void> done = new CompletableFuture<>();
                sleep.addDoneCallback(t -> {
                    log.info("done callback");
                    done.complete(null);
                });
                await(sleep.thenRun(() -> log.info("continuation")));
                await(done);
                await(AsyncIterable.range(0, 1).forEach(i -> log.info("iteration")));
                return null;
            });
        } finally {
            mdc.map.clear();
            log.removeHandler(handler);
        }
        assertThat(lines)
                .containsExactlyInAnyOrder(
                        "[r-42] main",
                        "[r-42] level 1",
                        "[r-42] level 2",
                        "[r-42] level 3",
                        "[r-42] toThread worker",
                        "[r-42] callSoon callback",
                        "[r-42] callLater callback",
                        "[r-42] done callback",
                        "[r-42] continuation",
                        "[r-42] iteration");
        Awaitility.await().untilAsserted(() -> assertEquals(Map.of(), mdc.map.live()));
    }

    @Test
    void threadLocal_childSeesCreatorsValue_andItsChangesStayInside() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        try (ThreadLocalBridge bridge = ThreadLocalBridge.register(local)) {
            local.set("outside");
            Asyncio.run(() -> {
                assertEquals("outside", local.get());
                local.set("parent");
                Event go = new Event();
                Task<String> child = Asyncio.createTask(() -> {
                    local.set("child");
                    Task<String> grandchild = Asyncio.createTask(local::get);
                    await(go.waitFor());
                    return local.get() + "/" + await(grandchild);
                });
                Task<String> sibling = Asyncio.createTask(() -> {
                    await(go.waitFor());
                    return local.get();
                });
                await(Asyncio.sleep(Duration.ofMillis(5)));
                go.set();
                assertEquals("child/child", await(child));
                assertEquals("parent", await(sibling));
                assertEquals("parent", local.get());
                return null;
            });
            assertEquals("outside", local.get(), "the calling thread keeps its own value");
        } finally {
            local.remove();
        }
    }

    @Test
    void valueRestored_onEveryThread_afterTasksEnd() throws Exception {
        TrackedThreadLocal<String> local = new TrackedThreadLocal<>();
        try (ThreadLocalBridge bridge = local.register("tracked")) {
            local.set("v");
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                for (int round = 0; round < 20; round++) {
                    TaskGroup.run(tg -> {
                        for (int i = 0; i < 10; i++) {
                            tg.createTask(() -> {
                                await(Asyncio.sleep(Duration.ZERO));
                                await(Asyncio.toThread(local::get));
                                CompletableFuture<Void> cb = loop.createFuture();
                                loop.callSoon(() -> cb.complete(null));
                                await(cb);
                                return await(Asyncio.sleep(Duration.ZERO, "x").thenApplyAsync(x -> local.get()));
                            });
                        }
                        return null;
                    });
                }
                return null;
            });
            Thread me = Thread.currentThread();
            Awaitility.await().untilAsserted(() -> assertEquals(Map.of(me, "v"), local.live()));
        } finally {
            local.clear();
        }
    }

    @Test
    void noLeak_between1000InterleavedTasks_onTheSharedThreads() throws Exception {
        ContextLeakCheck.interleave(1_000); // 10,000 in stress/ContextLeakStressTest
    }

    @Test
    void close_unregisters_tasksCreatedAfterwardsNoLongerCarryTheValue() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        ThreadLocalBridge bridge = ThreadLocalBridge.register(local);
        try {
            Asyncio.run(() -> {
                local.set("v");
                assertEquals("v", await(Asyncio.createTask(local::get)));
                bridge.close();
                assertNull(await(Asyncio.createTask(local::get)));
                bridge.close(); // a second time does nothing
                return null;
            });
        } finally {
            bridge.close();
        }
        assertThat(bridge.toString()).contains("ThreadLocalBridge");
    }

    @Test
    void failingGetter_isLoggedAndSkipped_theTaskStillRuns() throws Exception {
        try (LogCapture capture = new LogCapture();
                ThreadLocalBridge bridge = ThreadLocalBridge.register(
                        "broken",
                        () -> {
                            throw new IllegalStateException("broken getter");
                        },
                        v -> {},
                        () -> {})) {
            assertEquals("ran", Asyncio.run(() -> await(Asyncio.createTask(() -> "ran"))));
            assertThat(capture.containing("broken")).isNotEmpty();
        }
    }

    @Test
    void emptyContext_clearsTheBridgedThreadLocal_whileCodeRunsInIt() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        try (ThreadLocalBridge bridge = ThreadLocalBridge.register(local)) {
            local.set("outer");
            Context empty = Context.create();
            Context copy = Context.copyContext();
            local.set("changed");
            assertNull(empty.run(local::get));
            assertEquals("outer", copy.run(local::get));
            assertEquals("changed", local.get());
        } finally {
            local.remove();
        }
    }
}
