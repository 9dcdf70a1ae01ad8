package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.ReturnWhen;
import io.asyncio4j.Task;
import io.asyncio4j.WaitResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Seed 004, "The await Keyword", "Tasks" and "Waiting Strategies": awaiting a coroutine runs it in
 * place while awaiting a task waits for work already running; task management (name, done, cancel);
 * then {@code gather}, {@code wait} (with a timeout, returning done and pending sets) and {@code
 * wait_for}.
 */
public final class TasksAndWaiting {
    private TasksAndWaiting() {}

    static String work(String name, int tenths) throws Exception {
        await(sleep(Duration.ofMillis(100L * tenths)));
        return name;
    }

    /** Returns one line per step. */
    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<String> lines = new ArrayList<>();
            // Awaiting coroutines vs tasks
            long start = System.nanoTime();
            work("a", 1);
            work("b", 1); // coroutines: one after the other, ~0.2 s
            double coroutines = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            Task<String> ta = createTask(() -> work("a", 1));
            Task<String> tb = createTask(() -> work("b", 1));
            await(ta);
            await(tb); // tasks: both were already running, ~0.1 s
            double tasks = (System.nanoTime() - start) / 1e9;
            out.printf("two awaited coroutines: %.2f s; two tasks: %.2f s%n", coroutines, tasks);
            lines.add(tasks < coroutines ? "tasks overlap" : "tasks did not overlap");

            // Creating tasks and task management
            Task<String> task = createTask("fetcher", () -> work("fetched", 5));
            out.println("created " + task.getName() + ", done=" + task.done());
            task.cancel("no longer needed");
            try {
                await(task);
            } catch (io.asyncio4j.CancelledError e) {
                out.println(task.getName() + " cancelled: " + task.cancelled() + " (" + e.getMessage() + ")");
                lines.add("cancelled " + task.getName());
            }

            // asyncio.gather(): run concurrently, wait for all
            lines.add("gather " + await(gather(() -> work("x", 1), () -> work("y", 2))));

            // asyncio.wait(): more control
            List<Task<String>> racers = List.of(
                    createTask(() -> work("quick", 1)),
                    createTask(() -> work("medium", 2)),
                    createTask(() -> work("slow", 9)));
            WaitResult<Task<String>> r = await(Asyncio.wait(racers, ReturnWhen.ALL_COMPLETED, Duration.ofMillis(300)));
            List<String> done = new ArrayList<>();
            for (Task<String> t : racers) { // in creation order, for a stable print
                if (r.done().contains(t)) {
                    done.add(t.result());
                }
            }
            out.println("wait(timeout=0.3): done " + done + ", still pending "
                    + r.pending().size());
            lines.add("wait done " + done + " pending " + r.pending().size());
            r.pending().forEach(Task::cancel);

            // asyncio.wait_for(): set a timeout
            try {
                await(waitFor(() -> work("late", 5), Duration.ofMillis(100)));
            } catch (TimeoutException e) {
                out.println("wait_for: timed out");
                lines.add("wait_for timed out");
            }
            return lines;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
