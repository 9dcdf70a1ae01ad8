package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.ReturnWhen;
import io.asyncio4j.Task;
import io.asyncio4j.WaitResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002, "asyncio.wait — Fine-grained Control": wait for the first task to complete, then for the
 * rest. ({@code wait} is called as {@code Asyncio.wait}: inside any Java class, a bare {@code wait(...)}
 * means {@code Object.wait}.)
 */
public final class WaitFirstCompleted {
    private WaitFirstCompleted() {}

    static String slowTask() throws Exception {
        await(sleep(Duration.ofMillis(300)));
        return "slow";
    }

    static String fastTask() throws Exception {
        await(sleep(Duration.ofMillis(100)));
        return "fast";
    }

    /** Returns the results in the order they were reported. */
    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<String> order = new ArrayList<>();
            List<Task<String>> tasks =
                    List.of(createTask(WaitFirstCompleted::slowTask), createTask(WaitFirstCompleted::fastTask));

            // Wait with FIRST_COMPLETED
            WaitResult<Task<String>> first = await(Asyncio.wait(tasks, ReturnWhen.FIRST_COMPLETED));
            for (Task<String> task : first.done()) {
                out.println("First completed: " + task.result());
                order.add(task.result());
            }

            // Wait for remaining
            WaitResult<Task<String>> rest = await(Asyncio.wait(first.pending()));
            for (Task<String> task : rest.done()) {
                out.println("Next completed: " + task.result());
                order.add(task.result());
            }
            return order;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
