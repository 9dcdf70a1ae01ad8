package io.asyncio4j.samples.seed001;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Seed 001, "The async Keyword" and "The await Keyword". Python's coroutine object is, in Java, the
 * {@link Callable} you have not run yet: creating it runs nothing; {@code Asyncio.run} (or {@code
 * createTask}, or calling it from a running body) does.
 */
public final class AsyncAndAwait {
    private AsyncAndAwait() {}

    /** {@code async def greet(name): return f"Hello, {name}"}. */
    static String greet(String name) {
        return "Hello, " + name;
    }

    /** {@code async def fetch_data()}: suspends at the sleep, letting other tasks run. */
    static Map<String, Integer> fetchData(PrintStream out) throws Exception {
        out.println("Starting fetch...");
        await(sleep(Duration.ofMillis(100))); // Suspend here, let other tasks run
        out.println("Fetch complete!");
        return Map.of("data", 42);
    }

    /** Returns greet's result and fetch_data's result. */
    public static String run(PrintStream out) throws Exception {
        // Calling returns a coroutine object: here, a Callable that has not run
        Callable<String> coro = () -> greet("Alice");
        out.println("coroutine object: a " + (coro instanceof Callable ? "Callable" : "?") + ", not run yet");

        // Must run it to get the result
        String result = Asyncio.run(coro);
        out.println(result); // "Hello, Alice"

        Map<String, Integer> data = Asyncio.run(() -> {
            Map<String, Integer> r = fetchData(out); // result = await fetch_data()
            out.println(r);
            return r;
        });
        return result + " / " + data;
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
