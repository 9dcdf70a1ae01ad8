package io.asyncio4j.internal;

import io.asyncio4j.AsyncIterator;
import io.asyncio4j.StopAsyncIteration;
import io.asyncio4j.Task;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AsyncIterator} straight over a generator's {@link GeneratorCore}: each {@link #anext()}
 * asks the core for one element, which wakes the generator's body, and the body's {@code yield}
 * completes the {@code anext} task, which wakes the consumer. Each element is then two thread
 * wake-ups, as two threads handing it over a {@code SynchronousQueue}; a {@link PullIterator} over the
 * generator's flow would add a kotlinx coroutine in between, resumed on the loop's executor twice per
 * element. Behaves as a {@link PullIterator}: lazy (the body runs only while an {@code anext} is
 * pending), one {@code anext} at a time, a cancelled {@code anext} closes the generator.
 *
 * @param <T> the element type
 */
public final class GeneratorIterator<T> implements AsyncIterator<T> {
    private final GeneratorCore<T> core;
    private final Loop loop;
    private @Nullable OpCore<T> current; // guarded by this
    private boolean done; // guarded by this: ended, failed (failure delivered) or closing
    private @Nullable CompletableFuture<Void> closing; // guarded by this

    public GeneratorIterator(GeneratorCore<T> core, Loop loop) {
        this.core = core.on(loop);
        this.loop = loop;
    }

    @Override
    public Task<T> anext() {
        OpCore<T> op = new OpCore<T>(loop, null, false).handOver();
        op.attach();
        synchronized (this) {
            if (done) {
                op.completeFailure(new StopAsyncIteration());
                return op.task();
            }
            if (current != null) {
                throw new IllegalStateException("anext(): asynchronous generator is already running");
            }
            current = op;
        }
        core.request().whenComplete((item, failure) -> deliver(op, item, failure));
        op.onCancel(message -> {
            aclose(); // done from now on: a later anext fails with StopAsyncIteration
            synchronized (this) {
                if (current == op) {
                    current = null;
                }
            }
            op.completeCancelled(message);
        });
        return op.task();
    }

    /**
     * The body yielded, ended or failed; runs in the body's thread at its {@code yield}. The consumer's
     * body, if parked on the {@code anext} task, completes it itself (see {@link OpCore#handOff}).
     */
    @SuppressWarnings("unchecked")
    private void deliver(OpCore<T> op, @Nullable Object item, @Nullable Throwable failure) {
        synchronized (this) {
            if (current == op) {
                current = null;
            }
            if (failure != null || item == GeneratorCore.END) {
                done = true;
            }
        }
        Runnable completion;
        if (failure != null) {
            Throwable error = Sneaky.unwrap(failure);
            completion = () -> op.completeFailure(error);
        } else if (item == GeneratorCore.END) {
            completion = () -> op.completeFailure(new StopAsyncIteration());
        } else {
            T value = (T) item;
            completion = () -> op.completeValue(value);
        }
        if (!op.handOff(completion)) {
            completion.run();
        }
    }

    /**
     * Closes the generator, as {@code aclose()}: a body parked at its {@code yield} gets a cancellation
     * request and runs its {@code finally} blocks; the task completes once it ended (failed if the body
     * failed while closing). At most one close request reaches the body however often this is called;
     * after the end, or after a failure {@code anext} delivered, it completes at once.
     */
    @Override
    public Task<Void> aclose() {
        CompletableFuture<Void> closed;
        synchronized (this) {
            if (closing == null) {
                closing = done ? CompletableFuture.completedFuture(null) : core.close();
                done = true;
            }
            closed = closing;
        }
        return OpCore.outcomeOf(loop, closed);
    }
}
