package io.asyncio4j.samples.seed001;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 001, "What Can Be Awaited?": a coroutine, a task, a future set by hand and a custom awaitable.
 * In Java every {@link java.util.concurrent.CompletionStage} is awaitable, so a custom awaitable is any
 * class that is one (Python's {@code __await__}).
 */
public final class Awaitables {
    private Awaitables() {}

    static String myCoroutine() {
        return "result";
    }

    /** A custom awaitable: Python's class with {@code __await__}; here a class that is a stage. */
    static final class MyAwaitable extends CompletableFuture<String> {
        MyAwaitable() {
            complete("custom result");
        }
    }

    /** Returns the four results, in the seed's order. */
    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            // 1. Coroutines: calling the function from a running body awaits it in place
            String r1 = myCoroutine();
            out.println("coroutine: " + r1);

            // 2. Tasks
            Task<String> task = createTask(Awaitables::myCoroutine);
            String r2 = await(task);
            out.println("task: " + r2);

            // 3. Futures: something else sets the result
            CompletableFuture<String> future = new CompletableFuture<>();
            createTask(() -> {
                await(sleep(Duration.ofMillis(50)));
                future.complete("value set by hand");
                return null;
            });
            String r3 = await(future);
            out.println("future: " + r3);

            // 4. Objects with __await__: any CompletionStage
            String r4 = await(new MyAwaitable());
            out.println("custom awaitable: " + r4);
            return List.of(r1, r2, r3, r4);
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
