package io.asyncio4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous iterator, asyncio's {@code __anext__}/{@code aclose} protocol: implement it to write a
 * custom async iterator, and turn it into an {@link AsyncIterable} with {@link
 * AsyncIterable#fromIterator(java.util.function.Supplier)}; get one from any {@code AsyncIterable} with
 * {@link AsyncIterable#aiter()}.
 *
 * <pre>{@code
 * final class Countdown implements AsyncIterator<Integer> {
 *   private int n = 3;
 *   public CompletionStage<Integer> anext() {
 *     if (n == 0) return CompletableFuture.failedFuture(new StopAsyncIteration());
 *     return Asyncio.sleep(Duration.ofMillis(10), n--);
 *   }
 * }
 * AsyncIterable<Integer> countdown = AsyncIterable.fromIterator(Countdown::new);
 * }</pre>
 *
 * <p><b>Contract.</b> {@code anext()} is called again only after the stage it returned last has
 * completed (one call at a time); the stage completes with the next element (never null), or
 * exceptionally with {@link StopAsyncIteration} at the end, or with the iterator's failure. Once the
 * consumer stops, early or not, {@link #aclose()} is called once and awaited. The adapter makes these
 * calls from the loop's continuation threads, never concurrently; an implementation need not be
 * thread-safe for that use. The iterators returned by {@link AsyncIterable#aiter()} are thread-safe,
 * but refuse a second {@code anext()} while one is pending with {@link IllegalStateException}.
 *
 * @param <T> the element type
 */
public interface AsyncIterator<T> {
    /**
     * The next element, as asyncio's {@code __anext__}.
     *
     * @return a stage completing with the next element, or failing with {@link StopAsyncIteration} at the
     *     end
     */
    CompletionStage<T> anext();

    /**
     * The next element, or {@code defaultValue} once the iterator is exhausted, as Python's {@code
     * anext(iterator, default)}: a {@link StopAsyncIteration} from {@link #anext()} becomes {@code
     * defaultValue}; every other outcome, cancellation included, is {@code anext()}'s own. Cancelling
     * the returned stage cancels the stage of {@code anext()} when that is a future.
     *
     * <pre>{@code
     * String first = await(lines.anext("(empty)"));
     * }</pre>
     *
     * @param defaultValue the value once exhausted (may be null)
     * @return a stage with the next element or {@code defaultValue}
     */
    default CompletionStage<T> anext(@Nullable T defaultValue) {
        CompletionStage<T> next = anext();
        if (next == null) {
            throw new NullPointerException("the stage returned by anext() must not be null");
        }
        return io.asyncio4j.internal.Futures.orOnExhausted(next, defaultValue);
    }

    /**
     * Releases the iterator's resources, as an async generator's {@code aclose()}; the default does
     * nothing. Called once when the consumer stops, whether it reached the end, failed, stopped early or
     * was cancelled.
     *
     * @return a stage completing when the iterator is closed
     */
    default CompletionStage<Void> aclose() {
        return CompletableFuture.completedFuture(null);
    }
}
