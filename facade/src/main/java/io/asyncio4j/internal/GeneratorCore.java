package io.asyncio4j.internal;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.StopAsyncIteration;
import io.asyncio4j.Task;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One run of an async generator: the hand-over between the consumer (the collecting coroutine, which
 * asks for one element at a time) and the generator's body (a direct-style task that parks in {@link
 * #yieldValue} until the next request). The body runs only between a request and the next {@code
 * yield}: it never runs ahead of the consumer, as a Python async generator.
 *
 * @param <T> the element type
 */
public final class GeneratorCore<T> {
    /** Marks the end of the generator in the consumer's request future. */
    public static final Object END = new Object();

    private static final String CLOSED = "async generator closed";

    private final Function<GeneratorCore<T>, Callable<Void>> bodies;
    private @Nullable Task<Void> task;
    private @Nullable CompletableFuture<Object> pending;
    private @Nullable CompletableFuture<Void> resume;
    private boolean closed;

    /** @param bodies makes the generator task's body, given this core (for the yielder) */
    public GeneratorCore(Function<GeneratorCore<T>, Callable<Void>> bodies) {
        this.bodies = bodies;
    }

    /**
     * The consumer asks for the next element: the returned future completes with it, with {@link #END},
     * or with the body's failure. The first request starts the body as a task of the current loop.
     */
    public CompletableFuture<Object> request() {
        CompletableFuture<Object> next = new CompletableFuture<>();
        CompletableFuture<Void> toResume;
        boolean start;
        synchronized (this) {
            if (closed) {
                next.complete(END);
                return next;
            }
            pending = next;
            start = task == null;
            toResume = resume;
            resume = null;
        }
        if (start) {
            Task<Void> t = Loop.current().createTask(null, bodies.apply(this));
            synchronized (this) {
                task = t;
            }
            // observed, not retrieved: a failure the consumer never receives (the generator was
            // abandoned, and its finally failed at shutdown) must still be reported
            TaskCore.of(t).observe(new TaskCore.Listener() {
                @Override
                public void done(@Nullable Object value, @Nullable Throwable failure) {
                    finished(t, failure);
                }
            });
        } else if (toResume != null) {
            toResume.complete(null);
        }
        return next;
    }

    /**
     * Called by the body through its yielder: hands {@code value} to the waiting request, then parks the
     * body's task until the consumer asks again. Throws {@link CancelledError} once the consumer closed
     * the generator (asyncio's {@code GeneratorExit} at the {@code yield}).
     */
    public void yieldValue(T value) throws Exception {
        Checks.notNull(value, "value");
        CompletableFuture<Void> next = new CompletableFuture<>();
        CompletableFuture<Object> request;
        synchronized (this) {
            if (closed) {
                BodyCore<?> self = BodyCore.current();
                if (self != null) {
                    self.takePendingCancel(); // delivered here, by this throw: once
                }
                throw new CancelledError(CLOSED);
            }
            request = pending;
            if (request == null) {
                throw new IllegalStateException(
                        "yield must be called by the generator's own body, one value at a time");
            }
            pending = null;
            resume = next;
        }
        request.complete(value); // false only if the consumer stopped waiting; it closes us next
        Asyncio.await(next);
    }

    private void finished(Task<Void> t, @Nullable Throwable failure) {
        CompletableFuture<Object> request;
        synchronized (this) {
            request = pending;
            pending = null;
        }
        if (request != null) {
            if (failure == null) {
                request.complete(END);
            } else {
                TaskCore.of(t).markRetrieved(); // the consumer receives it
                Throwable original = Sneaky.unwrap(failure);
                if (original instanceof StopAsyncIteration) {
                    // PEP 479: a StopAsyncIteration raised inside the body is a bug, not the end
                    original = new IllegalStateException("async generator raised StopAsyncIteration", original);
                }
                request.completeExceptionally(original);
            }
        }
    }

    /**
     * Closes the generator, as asyncio's {@code aclose()}: a body parked in {@code yield} (or anywhere
     * else) gets a cancellation request, so its {@code finally} blocks run; the returned future completes
     * once the body has ended, normally unless the body failed with something other than cancellation.
     */
    public CompletableFuture<Void> close() {
        Task<Void> t;
        synchronized (this) {
            closed = true;
            t = task;
            resume = null;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (t == null) {
            done.complete(null);
            return done;
        }
        if (!t.isDone()) {
            // one request, asyncio's GeneratorExit: relayed to the resume future the body is parked on,
            // or pending until it parks there; cancelling that future as well would deliver it twice
            // and cut the body's finally short at its first await
            t.cancel(CLOSED);
        }
        t.whenComplete((v, failure) -> {
            Throwable f = failure == null ? null : Sneaky.unwrap(failure);
            if (f == null || f instanceof CancellationException) {
                done.complete(null);
            } else {
                done.completeExceptionally(f);
            }
        });
        return done;
    }
}
