package io.asyncio4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression tests for the bugs the reliability suites (stress/, lincheck/, HostileInputTest) found,
 * each named after what it caught.
 */
@Timeout(60)
class ReliabilityRegressionTest {

    /** LeakTest: every failed task's report stayed queued in its loop until the run ended, retrieved or not. */
    @Test
    void retrievedTaskFailures_duringALongRun_areNotRetainedByTheLoop() throws Exception {
        Asyncio.run(() -> {
            WeakReference<Throwable> first = null;
            for (int round = 0; round < 5; round++) {
                List<Task<Void>> timedOut = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    timedOut.add(Asyncio.waitFor(Asyncio.sleep(Duration.ofSeconds(60)), Duration.ofNanos(1)));
                }
                // they fail before anyone looks; then every failure is retrieved
                await("timeouts happen")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> timedOut.stream().allMatch(Task::isDone));
                for (Task<Void> t : timedOut) {
                    Throwable e = t.exception();
                    assertInstanceOf(TimeoutError.class, e);
                    if (first == null) {
                        first = new WeakReference<>(e);
                    }
                }
            }
            WeakReference<Throwable> firstFailure = first;
            await("the first, retrieved, failure is collected while the run goes on")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        System.gc();
                        return firstFailure.get() == null;
                    });
            return null;
        });
    }

    /**
     * LeakTest (timeout() cycles): a cancellation requested while the body was not waiting was thrown at
     * the next await without reaching the awaited work, so an eager sleep's 60 s timer stayed armed.
     */
    @Test
    void pendingCancelAtAwait_cancelsTheAwaitedWork_notOrphaned() throws Exception {
        Asyncio.run(() -> {
            Task<?> self = Asyncio.currentTask();
            self.cancel("early");
            Task<Void> sleep = Asyncio.sleep(Duration.ofSeconds(60));
            CancelledError e = assertThrows(CancelledError.class, () -> Asyncio.await(sleep));
            assertTrue(sleep.isCancelled(), "the awaited sleep was cancelled with its awaiter");
            assertEquals(0, self.uncancel());
            return null;
        });
    }

    /**
     * CI hang (ConditionTest): a waiter woken inside {@code try (Permit p = ...)} re-acquired the lock as
     * a new owner, so closing the permit released nothing and the lock stayed held forever.
     */
    @Test
    @SuppressWarnings("try") // the permits are held for their blocks' extent, never read
    void conditionWaitInsidePermit_permitReleasesTheReacquiredLock() throws Exception {
        Asyncio.run(() -> {
            Condition c = new Condition();
            Task<Void> waiter = Asyncio.createTask(() -> {
                try (Permit p = Asyncio.await(c.acquirePermit())) {
                    Asyncio.await(c.waitFor());
                }
                return null;
            });
            Parked.untilAwaiting(waiter);
            while (!c.toString().contains("waiters=1")) { // parked in the wait, lock released
                Asyncio.await(Asyncio.sleep(Duration.ofMillis(1)));
            }
            try (Permit p = Asyncio.await(c.acquirePermit())) {
                c.notifyAllWaiters();
            }
            Asyncio.await(waiter);
            assertTrue(c.lock().tryAcquire(), "the waiter's permit released the lock");
            c.release();
            return null;
        });
    }

    /**
     * AsyncFilesTest: cancelling a read closed its channel, and the read in flight then failed the task
     * with ClosedChannelException before the cancel hook could end it cancelled.
     */
    @Test
    void asyncFileReadCancelledMidFlight_endsCancelled_neverClosedChannel(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("big.bin");
        java.nio.file.Files.write(file, new byte[4 * 1024 * 1024]);
        Asyncio.run(() -> {
            for (int i = 0; i < 200; i++) {
                Task<byte[]> read = AsyncFiles.readBytes(file);
                read.cancel("race " + i);
                Outcome<byte[]> outcome =
                        Asyncio.await(Asyncio.gatherOutcomes(List.of(read))).get(0);
                if (outcome instanceof Outcome.Failure) {
                    assertInstanceOf(CancelledError.class, outcome.exception(), "round " + i);
                }
            }
            return null;
        });
    }

    /**
     * StreamCancellationStorm: a stream consumption cancelled before its kotlinx coroutine was dispatched
     * never ran the coroutine's body, so {@code toList()} never completed and {@code aclose()} never
     * returned (the direct-style {@code Iteration.close()} hung).
     */
    @Test
    void streamCancelledBeforeItsCoroutineStarted_stillEnds_andClosesOnce() throws Exception {
        Asyncio.run(() -> {
            for (int i = 0; i < 500; i++) {
                Task<List<Integer>> collect = AsyncIterable.range(0, 10).toList();
                collect.cancel("at once");
                Asyncio.await(Asyncio.waitFor(Asyncio.gatherOutcomes(List.of(collect)), Duration.ofSeconds(10)));
                assertTrue(collect.isCancelled() || collect.isDone(), "round " + i);

                AsyncIterator<Integer> iterator = AsyncIterable.range(0, 10).aiter();
                java.util.concurrent.CompletionStage<Integer> next = iterator.anext();
                next.toCompletableFuture().cancel(false);
                Asyncio.await(Asyncio.waitFor(iterator.aclose(), Duration.ofSeconds(10)));
            }
            return null;
        });
    }
}
