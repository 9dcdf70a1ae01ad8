package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.Sneaky;
import org.jspecify.annotations.Nullable;

/**
 * How one awaitable ended: a value or an exception. The elements of {@link
 * Asyncio#gatherOutcomes(java.util.Collection)}, asyncio's {@code gather(..., return_exceptions=True)},
 * which Python returns as a list mixing values and exception objects.
 *
 * <pre>{@code
 * for (Outcome<String> o : await(Asyncio.gatherOutcomes(tasks))) {
 *   if (o instanceof Outcome.Failure<String> f) {
 *     System.out.println("Task failed: " + f.exception().getMessage());
 *   } else {
 *     System.out.println("Task succeeded: " + o.get());
 *   }
 * }
 * }</pre>
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure {

    /**
     * The value, or the original exception thrown (a cancellation as {@link CancelledError}).
     *
     * @return the value of a {@link Success}
     * @throws Exception the exception of a {@link Failure}
     */
    @Nullable
    T get() throws Exception;

    /**
     * Whether this is a {@link Success}.
     *
     * @return true for a value
     */
    boolean isSuccess();

    /**
     * The exception of a {@link Failure} (a cancellation as {@link CancelledError}), or null for a {@link
     * Success}: the Java form of checking {@code isinstance(result, Exception)}.
     *
     * @return the original exception, or null
     */
    @Nullable
    Throwable exception();

    /**
     * A successful outcome.
     *
     * @param value the value, possibly null
     * @param <T> the value type
     */
    record Success<T>(@Nullable T value) implements Outcome<T> {
        @Override
        public @Nullable T get() {
            return value;
        }

        @Override
        public boolean isSuccess() {
            return true;
        }

        @Override
        public @Nullable Throwable exception() {
            return null;
        }
    }

    /**
     * A failed or cancelled outcome.
     *
     * @param exception the original exception; a cancellation is a {@link CancelledError}
     * @param <T> the value type the awaitable would have had
     */
    record Failure<T>(Throwable exception) implements Outcome<T> {
        /**
         * Checks the exception.
         *
         * @param exception the original exception
         */
        public Failure {
            Checks.notNull(exception, "exception");
        }

        @Override
        public T get() throws Exception {
            throw Sneaky.rethrow(exception);
        }

        @Override
        public boolean isSuccess() {
            return false;
        }

        /**
         * Whether the awaitable was cancelled.
         *
         * @return true for a cancellation
         */
        public boolean isCancelled() {
            return exception instanceof java.util.concurrent.CancellationException;
        }
    }
}
