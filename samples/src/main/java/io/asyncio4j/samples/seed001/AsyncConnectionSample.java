package io.asyncio4j.samples.seed001;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Seed 001, "Async Context Managers": {@code AsyncConnection} with {@code async with}. */
public final class AsyncConnectionSample {
    private AsyncConnectionSample() {}

    static final class AsyncConnection implements AsyncContextManager<AsyncConnection> {
        private final PrintStream out;

        AsyncConnection(PrintStream out) {
            this.out = out;
        }

        @Override
        public CompletionStage<AsyncConnection> aenter() {
            out.println("Connecting...");
            return sleep(Duration.ofMillis(100), this);
        }

        @Override
        public CompletionStage<Boolean> aexit(Throwable failure) {
            out.println("Disconnecting...");
            return sleep(Duration.ofMillis(100), false);
        }
    }

    public static String run(PrintStream out) throws Exception {
        return Asyncio.run(() -> asyncWith(new AsyncConnection(out), conn -> {
            out.println("Using connection");
            return "used";
        }));
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
