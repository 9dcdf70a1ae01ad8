package io.asyncio4j.samples.seed000;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import io.asyncio4j.samples.Timings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * Seed 000, practice exercises 1, 2, 3 and 5 (exercise 4, an async context manager, is the
 * AsyncFile sample). Seconds are scaled to tenths.
 */
public final class Exercises {
    private Exercises() {}

    /** What the exercises produced. */
    public record Results(
            List<String> fetched,
            Timings fetchTimings,
            List<String> processed,
            List<Integer> squares,
            List<String> timeouts) {}

    // ---- exercise 1: fetch several URLs concurrently (the seed's example solution)

    static String fetchUrl(PrintStream out, String url, int delay) throws Exception {
        out.println("Fetching " + url + "...");
        await(sleep(Duration.ofMillis(100L * delay)));
        return "Data from " + url;
    }

    // ---- exercise 2: process a list of items with a delay between each

    static List<String> processItems(PrintStream out, List<String> items, Duration delay) throws Exception {
        List<String> done = new ArrayList<>();
        for (String item : items) {
            out.println("Processing " + item);
            done.add(item.toUpperCase());
            await(sleep(delay)); // a pause between items, without holding anyone else up
        }
        return done;
    }

    // ---- exercise 3: gather several operations and collect their results

    static int square(int n) throws Exception {
        await(sleep(Duration.ofMillis(10L * n)));
        return n * n;
    }

    // ---- exercise 5: timeouts with wait_for

    static String slowOperation(Duration takes) throws Exception {
        await(sleep(takes));
        return "finished in " + takes.toMillis() + " ms";
    }

    /** Runs the four exercises in one {@code asyncio.run}. */
    public static Results run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            out.println("-- exercise 1: concurrent fetch");
            Map<String, Integer> urls = new java.util.LinkedHashMap<>();
            urls.put("http://example.com", 2);
            urls.put("http://test.com", 1);
            urls.put("http://demo.com", 3);
            out.println("one by one:");
            long start = System.nanoTime();
            List<String> sequential = new ArrayList<>();
            for (var e : urls.entrySet()) {
                sequential.add(fetchUrl(out, e.getKey(), e.getValue()));
            }
            double seq = Timings.since(start);
            out.println("with gather:");
            start = System.nanoTime();
            List<Callable<String>> fetches = new ArrayList<>();
            urls.forEach((url, delay) -> fetches.add(() -> fetchUrl(out, url, delay)));
            List<Task<String>> tasks = fetches.stream().map(Asyncio::createTask).toList();
            List<String> results = await(gather(tasks)); // asyncio.gather(*[fetch_url(u, d) for ...])
            double conc = Timings.since(start);
            out.println(results);
            Timings timings = new Timings(seq, conc);
            out.println(timings);

            out.println("-- exercise 2: a list of items with a delay between each");
            List<String> processed = processItems(out, List.of("apple", "banana", "cherry"), Duration.ofMillis(50));
            out.println(processed);

            out.println("-- exercise 3: gather results");
            List<Integer> squares = await(gather(() -> square(1), () -> square(2), () -> square(3), () -> square(4)));
            out.println("Squares: " + squares);

            out.println("-- exercise 5: wait_for");
            List<String> timeouts = new ArrayList<>();
            for (Duration takes : List.of(Duration.ofMillis(50), Duration.ofMillis(500))) {
                try {
                    String r = await(waitFor(() -> slowOperation(takes), Duration.ofMillis(200)));
                    out.println("Completed: " + r);
                    timeouts.add(r);
                } catch (TimeoutException e) { // asyncio.TimeoutError is a java.util.concurrent.TimeoutException
                    out.println("Timed out after 200 ms (the operation needed " + takes.toMillis() + " ms)");
                    timeouts.add("timeout");
                }
            }
            return new Results(results, timings, processed, squares, timeouts);
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
