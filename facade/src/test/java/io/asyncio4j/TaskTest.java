package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskTest {

    @Test
    void outsiders_cannotCompleteATask() throws Exception {
        Asyncio.run(() -> {
            Task<String> t = createTask(() -> {
                await(sleep(Duration.ofMillis(50)));
                return "body";
            });
            assertThrows(UnsupportedOperationException.class, () -> t.complete("x"));
            assertThrows(UnsupportedOperationException.class, () -> t.completeExceptionally(new Exception()));
            assertThrows(UnsupportedOperationException.class, () -> t.obtrudeValue("x"));
            assertThrows(UnsupportedOperationException.class, () -> t.obtrudeException(new Exception()));
            assertThrows(UnsupportedOperationException.class, () -> t.completeAsync(() -> "x"));
            assertThrows(UnsupportedOperationException.class, () -> t.orTimeout(1, TimeUnit.SECONDS));
            assertThrows(UnsupportedOperationException.class, () -> t.completeOnTimeout("x", 1, TimeUnit.SECONDS));
            assertThrows(
                    UnsupportedOperationException.class,
                    () -> t.toCompletableFuture().complete("x"));
            assertEquals("body", await(t));
            return null;
        });
    }

    @Test
    void result_andException_followAsyncio() throws Exception {
        Asyncio.run(() -> {
            Task<String> pending = createTask(() -> await(sleep(Duration.ofSeconds(30), "late")));
            assertThrows(InvalidStateError.class, pending::result);
            assertThrows(InvalidStateError.class, pending::exception);
            pending.cancel();
            assertThrows(CancelledError.class, () -> await(pending));
            assertThrows(CancelledError.class, pending::result);
            assertThrows(CancelledError.class, pending::exception);

            Task<String> ok = createTask(() -> "ok");
            await(ok);
            assertEquals("ok", ok.result());
            assertNull(ok.exception());
            assertTrue(ok.done());
            assertFalse(ok.cancelled());

            Task<String> bad = createTask(() -> {
                throw new java.io.IOException("io");
            });
            await(Asyncio.wait(List.of(bad)));
            assertThrows(java.io.IOException.class, bad::result);
            assertThat(bad.exception()).isInstanceOf(java.io.IOException.class).hasMessage("io");
            return null;
        });
    }

    @Test
    void doneCallbacks_runOnceAfterCompletion_removableBefore() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        Asyncio.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            Task<Void> t = createTask(() -> await(gate));
            Consumer<Task<Void>> kept = task -> calls.add("kept " + task.getName());
            Consumer<Task<Void>> removed = task -> calls.add("removed");
            t.addDoneCallback(kept);
            t.addDoneCallback(removed);
            t.addDoneCallback(removed);
            assertEquals(2, t.removeDoneCallback(removed));
            gate.complete(null);
            await(t);
            await().until(() -> calls.size() == 1);
            t.addDoneCallback(task -> calls.add("late"));
            await().until(() -> calls.size() == 2);
            assertEquals(0, t.removeDoneCallback(kept));
            return null;
        });
        assertThat(calls).containsExactly("kept " + calls.get(0).substring(5), "late");
    }

    @Test
    void names_defaultAndGivenAndChanged() throws Exception {
        Asyncio.run(() -> {
            Task<Integer> unnamed = createTask(() -> 1);
            assertThat(unnamed.getName()).matches("Task-\\d+");
            Task<Integer> named = createTask("worker", () -> 1);
            assertEquals("worker", named.getName());
            named.setName("renamed");
            assertEquals("renamed", named.getName());
            assertThat(named.toString()).contains("renamed");
            assertThrows(NullPointerException.class, () -> named.setName(null));
            return null;
        });
    }

    @Test
    void defaultExecutor_isNeverTheCommonPool_andDerivedStagesArePlainFutures() throws Exception {
        Asyncio.run(() -> {
            Task<Integer> t = createTask(() -> 1);
            assertFalse(t.defaultExecutor() instanceof ForkJoinPool);
            CompletableFuture<Integer> derived = t.thenApplyAsync(v -> v + 1);
            assertFalse(derived instanceof Task);
            assertEquals(2, await(derived));
            CompletableFuture<Integer> copy = t.copy();
            assertNotSame(t, copy);
            assertTrue(copy.complete(5) || copy.isDone());
            String thread = await(t.thenApplyAsync(v -> Thread.currentThread().getName()));
            assertThat(thread).doesNotContain("ForkJoinPool.commonPool");
            return null;
        });
    }

    @Test
    void toString_showsState() throws Exception {
        Asyncio.run(() -> {
            Task<Void> t = createTask(() -> await(sleep(Duration.ofSeconds(30))));
            assertThat(t.toString()).contains("pending");
            t.cancel();
            assertThrows(CancelledError.class, () -> await(t));
            assertThat(t.toString()).contains("cancelled");
            return null;
        });
    }

    @Test
    void ensureFuture_wrapsForeignFuture_andCancelRelays() throws Exception {
        Asyncio.run(() -> {
            CompletableFuture<String> foreign = new CompletableFuture<>();
            Task<String> wrapped = Asyncio.ensureFuture(foreign);
            assertTrue(Asyncio.allTasks().contains(wrapped));
            wrapped.cancel("no");
            assertTrue(foreign.isCancelled());
            assertThrows(CancelledError.class, () -> await(wrapped));
            Task<String> done = Asyncio.ensureFuture(CompletableFuture.completedFuture("v"));
            assertEquals("v", await(done));
            return null;
        });
    }

    @Test
    void sleep_negativeIsZero_andZeroYields() throws Exception {
        Asyncio.run(() -> {
            assertEquals("n", await(sleep(Duration.ofSeconds(-5), "n")));
            AtomicInteger counter = new AtomicInteger();
            Task<Void> other = createTask(() -> {
                counter.incrementAndGet();
                return null;
            });
            while (counter.get() == 0) {
                await(sleep(Duration.ZERO));
            }
            await(other);
            assertThrows(NullPointerException.class, () -> sleep(null));
            return null;
        });
    }

    @Test
    void sleep_cancelled_endsCancelled() throws Exception {
        Task<Void> s = sleep(Duration.ofSeconds(30));
        assertTrue(s.cancel("stop"));
        CancelledError e = assertThrows(CancelledError.class, () -> Asyncio.await(s));
        assertEquals("stop", e.getMessage());
    }
}
