package io.asyncio4j.samples.seed000;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.AsyncIterator;
import io.asyncio4j.Asyncio;
import io.asyncio4j.StopAsyncIteration;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Seed 000, "Async Iterators": {@code class AsyncCounter} with {@code __aiter__}/{@code __anext__} is an
 * {@link AsyncIterator} (its {@code anext()} fails with {@link StopAsyncIteration} at the end), made
 * iterable with {@code AsyncIterable.fromIterator}; {@code async for} is a for loop over {@code
 * iterate()} in try-with-resources.
 */
public final class AsyncCounterSample {
    private AsyncCounterSample() {}

    static final class AsyncCounter implements AsyncIterator<Integer> {
        private final int max;
        private int current = 0;

        AsyncCounter(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<Integer> anext() {
            if (current >= max) {
                return CompletableFuture.failedFuture(new StopAsyncIteration());
            }
            current += 1;
            return sleep(Duration.ofMillis(100), current);
        }
    }

    /** Returns the numbers iterated. */
    public static List<Integer> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<Integer> seen = new ArrayList<>();
            // async for num in AsyncCounter(5): print(num)
            try (var counter =
                    AsyncIterable.fromIterator(() -> new AsyncCounter(5)).iterate()) {
                for (int num : counter) {
                    out.println(num);
                    seen.add(num);
                }
            }
            return seen;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
