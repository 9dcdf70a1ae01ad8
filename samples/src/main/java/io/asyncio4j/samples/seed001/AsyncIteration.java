package io.asyncio4j.samples.seed001;

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
 * Seed 001, "Async Iterators", "Async Generator (Simpler)" and "Async Comprehensions": the class-based
 * {@code AsyncCounter}, the generator {@code async_counter}, and {@code [await fetch(url) async for url
 * in async_url_generator()]} as {@code mapAsync(...).toList()}; the generator expression is the lazy
 * {@code AsyncIterable} itself.
 */
public final class AsyncIteration {
    private AsyncIteration() {}

    /** {@code class AsyncCounter}: {@code __aiter__} resets {@code current}, so each iteration is fresh. */
    static final class AsyncCounter implements AsyncIterator<Integer> {
        private final int stop;
        private int current = 0; // __aiter__: self.current = 0

        AsyncCounter(int stop) {
            this.stop = stop;
        }

        @Override
        public CompletionStage<Integer> anext() {
            if (current >= stop) {
                return CompletableFuture.failedFuture(new StopAsyncIteration());
            }
            current += 1;
            return sleep(Duration.ofMillis(100), current);
        }
    }

    static AsyncIterable<Integer> asyncCounter(int stop) {
        return generator(y -> {
            for (int i = 0; i < stop; i++) {
                await(sleep(Duration.ofMillis(100)));
                y.yield(i);
            }
        });
    }

    static AsyncIterable<String> asyncUrlGenerator() {
        return generator(y -> {
            for (String url : List.of("url1", "url2", "url3")) {
                await(sleep(Duration.ofMillis(10)));
                y.yield(url);
            }
        });
    }

    static CompletionStage<String> fetch(String url) {
        return sleep(Duration.ofMillis(50), "Data from " + url);
    }

    /** What the four forms produced. */
    public record Result(
            List<Integer> counter, List<Integer> generator, List<String> comprehension, List<String> lazy) {}

    public static Result run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<Integer> counted = new ArrayList<>();
            try (var it = AsyncIterable.fromIterator(() -> new AsyncCounter(5)).iterate()) {
                for (int num : it) { // async for num in AsyncCounter(5)
                    out.println(num);
                    counted.add(num);
                }
            }

            List<Integer> generated = new ArrayList<>();
            try (var it = asyncCounter(5).iterate()) {
                for (int num : it) { // async for num in async_counter(5)
                    out.println(num);
                    generated.add(num);
                }
            }

            // results = [await fetch(url) async for url in async_url_generator()]
            List<String> results =
                    await(asyncUrlGenerator().mapAsync(1, AsyncIteration::fetch).toList());
            out.println("comprehension: " + results);

            // gen = (await fetch(url) async for url in async_url_generator()): lazy until consumed
            AsyncIterable<String> gen = asyncUrlGenerator().mapAsync(1, AsyncIteration::fetch);
            List<String> consumed = new ArrayList<>();
            await(gen.forEach(consumed::add));
            out.println("generator expression, consumed: " + consumed);
            return new Result(counted, generated, results, consumed);
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
