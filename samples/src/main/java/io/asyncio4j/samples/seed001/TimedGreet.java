package io.asyncio4j.samples.seed001;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.samples.Timings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Seed 001, exercise 1: {@code timed_greet} three times sequentially, then with gather. */
public final class TimedGreet {
    private TimedGreet() {}

    static String timedGreet(String name, Duration delay) throws Exception {
        await(sleep(delay));
        return "Hello, " + name;
    }

    /** The results and both timings. */
    public record Result(List<String> results, Timings timings) {}

    public static Result run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            Map<String, Duration> names = new java.util.LinkedHashMap<>();
            names.put("Alice", Duration.ofMillis(300));
            names.put("Bob", Duration.ofMillis(500));
            names.put("Carol", Duration.ofMillis(200));

            // Sequential
            long start = System.nanoTime();
            for (var e : names.entrySet()) {
                timedGreet(e.getKey(), e.getValue());
            }
            double seqTime = Timings.since(start);

            // Concurrent
            start = System.nanoTime();
            List<io.asyncio4j.Task<String>> greets = new ArrayList<>();
            names.forEach((n, d) -> greets.add(createTask(() -> timedGreet(n, d))));
            List<String> results = await(gather(greets));
            double conTime = Timings.since(start);

            out.printf("Sequential: %.2fs%n", seqTime);
            out.printf("Concurrent: %.2fs%n", conTime);
            out.println("Results: " + results);
            return new Result(results, new Timings(seqTime, conTime));
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
