package io.asyncio4j;

/**
 * A body that returns nothing and may throw, for the overloads that spare a {@code return null}: {@link
 * Asyncio#run(ThrowingRunnable)}, {@link Asyncio#createTask(ThrowingRunnable)}, {@link
 * TaskGroup#createTask(ThrowingRunnable)}, {@link Runner#run(ThrowingRunnable)} and {@link
 * Asyncio#timeout(java.time.Duration, ThrowingRunnable)}. It is a {@link Runnable} that may throw
 * checked exceptions, as a {@link java.util.concurrent.Callable} is a {@link java.util.function.Supplier}
 * that may; Python needs no such type because every {@code async def} may return {@code None}.
 *
 * <pre>{@code
 * Asyncio.run(() -> {
 *   Task<Void> ticker = createTask(() -> { await(sleep(Duration.ofMillis(100))); System.out.println("tick"); });
 *   await(ticker);
 * });
 * }</pre>
 *
 * <p><b>Which overload a lambda picks.</b> Java chooses between a {@code Callable} overload and this one
 * by the lambda's body, never ambiguously: a block that returns a value, and an expression that has a
 * value ({@code () -> fetch()}, {@code () -> await(x)}), pick the {@code Callable} one and keep that
 * value; a block without {@code return}, and a call of a {@code void} method ({@code () ->
 * System.out.println()}), pick this one. A reference to a method that is not overloaded is resolved
 * the same way. A reference to an <em>overloaded</em> method ({@code this::fetch} when both {@code
 * fetch()} and {@code fetch(String)} exist) is ambiguous between the two overloads, as it is for {@code
 * ExecutorService.submit}: write it as a lambda, {@code () -> fetch()}.
 */
@FunctionalInterface
public interface ThrowingRunnable {
    /**
     * Runs the body.
     *
     * @throws Exception anything; it becomes the outcome of the task or run that called it
     */
    void run() throws Exception;
}
