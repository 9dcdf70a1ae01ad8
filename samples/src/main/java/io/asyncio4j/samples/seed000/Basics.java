package io.asyncio4j.samples.seed000;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Seed 000, first steps: {@code greet}, {@code fetch_data} awaited from {@code main}, and three tasks
 * run together with {@code gather}. Durations are tenths of the tutorial's seconds.
 */
public final class Basics {
    private Basics() {}

    /** {@code async def greet(): print("Hello"); await asyncio.sleep(1); print("World")}. */
    static void greet(PrintStream out) throws Exception {
        out.println("Hello");
        await(sleep(Duration.ofMillis(100))); // Simulate async operation
        out.println("World");
    }

    /** {@code async def fetch_data()}: a simulated network request. */
    static String fetchData(PrintStream out) throws Exception {
        out.println("Fetching data...");
        await(sleep(Duration.ofMillis(200))); // Simulate network request
        return "Data received";
    }

    /** {@code async def task(name, delay)}: prints when it starts and ends. */
    static String task(PrintStream out, String name, double delay) throws Exception {
        out.println("Task " + name + " starting");
        await(sleep(Duration.ofMillis((long) (delay * 100))));
        out.println("Task " + name + " completed");
        return "Result from " + name;
    }

    /** Runs the three examples, each with its own {@code asyncio.run}; returns the gather's results. */
    public static List<String> run(PrintStream out) throws Exception {
        Asyncio.run(() -> {
            greet(out);
            return null;
        });

        Asyncio.run(() -> {
            String result = fetchData(out); // result = await fetch_data()
            out.println(result);
            return null;
        });

        return Asyncio.run(() -> {
            // Run tasks concurrently: about 0.3 s, not 0.6 s
            List<String> results = await(gather(
                    () -> task(out, "A", 2), //
                    () -> task(out, "B", 1),
                    () -> task(out, "C", 3)));
            out.println(results);
            return results;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
