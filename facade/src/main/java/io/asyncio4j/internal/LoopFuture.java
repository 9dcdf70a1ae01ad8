package io.asyncio4j.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    // a body blocking on a stage derived from its own pending zero sleep must not wait for itself

    @Override
    public T join() {
        BodyCore.beforeBlocking(this);
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        BodyCore.beforeBlocking(this);
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        BodyCore.beforeBlocking(this);
        return super.get(timeout, unit);
    }
}
