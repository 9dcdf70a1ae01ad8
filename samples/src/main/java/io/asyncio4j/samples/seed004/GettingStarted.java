package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Seed 004, "Getting Started": {@code fetch_data} run both ways ({@code asyncio.run} directly, and
 * awaited from {@code main}), then {@code task_one} and {@code task_two} with gather.
 */
public final class GettingStarted {
    private GettingStarted() {}

    static Map<String, Integer> fetchData(PrintStream out) throws Exception {
        out.println("Start fetching");
        await(sleep(Duration.ofMillis(200))); // Simulate I/O operation
        out.println("Done fetching");
        return Map.of("data", 42);
    }

    static String taskOne() throws Exception {
        await(sleep(Duration.ofMillis(100)));
        return "Task one complete";
    }

    static String taskTwo() throws Exception {
        await(sleep(Duration.ofMillis(200)));
        return "Task two complete";
    }

    /** Returns gather's results. */
    public static List<String> run(PrintStream out) throws Exception {
        // Method 1: Using asyncio.run() (recommended)
        Map<String, Integer> result = Asyncio.run(() -> fetchData(out));
        out.println(result);

        // Method 2: In an existing async context
        Asyncio.run(() -> {
            out.println(fetchData(out));
            return null;
        });

        return Asyncio.run(() -> {
            // Run concurrently
            List<String> results = await(gather(GettingStarted::taskOne, GettingStarted::taskTwo));
            out.println(results); // [Task one complete, Task two complete]
            return results;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
