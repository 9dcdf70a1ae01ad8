package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.With;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous context manager, Python's {@code __aenter__}/{@code __aexit__} protocol, used with
 * {@link Asyncio#asyncWith(AsyncContextManager, AsyncContextManager.Body)} (direct style) or {@link
 * Asyncio#asyncWithFuture(AsyncContextManager, java.util.function.Function)} (future style), which call
 * {@code aenter()}, run the body with its value, and then always call {@code aexit} once: on success,
 * failure and cancellation.
 *
 * <pre>{@code
 * // class AsyncConnection: async def __aenter__ / __aexit__
 * final class AsyncConnection implements AsyncContextManager<AsyncConnection> {
 *   public CompletionStage<AsyncConnection> aenter() { return Asyncio.sleep(Duration.ofMillis(10), this); }
 *   public CompletionStage<Boolean> aexit(Throwable failure) { return Asyncio.sleep(Duration.ofMillis(10), false); }
 * }
 * String answer = Asyncio.asyncWith(new AsyncConnection(), conn -> conn.query("select 1"));
 *
 * // @asynccontextmanager
 * static AsyncContextManager<Resource> managedResource(String name) {
 *   return AsyncContextManager.of(
 *       () -> { await(sleep(Duration.ofMillis(100))); return new Resource(name); },
 *       (resource, failure) -> { resource.active = false; await(sleep(Duration.ofMillis(100))); });
 * }
 * }</pre>
 *
 * <p><b>Contract.</b> {@code aexit} is called only if the stage of {@code aenter} completed normally.
 * Its stage completes with {@code true} to suppress the body's exception (as a truthy return of
 * {@code __aexit__}), {@code false} or null otherwise. Unlike Python, an exception of {@code aexit}
 * never replaces the body's: it is added to it as suppressed (it is thrown when the body succeeded).
 * Implementations are used by one {@code asyncWith} at a time unless they say otherwise; the factories'
 * managers are thread-safe but hold the value of the latest entry, so make one per use (as calling an
 * {@code @asynccontextmanager} function makes one).
 *
 * @param <T> the type of the value bound by {@code async with ... as value}
 */
public interface AsyncContextManager<T> {
    /**
     * Enters the context, as {@code __aenter__}.
     *
     * @return a stage completing with the value given to the body
     */
    CompletionStage<T> aenter();

    /**
     * Exits the context, as {@code __aexit__}.
     *
     * @param failure the body's exception (a {@link CancelledError} when it was cancelled), or null when
     *     it succeeded
     * @return a stage completing with true to suppress {@code failure}
     */
    CompletionStage<Boolean> aexit(@Nullable Throwable failure);

    /**
     * A context manager from setup and teardown bodies, as asyncio's {@code @asynccontextmanager} (the
     * setup is the code before the {@code yield}, the teardown the {@code finally} after it). Each runs in
     * direct style as a new task, so it may {@link Asyncio#await} anything; cancelling the {@code
     * asyncWith} while one runs relays the request to it. The teardown runs whenever the setup succeeded,
     * sees the body's exception (or null), and never suppresses it.
     *
     * @param setup makes the value (runs in {@code aenter})
     * @param teardown releases it (runs in {@code aexit})
     * @param <T> the value type
     * @return the context manager
     * @throws NullPointerException if an argument is null
     */
    static <T> AsyncContextManager<T> of(Callable<? extends T> setup, Teardown<? super T> teardown) {
        return With.of(Checks.notNull(setup, "setup"), Checks.notNull(teardown, "teardown"));
    }

    /**
     * A context manager for an {@link AutoCloseable} that is already open, as Python's {@code
     * contextlib.closing}: {@code aenter} returns it, {@code aexit} calls its {@code close()} on the
     * thread calling {@code aexit} (in {@code asyncWith}, the task's own thread) and never suppresses.
     *
     * @param resource the resource to close at the end
     * @param <C> the resource type
     * @return the context manager
     * @throws NullPointerException if {@code resource} is null
     */
    static <C extends AutoCloseable> AsyncContextManager<C> closing(C resource) {
        return With.closing(Checks.notNull(resource, "resource"));
    }

    /**
     * A context manager that opens an {@link AutoCloseable} with {@code opener} on a worker thread
     * ({@link Asyncio#toThread}) in {@code aenter} and closes it on a worker thread in {@code aexit}:
     * for blocking resources (files, JDBC connections) used from a task without blocking it.
     *
     * @param opener opens the resource
     * @param <C> the resource type
     * @return the context manager
     * @throws NullPointerException if {@code opener} is null
     */
    static <C extends AutoCloseable> AsyncContextManager<C> closingInThread(Callable<? extends C> opener) {
        return With.closingInThread(Checks.notNull(opener, "opener"));
    }

    /**
     * The teardown of {@link #of}: releases the value, in direct style.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    interface Teardown<T> {
        /**
         * Releases {@code value}.
         *
         * @param value what the setup made
         * @param failure the body's exception, or null when it succeeded
         * @throws Exception a cleanup failure (added as suppressed to the body's exception, if any)
         */
        void close(T value, @Nullable Throwable failure) throws Exception;
    }

    /**
     * The body of {@link Asyncio#asyncWith(AsyncContextManager, Body)}, run in the current task.
     *
     * @param <T> the entered value's type
     * @param <R> the result type
     */
    @FunctionalInterface
    interface Body<T, R> {
        /**
         * Runs with the entered value.
         *
         * @param value the value of {@code aenter}
         * @return the result of the {@code async with} block
         * @throws Exception the body's failure, passed to {@code aexit}
         */
        R apply(T value) throws Exception;
    }
}
