package io.asyncio4j.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A plain {@link CompletableFuture} whose default executor is a loop's, so that futures derived from
 * a task never fall back to {@code ForkJoinPool.commonPool()} (on two cores it starts a thread per
 * asynchronous step).
 *
 * @param <T> the result type
 */
public final class LoopFuture<T> extends CompletableFuture<T> {
    private final Executor executor;

    public LoopFuture(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Executor defaultExecutor() {
        return executor;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new LoopFuture<>(executor);
    }
}
