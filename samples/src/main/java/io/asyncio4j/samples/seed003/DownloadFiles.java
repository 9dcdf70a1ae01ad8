package io.asyncio4j.samples.seed003;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.samples.Timings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Seed 003, "asyncio.gather()": three downloads of 2, 3 and 1 (tenths of a) second take about 0.3 s
 * together, not 0.6 s; they finish in the order 3, 1, 2 and the results keep the argument order.
 */
public final class DownloadFiles {
    private DownloadFiles() {}

    static String downloadFile(PrintStream out, String name, int duration) throws Exception {
        out.println("Start download " + name + "...");
        await(sleep(Duration.ofMillis(100L * duration)));
        out.println("Finished download " + name);
        return name + " downloaded";
    }

    /** The results and the total time (the "sequential" figure is the sum of the three durations). */
    public record Result(List<String> results, Timings timings) {}

    public static Result run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            long start = System.nanoTime();
            // Run all concurrently
            List<String> results = await(gather(
                    () -> downloadFile(out, "file1.txt", 2),
                    () -> downloadFile(out, "file2.txt", 3),
                    () -> downloadFile(out, "file3.txt", 1)));
            double elapsed = Timings.since(start);
            out.println("All results: " + results);
            out.printf("Total time: ~%.2f seconds (not 0.6 seconds)%n", elapsed);
            return new Result(results, new Timings(0.6, elapsed));
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
