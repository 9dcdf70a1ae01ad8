package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.EventLoop;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 004, "Custom Async Sleep": how sleep works inside, a future created by the running loop and
 * completed by a {@code call_later} callback. Awaiting it holds no thread.
 */
public final class CustomSleep {
    private CustomSleep() {}

    static <T> CompletableFuture<T> customSleep(Duration delay, T result) {
        EventLoop loop = Asyncio.getRunningLoop();
        CompletableFuture<T> future = loop.createFuture();
        loop.callLater(delay, () -> future.complete(result));
        return future;
    }

    /** Returns the results, in completion order. */
    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            EventLoop loop = getRunningLoop();
            double start = loop.time();
            List<String> results = new java.util.concurrent.CopyOnWriteArrayList<>();
            await(gather(
                    () -> results.add(await(customSleep(Duration.ofMillis(200), "slow"))),
                    () -> results.add(await(customSleep(Duration.ofMillis(100), "fast")))));
            out.printf("custom sleeps finished: %s after %.2f s of loop time%n", results, loop.time() - start);
            return results;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
