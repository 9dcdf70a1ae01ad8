package io.asyncio4j.samples.seed001;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Seed 001, "Common Mistakes", in their Java form and what asyncio4j does about each.
 *
 * <ol>
 *   <li>Forgetting await: {@code sleep(d)} without {@code await} returns a running {@code Task} at once
 *       and does not pause; the compiler does not complain, but the printed value is a task, not a
 *       result. (A task whose exception nobody retrieves is logged, never silently dropped.)
 *   <li>await outside an async function: Java has no such syntax error; {@code await} outside a task
 *       body simply blocks the calling thread, while {@code Asyncio.run} inside a running task (the
 *       seed's "don't call asyncio.run() inside async functions") fails with {@code
 *       IllegalStateException}.
 *   <li>Blocking the event loop: {@code Thread.sleep} in a body holds that task's thread (a virtual
 *       thread on JDK 21+, a pool thread on 17) but, unlike Python, does not freeze the other tasks;
 *       still, prefer {@code await(sleep(...))}, and hand blocking libraries to {@code toThread}.
 *   <li>Not running coroutines: a {@code Callable} that is never run does nothing.
 * </ol>
 */
public final class CommonMistakes {
    private CommonMistakes() {}

    static String fetchData() throws Exception {
        await(sleep(Duration.ofMillis(50)));
        return "data";
    }

    static String badExample() throws InterruptedException {
        Thread.sleep(100); // blocks this task's thread
        return "done";
    }

    static String goodExample() throws Exception {
        await(sleep(Duration.ofMillis(100))); // yields; no thread held
        return "done";
    }

    /** Returns one line per mistake, describing what happened. */
    public static List<String> run(PrintStream out) throws Exception {
        List<String> findings = new ArrayList<>();
        Asyncio.run(() -> {
            // 1. Forgetting await
            Task<String> result = createTask(CommonMistakes::fetchData); // no await: a Task, not "data"
            out.println("1. without await: " + result);
            out.println("   with await: " + await(result));
            long start = System.nanoTime();
            sleep(Duration.ofMillis(200)); // forgotten await: returns at once, no pause
            long ms = (System.nanoTime() - start) / 1_000_000;
            out.println("   sleep(200 ms) without await paused for " + ms + " ms");
            findings.add(ms < 200 ? "no pause without await" : "paused");

            // 2. Using asyncio.run inside an async function
            try {
                Asyncio.run(() -> "nested");
                findings.add("nested run allowed");
            } catch (IllegalStateException e) {
                out.println("2. Asyncio.run inside a task: " + e.getMessage());
                findings.add("nested run refused");
            }

            // 3. Blocking the event loop
            start = System.nanoTime();
            await(gather(CommonMistakes::badExample, CommonMistakes::badExample, CommonMistakes::badExample));
            double blocking = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            await(gather(CommonMistakes::goodExample, CommonMistakes::goodExample, CommonMistakes::goodExample));
            double good = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            await(gather(toThread(CommonMistakes::badExample), toThread(CommonMistakes::badExample)));
            double viaThread = (System.nanoTime() - start) / 1e9;
            out.printf(
                    "3. three Thread.sleep(100) bodies: %.2f s (each held a thread); three sleeps: %.2f s;"
                            + " two via toThread: %.2f s%n",
                    blocking, good, viaThread);
            findings.add("blocking bodies held threads");
            return null;
        });

        // 4. Not running coroutines
        Callable<Void> myTask = () -> {
            out.println("Running");
            return null;
        };
        out.println("4. myTask created, nothing printed yet");
        Asyncio.run(myTask); // Actually runs it
        findings.add("ran only when run");
        return findings;
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
