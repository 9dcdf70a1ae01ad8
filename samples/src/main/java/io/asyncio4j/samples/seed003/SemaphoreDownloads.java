package io.asyncio4j.samples.seed003;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Semaphore;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 003, "Semaphore for Rate Limiting": ten downloads of 2 (tenths of a) second, at most three at a
 * time: about four rounds, 0.8 s. {@code async with semaphore:} is {@code semaphore.asyncWith(() -> ...)},
 * which runs the block in the calling task while it holds a permit.
 */
public final class SemaphoreDownloads {
    private SemaphoreDownloads() {}

    private static final AtomicInteger running = new AtomicInteger();
    private static final AtomicInteger maxRunning = new AtomicInteger();

    static String download(PrintStream out, Semaphore semaphore, String url) throws Exception {
        // Only N concurrent requests
        return semaphore.asyncWith(() -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            out.println("Downloading " + url + "...");
            await(sleep(Duration.ofMillis(200)));
            out.println("Finished " + url);
            running.decrementAndGet();
            return url;
        });
    }

    /** The downloaded names and the most downloads seen running at once. */
    public record Result(List<String> downloaded, int maxConcurrent, double seconds) {}

    public static Result run(PrintStream out) throws Exception {
        maxRunning.set(0);
        return Asyncio.run(() -> {
            // Max 3 concurrent downloads
            Semaphore semaphore = new Semaphore(3);
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String url = "file_" + i + ".txt";
                tasks.add(createTask(() -> download(out, semaphore, url)));
            }
            long start = System.nanoTime();
            List<String> done = await(gather(tasks));
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("%d downloads, at most %d at a time, in %.2f s%n", done.size(), maxRunning.get(), seconds);
            return new Result(done, maxRunning.get(), seconds);
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
