package io.asyncio4j.samples.seed003;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Seed 003, "asyncio.create_task()": an endless background task, cancelled by main after a while. The
 * cancellation wakes the task's pending {@code await(sleep(...))} with {@code CancelledError}.
 */
public final class BackgroundCancel {
    private BackgroundCancel() {}

    static Void backgroundTask(PrintStream out) throws Exception {
        while (true) {
            out.println("Background task running...");
            await(sleep(Duration.ofMillis(100)));
        }
    }

    /** Returns whether the task ended cancelled. */
    public static boolean run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            // Create task (it starts running in the background)
            Task<Void> task = createTask(() -> backgroundTask(out));

            // Do something else
            await(sleep(Duration.ofMillis(300)));

            // Cancel task
            task.cancel();
            out.println("Task cancelled");
            await(Asyncio.wait(java.util.List.of(task))); // let it finish cancelling
            return task.cancelled();
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
