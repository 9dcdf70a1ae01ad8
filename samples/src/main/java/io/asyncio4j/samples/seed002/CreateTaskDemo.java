package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Seed 002, "asyncio.create_task — Schedule Coroutines": three background tasks, main works meanwhile. */
public final class CreateTaskDemo {
    private CreateTaskDemo() {}

    static String backgroundTask(PrintStream out, String name, int duration) throws Exception {
        out.println("Starting " + name);
        await(sleep(Duration.ofMillis(100L * duration)));
        out.println("Completed " + name);
        return name + " done";
    }

    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            // Create tasks (they start immediately)
            Task<String> task1 = createTask(() -> backgroundTask(out, "Task1", 2));
            Task<String> task2 = createTask(() -> backgroundTask(out, "Task2", 1));
            Task<String> task3 = createTask(() -> backgroundTask(out, "Task3", 3));

            // Do other work while tasks run
            out.println("Main thread doing other work...");
            await(sleep(Duration.ofMillis(50)));

            // Wait for all tasks to complete
            String result1 = await(task1);
            String result2 = await(task2);
            String result3 = await(task3);
            out.println("Results: " + result1 + ", " + result2 + ", " + result3);
            return List.of(result1, result2, result3);
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
