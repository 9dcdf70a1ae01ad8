package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Seed 002, "Timeout Handling": {@code asyncio.wait_for} is {@code waitFor}, and {@code async with
 * asyncio.timeout(d)} is {@code timeout(d, t -> ...)}, whose body runs inline in the current task. The
 * 10 s operation and the 2 s timeout are scaled to 1 s and 0.2 s.
 */
public final class Timeouts {
    private Timeouts() {}

    static String slowOperation() throws Exception {
        await(sleep(Duration.ofSeconds(1)));
        return "done";
    }

    /** Returns what each method printed. */
    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<String> lines = new ArrayList<>();
            // Method 1: asyncio.wait_for
            try {
                String result = await(waitFor(Timeouts::slowOperation, Duration.ofMillis(200)));
                out.println(result);
                lines.add(result);
            } catch (TimeoutException e) {
                out.println("Operation timed out");
                lines.add("wait_for timed out");
            }

            // Method 2: asyncio.timeout (Python 3.11+)
            try {
                timeout(Duration.ofMillis(200), t -> {
                    String result = slowOperation();
                    out.println(result);
                    lines.add(result);
                    return null;
                });
            } catch (TimeoutException e) {
                out.println("Operation timed out");
                lines.add("timeout() timed out");
            }
            return lines;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
