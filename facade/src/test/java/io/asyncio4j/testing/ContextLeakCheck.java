package io.asyncio4j.testing;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncio4j.Asyncio;
import io.asyncio4j.ContextVar;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Semaphore;
import io.asyncio4j.Task;
import io.asyncio4j.ThreadLocalBridge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;

/**
 * Interleaves {@code count} tasks on the shared task threads, at most 256 alive at a time: every other
 * task is created with a bridged thread-local and a context variable set, the others with neither. Each
 * task checks, after every suspension, in a {@code toThread} worker, in a loop callback and in a
 * continuation, that it sees exactly its own value; afterwards no thread holds a value.
 */
@SuppressWarnings("try") // the registration is held only to be closed
public final class ContextLeakCheck {
    private ContextLeakCheck() {}

    public static void interleave(int count) throws Exception {
        TrackedThreadLocal<String> local = new TrackedThreadLocal<>();
        ContextVar<String> var = ContextVar.create("leak-check", "-");
        try (ThreadLocalBridge bridge = local.register("leak-check")) {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                Semaphore window = new Semaphore(256);
                List<Task<Void>> tasks = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    await(window.acquire());
                    String mine = i % 2 == 0 ? "t" + i : null;
                    if (mine != null) {
                        local.set(mine);
                        var.set(mine);
                    } else {
                        local.clear();
                        var.set("-");
                    }
                    String expectedVar = mine == null ? "-" : mine;
                    Task<Void> task = Asyncio.createTask(() -> {
                        check(mine, expectedVar, local, var, "start");
                        await(Asyncio.sleep(Duration.ZERO));
                        check(mine, expectedVar, local, var, "after a yield");
                        assertEquals(mine, await(Asyncio.toThread(local::get)), "toThread");
                        CompletableFuture<String> fromCallback = loop.createFuture();
                        loop.callSoon(() -> fromCallback.complete(local.get() + "|" + var.get()));
                        assertEquals(mine + "|" + expectedVar, await(fromCallback), "callback");
                        String continuation =
                                await(Asyncio.sleep(Duration.ZERO, "x").thenApply(x -> local.get() + "|" + var.get()));
                        assertEquals(mine + "|" + expectedVar, continuation, "continuation");
                        check(mine, expectedVar, local, var, "end");
                        return null;
                    });
                    task.addDoneCallback(t -> window.release());
                    tasks.add(task);
                }
                local.clear();
                await(Asyncio.gather(tasks));
                return null;
            });
        }
        // every thread that ran a piece of work got its previous (absent) value back
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> local.live().isEmpty());
        Map<Thread, String> left = local.live();
        assertEquals(Map.of(), left);
    }

    private static void check(
            String mine, String expectedVar, TrackedThreadLocal<String> local, ContextVar<String> var, String where) {
        assertEquals(mine, local.get(), "thread-local " + where);
        assertEquals(expectedVar, var.get(), "context variable " + where);
    }
}
