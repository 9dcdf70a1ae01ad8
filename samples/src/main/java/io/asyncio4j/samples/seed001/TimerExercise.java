package io.asyncio4j.samples.seed001;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Seed 001, exercise 2: a {@code Timer} async context manager printing the time spent in its block. */
public final class TimerExercise {
    private TimerExercise() {}

    static final class Timer implements AsyncContextManager<Timer> {
        private final PrintStream out;
        private long start;
        volatile double elapsed;

        Timer(PrintStream out) {
            this.out = out;
        }

        @Override
        public CompletionStage<Timer> aenter() {
            start = System.nanoTime();
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletionStage<Boolean> aexit(Throwable failure) {
            elapsed = (System.nanoTime() - start) / 1e9;
            out.printf("Elapsed: %.3fs%n", elapsed);
            return CompletableFuture.completedFuture(false);
        }
    }

    /** Returns the elapsed seconds the timer measured. */
    public static double run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            Timer timer = new Timer(out);
            asyncWith(timer, t -> await(sleep(Duration.ofMillis(500))));
            return timer.elapsed;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
