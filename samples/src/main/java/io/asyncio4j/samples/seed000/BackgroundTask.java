package io.asyncio4j.samples.seed000;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;

/** Seed 000, "Creating Tasks": a background task started with {@code create_task}, awaited at the end. */
public final class BackgroundTask {
    private BackgroundTask() {}

    static Void backgroundTask(PrintStream out) throws Exception {
        for (int i = 0; i < 5; i++) {
            out.println("Background: " + i);
            await(sleep(Duration.ofMillis(100)));
        }
        return null;
    }

    /** Returns whether the background task was done when main finished. */
    public static boolean run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            // Create task (starts running)
            Task<Void> task = createTask(() -> backgroundTask(out));

            // Do other work
            await(sleep(Duration.ofMillis(200)));
            out.println("Main work done");

            // Wait for task to complete
            await(task);
            return task.done();
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
