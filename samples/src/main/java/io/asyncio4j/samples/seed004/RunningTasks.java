package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Seed 004, "Check Running Tasks": {@code asyncio.all_tasks()} is {@code allTasks()}; {@code
 * dumpTasks()} also says what each task is waiting on.
 */
public final class RunningTasks {
    private RunningTasks() {}

    /** Returns the names of the tasks seen running, sorted. */
    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            Task<Void> a = createTask("downloader", () -> await(sleep(Duration.ofSeconds(5))));
            Task<Void> b = createTask("parser", () -> await(sleep(Duration.ofSeconds(5))));
            await(sleep(Duration.ofMillis(20)));

            List<String> names = allTasks().stream().map(Task::getName).sorted().toList();
            out.println("Running tasks: " + allTasks().size());
            for (Task<?> task : allTasks()) {
                out.println(
                        "  " + task.getName() + " done=" + task.done() + (task == currentTask() ? " (current)" : ""));
            }
            out.println("dumpTasks():");
            dumpTasks().lines().filter(l -> !l.isBlank()).forEach(l -> out.println("  " + l));
            a.cancel();
            b.cancel();
            return names;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
