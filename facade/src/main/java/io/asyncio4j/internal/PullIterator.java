package io.asyncio4j.internal;

import io.asyncio4j.AsyncIterator;
import io.asyncio4j.StopAsyncIteration;
import io.asyncio4j.Task;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AsyncIterator} over a kotlinx flow, pulling one element per {@link #anext()}: the flow is
 * collected by a coroutine of the loop that starts at the first {@code anext} and, after each element,
 * waits for the next {@code anext} before its {@code emit} returns, so the source never runs ahead.
 *
 * @param <T> the element type
 */
public final class PullIterator<T> implements AsyncIterator<T> {
    private final kotlinx.coroutines.flow.Flow<T> flow;
    private final Loop loop;
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private CompletableFuture<Void> demand = new CompletableFuture<>();
    private @Nullable OpCore<T> current;
    private @Nullable Job job;
    private boolean done;
    private boolean failureDelivered;

    public PullIterator(kotlinx.coroutines.flow.Flow<T> flow, Loop loop) {
        this.flow = flow;
        this.loop = loop;
    }

    @Override
    public Task<T> anext() {
        OpCore<T> core = new OpCore<>(loop, null, false);
        core.attach();
        boolean start;
        CompletableFuture<Void> wake;
        synchronized (this) {
            if (current != null) {
                throw new IllegalStateException("anext(): asynchronous generator is already running");
            }
            if (done) {
                core.completeFailure(new StopAsyncIteration());
                return core.task();
            }
            current = core;
            start = job == null;
            wake = demand;
        }
        if (start) {
            Job j = Streams.launchPull(Contexts.scope(loop.scope()), flow, this);
            synchronized (this) {
                job = j;
            }
        }
        wake.complete(null);
        core.onCancel(message -> {
            aclose();
            core.completeCancelled(message);
        });
        return core.task();
    }

    // ---- called by the pulling coroutine

    /** The demand the pulling coroutine waits for before it lets the flow go on. */
    public synchronized CompletableFuture<Void> demand() {
        return demand;
    }

    /** Hands an element to the pending {@code anext}. */
    public void value(T value) {
        OpCore<T> core;
        synchronized (this) {
            core = current;
            current = null;
            demand = new CompletableFuture<>();
            if (done) {
                demand.cancel(false); // closed meanwhile: the coroutine is being cancelled anyway
            }
        }
        if (core != null) {
            core.completeValue(value);
        }
    }

    /** The flow completed: the pending {@code anext} fails with {@link StopAsyncIteration}. */
    public void end() {
        OpCore<T> core;
        synchronized (this) {
            core = current;
            current = null;
            done = true;
        }
        if (core != null) {
            core.completeFailure(new StopAsyncIteration());
        }
    }

    /** The pulling coroutine ended, with the flow's failure (or a cancellation) or null. */
    public void finished(@Nullable Throwable failure) {
        OpCore<T> core;
        synchronized (this) {
            core = current;
            current = null;
            done = true;
            if (failure != null && core != null) {
                failureDelivered = true;
            }
        }
        if (core != null) {
            core.completeFailure(failure != null ? Sneaky.asCancelledError(failure, null) : new StopAsyncIteration());
        }
        if (failure == null || failure instanceof CancellationException || failureDelivered) {
            closedFuture.complete(null);
        } else {
            closedFuture.completeExceptionally(failure);
        }
    }

    /**
     * Stops the iteration: the collecting coroutine is cancelled, which closes the source (a generator's
     * {@code finally} blocks run). The returned task completes when that is done.
     */
    @Override
    public Task<Void> aclose() {
        Job j;
        synchronized (this) {
            done = true;
            j = job;
            demand.cancel(false);
        }
        if (j == null) {
            closedFuture.complete(null);
        } else {
            j.cancel(null);
        }
        return OpCore.outcomeOf(loop, closedFuture);
    }
}
