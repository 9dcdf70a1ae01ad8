package io.asyncio4j;

import static io.asyncio4j.Asyncio.asCompleted;
import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WaitTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void firstCompleted_returnsAsSoonAsOneIsDone_pendingUntouched() throws Exception {
        Asyncio.run(() -> {
            CompletableFuture<String> fast = new CompletableFuture<>();
            Task<String> slow = createTask(() -> {
                await(sleep(LONG));
                return "slow";
            });
            Task<WaitResult<CompletableFuture<String>>> w =
                    Asyncio.wait(List.of(slow, fast), ReturnWhen.FIRST_COMPLETED);
            fast.complete("fast");
            WaitResult<CompletableFuture<String>> r = await(w);
            assertEquals(Set.of(fast), r.done());
            assertEquals(Set.of(slow), r.pending());
            assertFalse(slow.isDone());
            slow.cancel();
            return null;
        });
    }

    @Test
    void firstException_returnsOnFailure_notOnSuccessOrCancellation() throws Exception {
        Asyncio.run(() -> {
            CompletableFuture<String> ok = new CompletableFuture<>();
            CompletableFuture<String> cancelled = new CompletableFuture<>();
            CompletableFuture<String> bad = new CompletableFuture<>();
            CompletableFuture<String> pending = new CompletableFuture<>();
            Task<WaitResult<CompletableFuture<String>>> w =
                    Asyncio.wait(List.of(ok, cancelled, bad, pending), ReturnWhen.FIRST_EXCEPTION);
            ok.complete("ok");
            cancelled.cancel(false);
            await(sleep(Duration.ofMillis(20)));
            assertFalse(w.isDone());
            bad.completeExceptionally(new IllegalStateException("bad"));
            WaitResult<CompletableFuture<String>> r = await(w);
            assertEquals(List.of(ok, cancelled, bad), new ArrayList<>(r.done()));
            assertEquals(Set.of(pending), r.pending());
            return null;
        });
    }

    @Test
    void firstException_withoutFailures_isAllCompleted() throws Exception {
        Asyncio.run(() -> {
            List<Task<Integer>> tasks = List.of(createTask(() -> 1), createTask(() -> {
                await(sleep(Duration.ofMillis(30)));
                return 2;
            }));
            WaitResult<Task<Integer>> r = await(Asyncio.wait(tasks, ReturnWhen.FIRST_EXCEPTION));
            assertEquals(2, r.done().size());
            assertTrue(r.pending().isEmpty());
            return null;
        });
    }

    @Test
    void allCompleted_waitsForAll_andNeverFailsBecauseOneDid() throws Exception {
        Asyncio.run(() -> {
            Task<Integer> bad = createTask(() -> {
                throw new IllegalStateException("x");
            });
            Task<Integer> good = createTask(() -> {
                await(sleep(Duration.ofMillis(30)));
                return 1;
            });
            WaitResult<Task<Integer>> r = await(Asyncio.wait(List.of(bad, good)));
            assertEquals(Set.of(bad, good), r.done());
            assertTrue(bad.exception() instanceof IllegalStateException);
            return null;
        });
    }

    @Test
    void timeout_returnsPendingUncancelled() throws Exception {
        Asyncio.run(() -> {
            Task<Void> slow = createTask(() -> await(sleep(LONG)));
            WaitResult<Task<Void>> r =
                    await(Asyncio.wait(List.of(slow), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(30)));
            assertEquals(Set.of(slow), r.pending());
            assertTrue(r.done().isEmpty());
            assertFalse(slow.isDone());
            assertEquals(0, slow.cancelling());
            slow.cancel();
            return null;
        });
    }

    @Test
    void zeroTimeout_returnsAtOnce() throws Exception {
        Asyncio.run(() -> {
            Task<Integer> done = createTask(() -> 1);
            await(done);
            Task<Void> slow = createTask(() -> await(sleep(LONG)));
            WaitResult<Task<?>> r =
                    await(Asyncio.wait(List.<Task<?>>of(done, slow), ReturnWhen.ALL_COMPLETED, Duration.ZERO));
            assertEquals(Set.of(done), r.done());
            assertEquals(Set.of(slow), r.pending());
            slow.cancel();
            return null;
        });
    }

    @Test
    void cancellingTheWait_doesNotCancelTheAwaitables() throws Exception {
        Asyncio.run(() -> {
            Task<Void> slow = createTask(() -> await(sleep(LONG)));
            Task<WaitResult<Task<Void>>> w = Asyncio.wait(List.of(slow));
            w.cancel();
            assertThrows(CancelledError.class, () -> await(w));
            assertFalse(slow.isDone());
            slow.cancel();
            return null;
        });
    }

    @Test
    void wait_emptyOrNull_failsAtOnce() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.<CompletableFuture<?>>of()));
        assertTrue(e.getMessage().contains("must not be empty"));
        assertThrows(NullPointerException.class, () -> Asyncio.wait(null));
        assertThrows(NullPointerException.class, () -> Asyncio.wait(List.of(new CompletableFuture<>()), null));
    }

    @Test
    void asCompleted_yieldsInCompletionOrder() throws Exception {
        List<String> order = Asyncio.run(() -> {
            List<CompletableFuture<String>> futures =
                    List.of(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
            List<Task<String>> slots = asCompleted(futures);
            Task<List<String>> reader = createTask(() -> {
                List<String> seen = new ArrayList<>();
                for (Task<String> next : slots) {
                    seen.add(await(next));
                }
                return seen;
            });
            futures.get(1).complete("second given, first done");
            futures.get(2).complete("third given, second done");
            futures.get(0).complete("first given, last done");
            return await(reader);
        });
        assertEquals(List.of("second given, first done", "third given, second done", "first given, last done"), order);
    }

    @Test
    void asCompleted_failuresArriveInOrderToo() throws Exception {
        Asyncio.run(() -> {
            CompletableFuture<String> a = new CompletableFuture<>();
            CompletableFuture<String> b = new CompletableFuture<>();
            List<Task<String>> slots = asCompleted(List.of(a, b));
            b.completeExceptionally(new IllegalArgumentException("b"));
            a.complete("a");
            assertThrows(IllegalArgumentException.class, () -> await(slots.get(0)));
            assertEquals("a", await(slots.get(1)));
            return null;
        });
    }

    @Test
    void asCompleted_timeout_failsRemainingSlots_withoutCancellingAwaitables() throws Exception {
        Asyncio.run(() -> {
            CompletableFuture<String> quick = new CompletableFuture<>();
            CompletableFuture<String> never = new CompletableFuture<>();
            List<Task<String>> slots = asCompleted(List.of(never, quick), Duration.ofMillis(50));
            quick.complete("q");
            assertEquals("q", await(slots.get(0)));
            assertThrows(TimeoutError.class, () -> await(slots.get(1)));
            assertFalse(never.isDone());
            return null;
        });
    }

    @Test
    void asCompleted_empty_isEmpty() {
        assertTrue(asCompleted(List.<CompletableFuture<String>>of()).isEmpty());
    }
}
