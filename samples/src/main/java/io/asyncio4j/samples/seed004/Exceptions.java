package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Outcome;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004, "Error Handling": try/except around an await, and gathering with exceptions, both the
 * default (the first failure propagates) and {@code return_exceptions=True} ({@code gatherOutcomes}).
 */
public final class Exceptions {
    private Exceptions() {}

    static String ok(String name) throws Exception {
        await(sleep(Duration.ofMillis(50)));
        return name;
    }

    static String fail(String message) throws Exception {
        await(sleep(Duration.ofMillis(20)));
        throw new IllegalStateException(message);
    }

    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<String> lines = new ArrayList<>();
            // Try-Except with Async
            try {
                fail("boom");
            } catch (IllegalStateException e) {
                out.println("Caught: " + e.getMessage());
                lines.add("caught " + e.getMessage());
            }

            // Gathering with exceptions: the first one propagates
            try {
                await(gather(() -> ok("one"), () -> fail("two failed"), () -> ok("three")));
            } catch (IllegalStateException e) {
                out.println("gather raised: " + e.getMessage());
                lines.add("gather raised " + e.getMessage());
            }

            // return_exceptions=True
            List<Outcome<String>> results =
                    await(gatherOutcomes(() -> ok("one"), () -> fail("two failed"), () -> ok("three")));
            for (Outcome<String> result : results) {
                String line = result.isSuccess()
                        ? "Success: " + result.get()
                        : "Error: "
                                + ((Outcome.Failure<String>) result).exception().getMessage();
                out.println(line);
                lines.add(line);
            }
            return lines;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
