package io.asyncio4j.samples.seed001;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Seed 001, the runnable {@code async_await_tutorial.py}: its seven parts, seconds scaled to tenths.
 */
public final class TutorialScript {
    private final PrintStream out;

    TutorialScript(PrintStream out) {
        this.out = out;
    }

    // PART 1: Understanding Synchronous vs Asynchronous

    String synchronousFunction() throws InterruptedException {
        out.println("Starting synchronous function");
        Thread.sleep(100); // This BLOCKS the calling thread for 0.1 second
        out.println("Finished synchronous function");
        return "Sync result";
    }

    String asynchronousFunction() throws Exception {
        out.println("Starting asynchronous function");
        await(sleep(Duration.ofMillis(100))); // non-blocking: parks this task, holds no thread
        out.println("Finished asynchronous function");
        return "Async result";
    }

    // PART 2: Basic async/await Patterns

    String simpleAsyncExample() throws Exception {
        out.println("Step 1: Before await");
        await(sleep(Duration.ofMillis(100)));
        out.println("Step 2: After await");
        return "Complete!";
    }

    String callingAsyncFunctions() throws Exception {
        out.println("\n--- Calling async functions ---");
        // WRONG: without running it, this is just a "coroutine object" (a Callable)
        Callable<String> coro = this::asynchronousFunction;
        out.println("Without await: a " + Callable.class.getSimpleName() + " that has not run");
        // CORRECT: run it as a task and await it
        String result = await(createTask(coro));
        out.println("With await: " + result);
        return result;
    }

    // PART 3: Sequential Async Execution

    String fetchData(int dataId, double delay) throws Exception {
        out.println("  Fetching data " + dataId + "...");
        await(sleep(Duration.ofMillis((long) (delay * 100)))); // Simulate I/O operation
        out.println("  Data " + dataId + " retrieved!");
        return "Data_" + dataId;
    }

    List<String> sequentialExecution() throws Exception {
        out.println("\n--- Sequential Execution ---");
        long start = System.nanoTime();
        String data1 = fetchData(1, 1.0);
        String data2 = fetchData(2, 1.0);
        String data3 = fetchData(3, 1.0);
        out.printf("Sequential execution took %.2f seconds%n", (System.nanoTime() - start) / 1e9);
        out.println("Retrieved: " + data1 + ", " + data2 + ", " + data3);
        return List.of(data1, data2, data3);
    }

    // PART 4: Understanding await Behavior

    List<Integer> demonstrateAwaitBehavior() throws Exception {
        out.println("\n--- Await Behavior ---");
        out.println("Before first await");
        await(sleep(Duration.ofMillis(50)));
        out.println("Between awaits");
        await(sleep(Duration.ofMillis(50)));
        out.println("After second await");
        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.println("  Iteration " + (i + 1));
            await(sleep(Duration.ofMillis(10)));
            results.add(i);
        }
        return results;
    }

    // PART 5: Async Function Return Values

    Map<String, Object> asyncFunctionWithReturn() throws Exception {
        await(sleep(Duration.ofMillis(10)));
        return new java.util.TreeMap<>(Map.of("status", "success", "value", 42)); // printed in key order
    }

    Void asyncFunctionWithError() throws Exception {
        await(sleep(Duration.ofMillis(10)));
        throw new IllegalArgumentException("Something went wrong!");
    }

    void handlingReturnsAndErrors() throws Exception {
        out.println("\n--- Returns and Errors ---");
        out.println("Received result: " + asyncFunctionWithReturn());
        try {
            await(createTask(this::asyncFunctionWithError));
        } catch (IllegalArgumentException e) {
            out.println("Caught exception: " + e.getMessage());
        }
    }

    // PART 6: Common Mistakes and Gotchas

    void commonMistakes() throws Exception {
        out.println("\n--- Common Mistakes ---");
        out.println("Mistake 1: Forgetting await");
        Task<Void> coro = sleep(Duration.ofMillis(100)); // starts a sleep; nothing waits for it
        out.println("  Without await: a " + coro.getClass().getSimpleName() + ", done=" + coro.done());
        coro.cancel("not needed"); // Clean up
        out.println("  Correct way with await:");
        await(sleep(Duration.ofMillis(10)));
        out.println("  Sleep completed!");

        out.println("\nMistake 2: Using Thread.sleep (blocking)");
        out.println("  DON'T do this in async code:");
        out.println("  Thread.sleep(1000)  // This blocks the task's thread!");
        out.println("  DO this instead:");
        await(sleep(Duration.ofMillis(10)));
        out.println("  sleep completed!");

        out.println("\nMistake 3: Can't await regular functions");
        out.println("  Regular functions must be called normally");
        String regularResult = synchronousFunction(); // No await!
        out.println("  Result: " + regularResult);
    }

    // PART 7: Running Async Code

    List<String> main() throws Exception {
        out.println("=".repeat(70));
        out.println("ASYNC/AWAIT BASICS TUTORIAL");
        out.println("=".repeat(70));
        String result = simpleAsyncExample();
        out.println("Result: " + result);
        callingAsyncFunctions();
        List<String> data = sequentialExecution();
        demonstrateAwaitBehavior();
        handlingReturnsAndErrors();
        commonMistakes();
        out.println("\n" + "=".repeat(70));
        out.println("Tutorial complete!");
        out.println("=".repeat(70));
        return data;
    }

    /** asyncio.run(main()): creates a loop, runs main, closes the loop. Returns part 3's data. */
    public static List<String> run(PrintStream out) throws Exception {
        TutorialScript tutorial = new TutorialScript(out);
        return Asyncio.run(() -> tutorial.main()); // not tutorial::main: main is overloaded (see ThrowingRunnable)
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
