package io.asyncio4j.samples.seed003;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Seed 003, "Timeout and Error Handling": a 10 s operation (1 s here) under a 2 s timeout (0.2 s here).
 * {@code waitFor} cancels the operation and fails with {@code TimeoutError}, a {@link TimeoutException}.
 */
public final class WaitForTimeout {
    private WaitForTimeout() {}

    static String longOperation() throws Exception {
        await(sleep(Duration.ofSeconds(1)));
        return "Done";
    }

    public static String run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            try {
                // Set timeout 0.2 seconds
                String result = await(waitFor(WaitForTimeout::longOperation, Duration.ofMillis(200)));
                out.println(result);
                return result;
            } catch (TimeoutException e) {
                out.println("Operation timeout!");
                return "timeout";
            }
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
