package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DebugModeTest {

    /** Simulated slow, blocking work inside a callback: it holds the thread on purpose. */
    private static void holdThread(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static void slowCallbackRun(boolean debug) throws Exception {
        Asyncio.run(
                () -> {
                    EventLoop loop = Asyncio.getRunningLoop();
                    loop.setSlowCallbackDuration(Duration.ofMillis(50));
                    CompletableFuture<Void> done = loop.createFuture();
                    loop.callSoon(() -> holdThread(Duration.ofMillis(120)));
                    loop.callSoon(() -> done.complete(null));
                    await(done);
                    return null;
                },
                debug);
    }

    @Test
    void slowCallback_inDebug_isLoggedWithDurationAndCreationSite() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            slowCallbackRun(true);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !logs.containing("took").isEmpty());
            LogRecord record = logs.containing("took").get(0);
            assertEquals(Level.WARNING, record.getLevel());
            assertThat(record.getMessage()).matches("(?s)Executing callback .* took 0\\.\\d{3} seconds; created at .*");
            assertThat(record.getMessage()).contains("DebugModeTest");
        }
    }

    @Test
    void slowCallback_outsideDebug_isNotLogged() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            slowCallbackRun(false);
            assertThat(logs.containing("took")).isEmpty();
        }
    }

    @Test
    void slowContinuation_inDebug_isLogged() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        Asyncio.getRunningLoop().setSlowCallbackDuration(Duration.ofMillis(50));
                        await(Asyncio.sleep(Duration.ofMillis(5)).thenApplyAsync(v -> {
                            holdThread(Duration.ofMillis(120));
                            return v;
                        }));
                        return null;
                    },
                    true);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !logs.containing("took").isEmpty());
            assertThat(logs.containing("took").get(0).getMessage()).startsWith("Executing continuation");
        }
    }

    private static Task<?>[] failedTask = new Task<?>[1];

    private static void unretrievedRun(boolean debug) throws Exception {
        Asyncio.run(
                () -> {
                    failedTask[0] = Asyncio.createTask("doomed", () -> {
                        throw new IllegalStateException("nobody looks at me");
                    });
                    await(Asyncio.sleep(Duration.ofMillis(30)));
                    return null;
                },
                debug);
    }

    @Test
    void neverRetrievedException_inDebug_isLoggedOnceAtRunEnd_withCreationSite() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            unretrievedRun(true);
            var records = logs.containing("Task exception was never retrieved");
            assertEquals(1, records.size());
            LogRecord record = records.get(0);
            assertEquals(Level.SEVERE, record.getLevel());
            assertThat(record.getMessage())
                    .contains("doomed")
                    .contains("created at")
                    .contains("DebugModeTest");
            assertThat(record.getThrown()).hasMessage("nobody looks at me");
        }
    }

    @Test
    void neverRetrievedException_outsideDebug_isLoggedWithoutCreationSite() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            unretrievedRun(false);
            var records = logs.containing("Task exception was never retrieved");
            assertEquals(1, records.size());
            assertThat(records.get(0).getMessage()).contains("doomed").doesNotContain("created at");
        }
    }

    @Test
    void retrievedException_isNeverLogged() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        Task<Void> t = Asyncio.createTask(() -> {
                            throw new IllegalStateException("seen");
                        });
                        try {
                            await(t);
                        } catch (IllegalStateException expected) {
                            // retrieved
                        }
                        Task<Void> u = Asyncio.createTask(() -> {
                            throw new IllegalStateException("seen too");
                        });
                        await(Asyncio.wait(java.util.List.of(u)));
                        assertThat(u.exception()).hasMessage("seen too");
                        return null;
                    },
                    true);
            assertThat(logs.containing("never retrieved")).isEmpty();
        }
    }

    @Test
    void creationSite_isRecordedInDebug_andAbsentOutside() throws Exception {
        String[] dumps = new String[2];
        for (int i = 0; i < 2; i++) {
            int n = i;
            Asyncio.run(
                    () -> {
                        Task<Void> sleeper =
                                Asyncio.createTask("sleeper", () -> await(Asyncio.sleep(Duration.ofSeconds(30))));
                        await().pollInSameThread()
                                .atMost(Duration.ofSeconds(5))
                                .until(() -> Asyncio.dumpTasks().contains("waiting on"));
                        dumps[n] = Asyncio.dumpTasks();
                        sleeper.cancel("done");
                        return null;
                    },
                    n == 0);
        }
        assertThat(dumps[0])
                .contains("Task[name=sleeper")
                .contains("created at")
                .contains("DebugModeTest")
                .contains("age=");
        assertThat(dumps[1])
                .contains("Task[name=sleeper")
                .contains("waiting on")
                .doesNotContain("created at");
    }

    @Test
    void blockingAwaitInLoopCallback_inDebug_isReported() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        EventLoop loop = Asyncio.getRunningLoop();
                        CompletableFuture<Void> done = loop.createFuture();
                        loop.callSoon(() -> {
                            try {
                                Asyncio.await(Asyncio.sleep(Duration.ofMillis(10)));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            done.complete(null);
                        });
                        await(done);
                        return null;
                    },
                    true);
            var records = logs.containing("Blocking call to Asyncio.await()");
            assertEquals(1, records.size());
            assertEquals(Level.WARNING, records.get(0).getLevel());
        }
    }

    @Test
    void cleanRun_inDebug_logsNothing() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        // slowness is wall time: on a starved CI machine anything can be slow
                        Asyncio.getRunningLoop().setSlowCallbackDuration(Duration.ofSeconds(10));
                        Task<Integer> a = Asyncio.createTask(() -> 1);
                        Task<Integer> b = Asyncio.createTask(() -> {
                            await(Asyncio.sleep(Duration.ofMillis(10)));
                            return 2;
                        });
                        Task<Void> c = Asyncio.createTask(() -> await(Asyncio.sleep(Duration.ofSeconds(30))));
                        assertEquals(java.util.List.of(1, 2), await(Asyncio.gather(a, b)));
                        c.cancel("not needed");
                        return null;
                    },
                    true);
            assertThat(logs.records()).isEmpty();
        }
    }

    @Test
    void debugSwitch_followsSystemProperty() throws Exception {
        String old = System.getProperty("asyncio4j.debug");
        System.setProperty("asyncio4j.debug", "true");
        try (Runner on = Runner.create()) {
            assertTrue(on.getLoop().getDebug());
        } finally {
            if (old == null) {
                System.clearProperty("asyncio4j.debug");
            } else {
                System.setProperty("asyncio4j.debug", old);
            }
        }
        System.setProperty("asyncio4j.debug", "false");
        try (Runner off = Runner.create()) {
            assertFalse(off.getLoop().getDebug());
        } finally {
            if (old == null) {
                System.clearProperty("asyncio4j.debug");
            } else {
                System.setProperty("asyncio4j.debug", old);
            }
        }
    }
}
