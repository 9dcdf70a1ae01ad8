package io.asyncio4j;

import io.asyncio4j.internal.GeneratorCore;

/**
 * The body of an async generator (a Python {@code async def} with {@code yield}), for {@link
 * Asyncio#generator(Generator)} and {@link AsyncIterable#generator(Generator)}. It runs in direct style
 * as a task, may {@link Asyncio#await} anything, and hands each element to the consumer with {@link
 * Yielder#yield(Object) y.yield(value)}:
 *
 * <pre>{@code
 * AsyncIterable<Integer> ticks = Asyncio.generator(y -> {
 *   try {
 *     for (int i = 0; ; i++) {
 *       await(sleep(Duration.ofSeconds(1)));
 *       y.yield(i);            // waits until the consumer asks for the next one
 *     }
 *   } finally {
 *     System.out.println("closed");   // runs when the consumer stops, fails or is cancelled
 *   }
 * });
 * }</pre>
 *
 * <p>Java reserves unqualified {@code yield(...)} for switch expressions, so it is always called
 * through the yielder, as {@code y.yield(v)}.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface Generator<T> {
    /**
     * Generates the elements; returning ends the iteration, throwing fails it with that exception.
     *
     * @param y the yielder handing elements to the consumer
     * @throws Exception the generator's failure, passed to the consumer as it is
     */
    void generate(Yielder<T> y) throws Exception;

    /**
     * Hands a generator's elements to its consumer. Only the generator's own body may call it, one
     * element at a time.
     *
     * @param <T> the element type
     */
    final class Yielder<T> {
        private final GeneratorCore<T> core;

        Yielder(GeneratorCore<T> core) {
            this.core = core;
        }

        /**
         * Hands {@code value} to the consumer and parks the generator's task until the consumer asks for
         * the next element, as Python's {@code yield} in an async generator: the body never runs ahead of
         * its consumer. When the consumer stops (it ended early, failed or was cancelled), this throws
         * {@link CancelledError}, asyncio's {@code GeneratorExit}: let it propagate so that the body's
         * {@code finally} blocks run and the generator ends; yielding again after it throws again.
         *
         * @param value the element, never null
         * @throws NullPointerException if {@code value} is null (Reactive Streams forbids null elements)
         * @throws CancelledError when the consumer has closed the generator or the task is cancelled
         * @throws IllegalStateException if called outside the generator's body
         */
        public void yield(T value) {
            try {
                core.yieldValue(value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception impossible) {
                throw new IllegalStateException(impossible); // awaiting a plain future throws unchecked only
            }
        }
    }
}
