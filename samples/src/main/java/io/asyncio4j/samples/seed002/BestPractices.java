package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Semaphore;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Seed 002, "Best Practices" 1 to 5: {@code asyncio.run} as the entry point, a semaphore for rate
 * limiting, {@code to_thread}
 * for blocking code, a {@code TaskGroup} for structured concurrency and {@code wait_for} against
 * hanging.
 */
public final class BestPractices {
    private BestPractices() {}

    static String blockingIo() throws InterruptedException {
        Thread.sleep(100); // a blocking library call
        return "done";
    }

    static String fetch(String url) throws Exception {
        await(sleep(Duration.ofMillis(50)));
        return "page " + url;
    }

    // 2. Use semaphore for rate limiting
    static final Semaphore semaphore = new Semaphore(10); // Max 10 concurrent

    static String limitedFetch(String url) throws Exception {
        return semaphore.asyncWith(() -> fetch(url)); // async with semaphore:
    }

    static String slowOperation() throws Exception {
        await(sleep(Duration.ofSeconds(1)));
        return "slow";
    }

    public static List<String> run(PrintStream out) throws Exception {
        // 1. Use asyncio.run() as entry point
        return Asyncio.run(() -> {
            List<String> lines = new ArrayList<>();
            // 3. Use asyncio.to_thread() for blocking code
            String result = await(toThread(BestPractices::blockingIo));
            out.println("to_thread: " + result);
            lines.add(result);

            // 2. Use semaphore for rate limiting: 30 fetches, at most 10 at a time
            List<Task<String>> fetches = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String url = "url" + i;
                fetches.add(createTask(() -> limitedFetch(url)));
            }
            List<String> pages = await(gather(fetches));
            out.println("semaphore: " + pages.size() + " pages, at most 10 in flight");
            lines.add(pages.size() + " limited fetches");

            // 4. Use TaskGroups for structured concurrency
            List<Task<String>> tasks = TaskGroup.run(tg -> {
                Task<String> task1 = tg.createTask(() -> fetch("url1"));
                Task<String> task2 = tg.createTask(() -> fetch("url2"));
                return List.of(task1, task2);
            });
            // All tasks guaranteed to complete
            for (Task<String> t : tasks) {
                out.println("TaskGroup: " + t.result());
                lines.add(t.result());
            }

            // 5. Set timeouts to prevent hanging
            try {
                lines.add(await(waitFor(BestPractices::slowOperation, Duration.ofMillis(100))));
            } catch (TimeoutException e) {
                out.println("Operation timed out");
                lines.add("timed out");
            }
            return lines;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
