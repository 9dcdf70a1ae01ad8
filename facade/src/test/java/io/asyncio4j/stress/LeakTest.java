package io.asyncio4j.stress;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Outcome;
import io.asyncio4j.ReturnWhen;
import io.asyncio4j.Task;
import io.asyncio4j.TimeoutError;
import io.asyncio4j.TimerHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Create/cancel cycles leave the heap flat: the used heap after full GCs, measured inside the run
 * (where a leak into the loop would still be reachable) before and after the cycles, may grow by at
 * most a generous 4 MB + 16 bytes per cycle; the thread count returns to where it started. 50,000
 * cycles per kind by default, 1,000,000 under {@code -Pstress}.
 */
@Timeout(900)
class LeakTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final int BATCH = Runtime.version().feature() >= 21 ? 1_000 : 100;

    /** One kind of cycle, run {@code count} times in a batch. */
    @FunctionalInterface
    interface Cycles {
        void run(int count) throws Exception;
    }

    @Test
    void tasks_createCancelCycles_heapFlat() throws Exception {
        leakCheck("tasks create+cancel", StressSupport.size(50_000, 1_000_000), BATCH, count -> {
            List<Task<Object>> tasks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                tasks.add(Asyncio.createTask(() -> await(Asyncio.sleep(LONG))));
            }
            for (Task<Object> t : tasks) {
                t.cancel("leak test");
            }
            for (Outcome<Object> o : await(Asyncio.gatherOutcomes(tasks))) {
                assertInstanceOf(CancelledError.class, ((Outcome.Failure<Object>) o).exception());
            }
        });
    }

    @Test
    void waitFor_expiringAndCancelledCycles_heapFlat() throws Exception {
        leakCheck("waitFor expire/cancel", StressSupport.size(50_000, 1_000_000), 1_000, count -> {
            List<Task<Void>> waits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Task<Void> w = Asyncio.waitFor(Asyncio.sleep(LONG), i % 2 == 0 ? Duration.ofNanos(1) : LONG);
                if (i % 2 == 1) {
                    w.cancel();
                }
                waits.add(w);
            }
            for (Outcome<Void> o : await(Asyncio.gatherOutcomes(waits))) {
                Throwable e = ((Outcome.Failure<Void>) o).exception();
                assertTrue(e instanceof TimeoutError || e instanceof CancelledError, e.toString());
            }
        });
    }

    @Test
    void timeoutBlocks_expiringAndLeftEarlyCycles_heapFlat() throws Exception {
        leakCheck("timeout() expire/leave", StressSupport.size(50_000, 1_000_000), 1, count -> {
            try {
                Asyncio.timeout(Duration.ofNanos(1), t -> await(Asyncio.sleep(LONG)));
            } catch (TimeoutError expected) {
                // the deadline passed
            }
            assertEquals("v", Asyncio.timeout(LONG, t -> "v"));
        });
    }

    @Test
    void timerHandles_callLaterCancelCycles_heapFlat() throws Exception {
        leakCheck("callLater+cancel", StressSupport.size(50_000, 1_000_000), 1_000, count -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<TimerHandle> handles = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                handles.add(loop.callLater(LONG, () -> {}));
            }
            for (TimerHandle h : handles) {
                h.cancel();
            }
        });
    }

    @Test
    void doneCallbacks_addRemoveOnLongLivedTask_heapFlat() throws Exception {
        Task<Void> longLived = Asyncio.sleep(LONG);
        try {
            leakCheck("done callback add+remove", StressSupport.size(50_000, 1_000_000), 1_000, count -> {
                for (int i = 0; i < count; i++) {
                    Consumer<Task<Void>> callback = t -> {};
                    longLived.addDoneCallback(callback);
                    assertEquals(1, longLived.removeDoneCallback(callback));
                }
            });
        } finally {
            longLived.cancel();
        }
    }

    @Test
    @org.junit.jupiter.api.Disabled("KNOWN LEAK, not fixed yet: shield/wait/asCompleted register a whenComplete on the"
            + " awaited CompletableFuture that cannot be removed when they end first, so polling a long-lived"
            + " future retains ~800 bytes per poll (the dependent task and its result) until it completes")
    void waitsOnLongLivedFuture_timedOutShieldAndWaitCycles_heapFlat() throws Exception {
        CompletableFuture<String> longLived = new CompletableFuture<>();
        leakCheck("shield/wait on a long-lived future", StressSupport.size(50_000, 1_000_000), 1_000, count -> {
            List<Task<?>> polls = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                polls.add(
                        i % 2 == 0
                                ? Asyncio.waitFor(Asyncio.shield(longLived), Duration.ofNanos(1))
                                : Asyncio.wait(List.of(longLived), ReturnWhen.FIRST_COMPLETED, Duration.ZERO));
            }
            await(Asyncio.gatherOutcomes(polls));
        });
        longLived.complete("done");
    }

    private static void leakCheck(String what, int cycles, int batch, Cycles body) throws Exception {
        StressSupport.Baseline baseline = new StressSupport.Baseline();
        long start = System.nanoTime();
        long[] heap = new long[2];
        String[] histogram = new String[1];
        Asyncio.run(() -> {
            for (int done = 0; done < Math.max(batch, cycles / 20); done += batch) {
                body.run(batch); // warm up: classes, pools, JIT
            }
            StressSupport.assertOnlyCurrentTaskLive();
            heap[0] = StressSupport.settledHeap();
            for (int done = 0; done < cycles; done += batch) {
                body.run(Math.min(batch, cycles - done));
            }
            StressSupport.assertOnlyCurrentTaskLive();
            heap[1] = StressSupport.settledHeap();
            if (heap[1] - heap[0] > leakBound(cycles)) {
                histogram[0] = StressSupport.histogram(12);
            }
            return null;
        });
        baseline.assertThreadsReturned();
        long growth = heap[1] - heap[0];
        StressSupport.report(
                "Leak/" + what,
                "%d cycles, heap %d -> %d KB after GC (%+.1f bytes/cycle), %.1f s",
                cycles,
                heap[0] / 1024,
                heap[1] / 1024,
                growth / (double) cycles,
                (System.nanoTime() - start) / 1e9);
        assertTrue(
                growth <= leakBound(cycles),
                what + ": heap grew by " + growth + " bytes over " + cycles + " cycles; retained:\n" + histogram[0]);
    }

    private static long leakBound(int cycles) {
        return 4L * 1024 * 1024 + 16L * cycles;
    }
}
