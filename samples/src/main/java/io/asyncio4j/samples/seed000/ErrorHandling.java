package io.asyncio4j.samples.seed000;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Seed 000, "Error Handling": the exception raised in an awaited coroutine is caught by the caller's
 * try/except. Python's {@code ValueError} is Java's {@link IllegalArgumentException}; {@code await}
 * throws it unwrapped (never an {@code ExecutionException}).
 */
public final class ErrorHandling {
    private ErrorHandling() {}

    static String mightFail() throws Exception {
        await(sleep(Duration.ofMillis(100)));
        throw new IllegalArgumentException("Something went wrong");
    }

    /** Returns the message of the error caught. */
    public static String run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            try {
                await(createTask(ErrorHandling::mightFail));
                return "no error";
            } catch (IllegalArgumentException e) {
                out.println("Caught error: " + e.getMessage());
                return e.getMessage();
            }
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
