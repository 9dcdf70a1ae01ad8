package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncio4j.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Debug mode flags a task body that holds its thread past the slow callback duration without an await. */
@Timeout(30)
class BlockingBodyTest {
    private static final String BLOCKING = "without reaching an await";

    @SuppressWarnings("BusyWait")
    private static void blockingCall(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis()); // the mistake under test: blocking a task body
    }

    @Test
    void blockingBody_inDebug_isLoggedOnce_withNameAndWhereItIs() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        Asyncio.getRunningLoop().setSlowCallbackDuration(Duration.ofMillis(50));
                        await(Asyncio.createTask("blocker", () -> {
                            blockingCall(Duration.ofMillis(600));
                            return null;
                        }));
                        return null;
                    },
                    true);
            List<LogRecord> records = logs.containing(BLOCKING);
            assertThat(records).singleElement().satisfies(r -> {
                assertEquals(Level.WARNING, r.getLevel());
                assertThat(r.getMessage())
                        .startsWith("Task[name=blocker, state=pending] has run 0.")
                        .contains("slow callback duration 0.050 seconds")
                        .contains("at java.lang.Thread.sleep")
                        .contains("BlockingBodyTest.blockingCall")
                        .doesNotContain("BodyCore.run");
            });
        }
    }

    @Test
    void eachBlockingStretch_inDebug_isLoggedOnItsOwn() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        Asyncio.getRunningLoop().setSlowCallbackDuration(Duration.ofMillis(50));
                        await(Asyncio.createTask("twice", () -> {
                            blockingCall(Duration.ofMillis(400));
                            await(Asyncio.sleep(Duration.ofMillis(1)));
                            blockingCall(Duration.ofMillis(400));
                            return null;
                        }));
                        return null;
                    },
                    true);
            assertThat(logs.containing("Task[name=twice")).hasSize(2);
        }
    }

    @Test
    void bodyThatAwaitsOften_inDebug_isNotLogged() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        // wall time on a loaded machine: generous threshold, short stretches
                        Asyncio.getRunningLoop().setSlowCallbackDuration(Duration.ofSeconds(5));
                        await(Asyncio.createTask("polite", () -> {
                            for (int i = 0; i < 20; i++) {
                                await(Asyncio.sleep(Duration.ofMillis(10)));
                            }
                            return null;
                        }));
                        return null;
                    },
                    true);
            assertThat(logs.containing(BLOCKING)).isEmpty();
        }
    }

    @Test
    void blockingBody_outsideDebug_isNotLogged() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        Asyncio.getRunningLoop().setSlowCallbackDuration(Duration.ofMillis(20));
                        blockingCall(Duration.ofMillis(300));
                        return null;
                    },
                    false);
            Awaitility.await()
                    .during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(1))
                    .until(() -> logs.containing(BLOCKING).isEmpty());
        }
    }
}
