package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.samples.Timings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Seed 002, "Basics of Async/Await", "How the Event Loop Works" and "Concurrent Execution with
 * gather": {@code greet}, then task1 and task2 awaited one after the other (about 0.3 s) and together
 * (about 0.2 s).
 */
public final class EventLoopDemo {
    private EventLoopDemo() {}

    static String greet(String name) throws Exception {
        await(sleep(Duration.ofMillis(100))); // Non-blocking sleep
        return "Hello, " + name;
    }

    static String task1(PrintStream out) throws Exception {
        out.println("Task 1 started");
        await(sleep(Duration.ofMillis(200))); // Yields control to event loop
        out.println("Task 1 completed");
        return "result1";
    }

    static String task2(PrintStream out) throws Exception {
        out.println("Task 2 started");
        await(sleep(Duration.ofMillis(100)));
        out.println("Task 2 completed");
        return "result2";
    }

    public static Timings run(PrintStream out) throws Exception {
        String hello = Asyncio.run(() -> greet("Alice"));
        out.println(hello); // "Hello, Alice"

        double sequential = Asyncio.run(() -> {
            long start = System.nanoTime();
            String result1 = task1(out);
            String result2 = task2(out);
            out.println("Sequential: " + result1 + ", " + result2);
            return Timings.since(start);
        });

        double concurrent = Asyncio.run(() -> {
            long start = System.nanoTime();
            List<String> results = await(gather(() -> task1(out), () -> task2(out)));
            out.println("Concurrent: " + results);
            return Timings.since(start);
        });
        return new Timings(sequential, concurrent);
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(System.out));
    }
}
