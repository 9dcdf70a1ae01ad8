package io.asyncio4j.samples.seed003;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Seed 003, "Basic Concepts" and "Running Coroutines": a coroutine ({@code greeting}), {@code await}
 * ({@code long_process}) and the two ways to run one ({@code asyncio.run} from plain code, {@code await}
 * from inside another coroutine).
 */
public final class Coroutines {
    private Coroutines() {}

    static String greeting(PrintStream out) {
        out.println("Hello!");
        return "Done";
    }

    static String longProcess(PrintStream out) throws Exception {
        out.println("Start process...");
        await(sleep(Duration.ofMillis(200))); // Simulate async operation
        out.println("Process finished!");
        return "Result";
    }

    static String hello() throws Exception {
        await(sleep(Duration.ofMillis(100)));
        return "Hello!";
    }

    public static List<String> run(PrintStream out) throws Exception {
        // Executing coroutine
        String done = Asyncio.run(() -> greeting(out));

        String got = Asyncio.run(() -> {
            String result = longProcess(out);
            out.println("Got: " + result);
            return result;
        });

        // Method 1: asyncio.run() - for a standalone program
        String result1 = Asyncio.run(Coroutines::hello);
        out.println(result1);

        // Method 2: await - from inside another coroutine
        String result2 = Asyncio.run(() -> {
            String result = await(createTask(Coroutines::hello));
            out.println(result);
            return result;
        });
        return List.of(done, got, result1, result2);
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
