package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import java.util.Set;

/**
 * What {@link Asyncio#wait(java.util.Collection, ReturnWhen, java.time.Duration)} returns: the awaitables
 * that are done and those still pending, asyncio's {@code (done, pending)} pair. Both sets hold the
 * caller's own objects, in the order they were given, and are unmodifiable.
 *
 * <pre>{@code
 * WaitResult<Task<String>> r = await(Asyncio.wait(tasks, ReturnWhen.FIRST_COMPLETED));
 * for (Task<String> t : r.pending()) t.cancel("not needed");
 * }</pre>
 *
 * @param done the awaitables that were done when the wait returned
 * @param pending the others; never cancelled by the wait
 * @param <F> the type of the awaitables given
 */
public record WaitResult<F>(Set<F> done, Set<F> pending) {
    /**
     * Creates a result.
     *
     * @param done the awaitables that were done
     * @param pending the others
     * @throws NullPointerException if a set is null
     */
    public WaitResult {
        Checks.notNull(done, "done");
        Checks.notNull(pending, "pending");
    }
}
