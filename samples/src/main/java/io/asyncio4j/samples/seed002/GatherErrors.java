package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Outcome;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002, "Error Handling in Async Code": {@code gather(..., return_exceptions=True)} is {@code
 * gatherOutcomes}, whose elements are either a value or the exception; then a failing task awaited in
 * a try/catch and cancelled.
 */
public final class GatherErrors {
    private GatherErrors() {}

    static String riskyOperation() throws Exception {
        await(sleep(Duration.ofMillis(100)));
        throw new IllegalArgumentException("Something went wrong");
    }

    static String safeOperation() throws Exception {
        await(sleep(Duration.ofMillis(50)));
        return "success";
    }

    /** Returns one line per outcome, then the line for the failed task. */
    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<String> lines = new ArrayList<>();
            // Handle errors with gather: don't raise, return the exceptions
            List<Outcome<String>> results =
                    await(gatherOutcomes(GatherErrors::riskyOperation, GatherErrors::safeOperation));
            for (Outcome<String> result : results) {
                String line = result instanceof Outcome.Failure<String> f
                        ? "Error: " + f.exception().getMessage()
                        : "Success: " + result.get();
                out.println(line);
                lines.add(line);
            }

            // Handle errors with create_task
            Task<String> task = createTask(GatherErrors::riskyOperation);
            try {
                await(task);
            } catch (IllegalArgumentException e) {
                String line = "Task failed: " + e.getMessage();
                out.println(line);
                lines.add(line);
                boolean cancelled = task.cancel("Cancel if needed"); // the task is done: nothing to cancel
                out.println("task.cancel() on a finished task returned " + cancelled);
            }
            return lines;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
