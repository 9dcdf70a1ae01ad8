package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Queue;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Seed 002, "Example 2: Async Task Queue": a queue of jobs served by a pool of workers; each job is a
 * sync function or an async one (in Java, a function returning a {@code CompletionStage}, awaited by
 * the worker, which is what {@code asyncio.iscoroutinefunction} tells apart); {@code task_done} after
 * each, {@code join} to wait for all, then the workers are cancelled. The seed's {@code Task} dataclass
 * is called {@code Job} here, since {@code Task} is asyncio4j's task.
 */
public final class TaskQueue {
    /** A unit of work: the seed's {@code @dataclass Task(func, args, kwargs, priority)}. */
    public record Job(
            String name, Function<Object[], Object> func, Object[] args, Map<String, Object> kwargs, int priority) {
        Job(String name, Function<Object[], Object> func, Object... args) {
            this(name, func, args, Map.of(), 0);
        }
    }

    private final int maxWorkers;
    private final Queue<Job> taskQueue = new Queue<>();
    private final List<Map<String, Object>> results = new CopyOnWriteArrayList<>();

    TaskQueue(int maxWorkers) {
        this.maxWorkers = maxWorkers;
    }

    /** Worker that processes tasks. */
    Void worker(int workerId) throws Exception {
        while (true) {
            Job task = await(taskQueue.get());
            try {
                Object result = task.func().apply(task.args());
                if (result instanceof CompletionStage<?> async) { // an async function: await it
                    result = await(async);
                }
                results.add(Map.of("worker", workerId, "result", result, "task", task.name()));
            } catch (CancelledError e) {
                throw e; // Python's `except Exception` does not catch CancelledError; Java's does
            } catch (Exception e) {
                results.add(Map.of("worker", workerId, "error", String.valueOf(e.getMessage()), "task", task.name()));
            } finally {
                taskQueue.taskDone();
            }
        }
    }

    /** Add a task to the queue. */
    void addTask(Job task) throws Exception {
        await(taskQueue.put(task));
    }

    /** Start workers and process tasks. */
    List<Map<String, Object>> run() throws Exception {
        List<Task<Void>> workers = new ArrayList<>();
        for (int i = 0; i < maxWorkers; i++) {
            int id = i;
            workers.add(createTask(() -> worker(id)));
        }
        // Wait for all tasks to be processed
        await(taskQueue.join());
        // Cancel workers
        for (Task<Void> worker : workers) {
            worker.cancel();
        }
        await(Asyncio.wait(workers));
        return results;
    }

    // Usage

    /** {@code async def process_item(item)}: returns a task, so the worker awaits it. */
    static Task<String> processItem(Object item) {
        return createTask(() -> {
            await(sleep(Duration.ofMillis(50)));
            return "Processed: " + item;
        });
    }

    /** A plain function: the worker calls it and uses its value. */
    static String square(Object n) {
        return "Squared: " + ((Integer) n * (Integer) n);
    }

    /** Returns the results: how many jobs succeeded, failed, and how many workers took part. */
    public record Summary(int completed, int errors, int workersUsed) {}

    public static Summary run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            TaskQueue queue = new TaskQueue(3);
            // Add tasks
            for (int i = 0; i < 20; i++) {
                queue.addTask(new Job("process_item", args -> processItem(args[0]), i));
            }
            queue.addTask(new Job("square", args -> square(args[0]), 12));
            queue.addTask(new Job("divide", args -> 1 / (Integer) args[0], 0));
            long start = System.nanoTime();
            List<Map<String, Object>> results = queue.run();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long errors = results.stream().filter(r -> r.containsKey("error")).count();
            long workers = results.stream().map(r -> r.get("worker")).distinct().count();
            out.printf(
                    "Completed %d tasks in %.2f s (%d errors, %d workers)%n", results.size(), elapsed, errors, workers);
            results.stream().filter(r -> !"process_item".equals(r.get("task"))).forEach(r -> out.println("  " + r));
            return new Summary(results.size(), (int) errors, (int) workers);
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
