package io.asyncio4j.samples.seed002;

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
 * Seed 002, "Async Iterators and Generators": the generator {@code async_range(start, stop, delay)} and
 * the class {@code AsyncCounter(limit)}, both consumed with {@code async for}.
 */
public final class AsyncRange {
    private AsyncRange() {}

    /** Async generator that yields numbers with delay. */
    static AsyncIterable<Integer> asyncRange(int start, int stop, Duration delay) {
        return generator(y -> {
            for (int i = start; i < stop; i++) {
                await(sleep(delay));
                y.yield(i);
            }
        });
    }

    static AsyncIterable<Integer> asyncRange(int start, int stop) {
        return asyncRange(start, stop, Duration.ofMillis(100));
    }

    static final class AsyncCounter implements AsyncIterator<Integer> {
        private final int limit;
        private int current = 0;

        AsyncCounter(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<Integer> anext() {
            if (current >= limit) {
                return CompletableFuture.failedFuture(new StopAsyncIteration());
            }
            current += 1;
            return sleep(Duration.ofMillis(100), current);
        }
    }

    /** Returns the lines printed by both loops. */
    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<String> lines = new ArrayList<>();
            try (var it = asyncRange(0, 5).iterate()) {
                for (int num : it) {
                    out.println("Got: " + num);
                    lines.add("Got: " + num);
                }
            }
            try (var it = AsyncIterable.fromIterator(() -> new AsyncCounter(5)).iterate()) {
                for (int num : it) {
                    out.println("Count: " + num);
                    lines.add("Count: " + num);
                }
            }
            return lines;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
