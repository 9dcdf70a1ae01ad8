package io.asyncio4j.samples.seed001;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import io.asyncio4j.samples.Timings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Seed 001, "Sequential vs Concurrent Execution": three fetches awaited one by one (about 0.3 s), as
 * three tasks (about 0.1 s) and with gather (about 0.1 s).
 */
public final class SequentialVsConcurrent {
    private SequentialVsConcurrent() {}

    /** The three measured times and gather's results. */
    public record Result(double sequential, double tasks, double gather, List<String> results) {
        @Override
        public String toString() {
            return String.format("sequential %.2f s | create_task %.2f s | gather %.2f s", sequential, tasks, gather);
        }
    }

    static String fetch(String url) throws Exception {
        await(sleep(Duration.ofMillis(100))); // Simulate network delay
        return "Data from " + url;
    }

    public static Result run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            // Sequential (slow): each await waits until complete
            long start = System.nanoTime();
            String result1 = fetch("url1");
            String result2 = fetch("url2");
            String result3 = fetch("url3");
            double sequential = Timings.since(start);
            out.printf("Sequential: %s, %s, %s in %.2f s%n", result1, result2, result3, sequential);

            // Concurrent (fast): create tasks - starts all immediately
            start = System.nanoTime();
            Task<String> task1 = createTask(() -> fetch("url1"));
            Task<String> task2 = createTask(() -> fetch("url2"));
            Task<String> task3 = createTask(() -> fetch("url3"));
            result1 = await(task1);
            result2 = await(task2);
            result3 = await(task3);
            double tasks = Timings.since(start);
            out.printf("Tasks: %s, %s, %s in %.2f s%n", result1, result2, result3, tasks);

            // Using gather (preferred)
            start = System.nanoTime();
            List<String> results = await(gather(() -> fetch("url1"), () -> fetch("url2"), () -> fetch("url3")));
            double gathered = Timings.since(start);
            out.printf("gather: %s in %.2f s%n", results, gathered);
            return new Result(sequential, tasks, gathered, results);
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
