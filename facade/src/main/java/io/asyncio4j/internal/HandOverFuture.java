package io.asyncio4j.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A future that another running thread is about to complete: a generator's {@code anext()} and its
 * {@code yield} hand each element over between two bodies, and each side's wait usually ends within
 * a few microseconds. A body awaiting one spins briefly before it parks (see {@link BodyCore}), as
 * {@code java.util.concurrent.SynchronousQueue} does, which saves the park and the wake-up of a
 * virtual thread when the other side is quick.
 *
 * @param <T> the value type
 */
final class HandOverFuture<T> extends CompletableFuture<T> {
    /** How many times a body checks for completion before parking. */
    static final int SPINS = 256;
}
