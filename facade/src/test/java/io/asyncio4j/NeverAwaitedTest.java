package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncio4j.internal.Loop;
import io.asyncio4j.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Debug mode reports an operation's task that nobody awaited, as asyncio's "coroutine … was never awaited". */
@Timeout(30)
class NeverAwaitedTest {
    private static final String NEVER_AWAITED = "was never awaited";

    private static List<LogRecord> run(boolean debug, Callable<?> main) throws Exception {
        try (LogCapture logs = new LogCapture()) {
            Asyncio.run(main, debug);
            return logs.containing(NEVER_AWAITED);
        }
    }

    @Test
    void sleep_notAwaited_inDebug_isReportedAtLoopClose_withOperationAndCreationSite() throws Exception {
        List<LogRecord> records = run(true, () -> {
            Asyncio.sleep(Duration.ofMillis(1)); // the forgotten await
            return null;
        });
        assertEquals(1, records.size());
        LogRecord record = records.get(0);
        assertEquals(Level.WARNING, record.getLevel());
        assertThat(record.getMessage())
                .startsWith("Asyncio.sleep() was never awaited")
                .contains("task created at")
                .contains("NeverAwaitedTest");
    }

    @Test
    void queuePutAndGet_lockAcquire_notAwaited_inDebug_areEachReported() throws Exception {
        List<LogRecord> records = run(true, () -> {
            Queue<String> full = new Queue<>(1);
            await(full.put("a"));
            full.put("b"); // waits for room: forgotten
            new Queue<>().get(); // waits for an item: forgotten
            Lock lock = new Lock();
            lock.acquire(); // acquired at once: forgotten all the same
            return null;
        });
        assertThat(records)
                .extracting(LogRecord::getMessage)
                .anySatisfy(m -> assertThat(m).startsWith("Queue.put() was never awaited"))
                .anySatisfy(m -> assertThat(m).startsWith("Queue.get() was never awaited"))
                .anySatisfy(m -> assertThat(m).startsWith("Lock.acquire() was never awaited"))
                .hasSize(3);
    }

    @Test
    void observedOperations_inDebug_areNeverReported() throws Exception {
        List<LogRecord> records = run(true, () -> {
            await(Asyncio.sleep(Duration.ofMillis(1)));
            Asyncio.sleep(Duration.ofMillis(1)).await();
            Asyncio.sleep(Duration.ofMillis(1)).join();
            Asyncio.sleep(Duration.ofMillis(1)).get();
            await(Asyncio.sleep(Duration.ofMillis(1), 1).thenApply(v -> v + 1));
            Asyncio.sleep(Duration.ofMillis(1)).addDoneCallback(t -> {});
            Asyncio.sleep(Duration.ofSeconds(30)).cancel();
            await(Asyncio.gather(Asyncio.sleep(Duration.ofMillis(1)), Asyncio.sleep(Duration.ofMillis(2))));
            await(Asyncio.wait(
                    List.of(Asyncio.sleep(Duration.ofMillis(1))), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(5)));
            await(Asyncio.waitFor(Asyncio.sleep(Duration.ofMillis(1)), Duration.ofSeconds(5)));
            Queue<String> q = new Queue<>(1);
            await(q.put("a"));
            Task<Void> blocked = q.put("b");
            assertEquals("a", await(q.get()));
            await(blocked);
            Lock lock = new Lock();
            await(lock.acquire());
            lock.release();
            return null;
        });
        assertThat(records).isEmpty();
    }

    @Test
    void scheduledWork_notAwaited_isNotAnUnawaitedOperation() throws Exception {
        List<LogRecord> records = run(true, () -> {
            Asyncio.createTask(() -> 1); // create_task schedules: not a forgotten coroutine
            Asyncio.gather(Asyncio.sleep(Duration.ofMillis(1)));
            Asyncio.shield(Asyncio.sleep(Duration.ofMillis(1)));
            Asyncio.toThread(() -> 1);
            await(Asyncio.sleep(Duration.ofMillis(20)));
            return null;
        });
        assertThat(records).isEmpty();
    }

    @Test
    void waitWithTimeout_notAwaited_isReported_itsTimerIsNotAnAwait() throws Exception {
        List<LogRecord> records = run(true, () -> {
            Asyncio.wait(List.of(Asyncio.sleep(Duration.ofMillis(1))), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(5));
            return null;
        });
        assertThat(records)
                .singleElement()
                .satisfies(r -> assertThat(r.getMessage()).startsWith("Asyncio.wait() was never awaited"));
    }

    @Test
    void notAwaited_outsideDebug_isNotReported() throws Exception {
        List<LogRecord> records = run(false, () -> {
            Asyncio.sleep(Duration.ofMillis(1));
            new Queue<>().get();
            return null;
        });
        assertThat(records).isEmpty();
    }

    @Test
    void notAwaited_inDebug_isReportedWhenCollected() {
        Loop global = Loop.global(); // never closes: only collection can tell
        boolean old = global.debug();
        global.debug(true);
        try (LogCapture logs = new LogCapture()) {
            forget();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                System.gc();
                return !logs.containing("Asyncio.sleep() " + NEVER_AWAITED).isEmpty();
            });
            assertThat(logs.containing(NEVER_AWAITED).get(0).getMessage()).contains("NeverAwaitedTest.forget");
        } finally {
            global.debug(old);
        }
    }

    private static void forget() {
        Asyncio.sleep(Duration.ofMillis(1));
    }
}
