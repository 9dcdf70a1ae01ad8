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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RunTest {

    @Test
    void run_returnsMainValue() throws Exception {
        assertEquals(42, Asyncio.run(() -> 42));
    }

    @Test
    void run_throwsMainOriginalException_unwrapped() {
        IOException e = assertThrows(
                IOException.class,
                () -> Asyncio.run(() -> {
                    throw new IOException("checked");
                }));
        assertEquals("checked", e.getMessage());
        IllegalStateException deep = assertThrows(
                IllegalStateException.class,
                () -> Asyncio.run(() -> {
                    return await(createTask(() -> {
                        throw new IllegalStateException("from a child");
                    }));
                }));
        assertEquals("from a child", deep.getMessage());
    }

    @Test
    void run_cancelsAndAwaitsTasksLeftPending() throws Exception {
        List<Task<?>> leftovers = new ArrayList<>();
        List<String> cleanups = new java.util.concurrent.CopyOnWriteArrayList<>();
        Asyncio.run(() -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                leftovers.add(createTask(() -> {
                    try {
                        return await(sleep(Duration.ofSeconds(30)));
                    } finally {
                        cleanups.add("cleanup " + n);
                    }
                }));
            }
            await(sleep(Duration.ofMillis(10)));
            return null;
        });
        for (Task<?> t : leftovers) {
            assertTrue(t.isCancelled());
        }
        assertEquals(3, cleanups.size());
    }

    @Test
    void run_insideATask_isRefused_andTheTaskGoesOn() throws Exception {
        String r = Asyncio.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> 1));
            assertThat(e.getMessage()).contains("running event loop");
            return "still fine";
        });
        assertEquals("still fine", r);
    }

    @Test
    void run_mainCancelled_throwsCancelledError() {
        assertThrows(
                CancelledError.class,
                () -> Asyncio.run(() -> {
                    Asyncio.currentTask().cancel("self");
                    return await(sleep(Duration.ofSeconds(30)));
                }));
    }

    @Test
    void allTasks_listsLiveTasks_includingMain_andNoneAfterRun() throws Exception {
        List<Set<Task<?>>> seen = new ArrayList<>();
        Task<?>[] main = new Task<?>[1];
        Asyncio.run(() -> {
            main[0] = Asyncio.currentTask();
            Task<Void> a = createTask("a", () -> await(sleep(Duration.ofSeconds(30))));
            seen.add(Asyncio.allTasks());
            a.cancel();
            return null;
        });
        assertTrue(seen.get(0).contains(main[0]));
        assertThat(seen.get(0)).extracting(Task::getName).contains("a");
        assertThat(Asyncio.allTasks()).doesNotContainAnyElementsOf(seen.get(0));
    }

    @Test
    void currentTask_isTheRunningBody_andNullOutside() throws Exception {
        assertNull(Asyncio.currentTask());
        Asyncio.run(() -> {
            Task<?>[] inner = new Task<?>[1];
            Task<Void> t = createTask(() -> {
                inner[0] = Asyncio.currentTask();
                return null;
            });
            await(t);
            assertSame(t, inner[0]);
            return null;
        });
    }

    @Test
    void await_outsideTask_blocksAndUnwraps() throws Exception {
        assertEquals(5, Asyncio.await(sleep(Duration.ofMillis(5), 5)));
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new IOException("x"));
        assertThrows(IOException.class, () -> Asyncio.await(failed));
    }

    @Test
    void createTask_outsideRun_usesTheGlobalLoop() throws Exception {
        Task<String> t = createTask("outside", () -> "global");
        assertEquals("global", Asyncio.await(t));
        assertEquals("outside", t.getName());
    }

    @Test
    void run_nullMain_failsAtOnce() {
        NullPointerException e = assertThrows(
                NullPointerException.class, () -> Asyncio.run((java.util.concurrent.Callable<Object>) null));
        assertThat(e.getMessage()).isEqualTo("main must not be null");
        NullPointerException v = assertThrows(NullPointerException.class, () -> Asyncio.run((ThrowingRunnable) null));
        assertThat(v.getMessage()).isEqualTo("main must not be null");
    }

    @Test
    void sequentialRuns_areIndependent() throws Exception {
        for (int i = 0; i < 20; i++) {
            int n = i;
            assertEquals(n, Asyncio.run(() -> await(createTask(() -> n))));
        }
    }
}
