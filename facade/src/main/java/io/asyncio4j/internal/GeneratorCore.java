package io.asyncio4j.internal;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
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
    private final @Nullable String name;
    private @Nullable Task<Void> task;
    private @Nullable CompletableFuture<Object> pending;
    private @Nullable CompletableFuture<Void> resume;
    private boolean closed;

    /** @param bodies makes the generator task's body, given this core (for the yielder) */
    public GeneratorCore(Function<GeneratorCore<T>, Callable<Void>> bodies) {
        this(null, bodies);
    }

    /**
     * @param name the name of the generator's task, or null for {@code Task-N}
     * @param bodies makes the generator task's body, given this core (for the yielder)
     */
    public GeneratorCore(@Nullable String name, Function<GeneratorCore<T>, Callable<Void>> bodies) {
        this.name = name;
        this.bodies = bodies;
    }

    /**
     * {@code generator@File.java:line}: where the calling code defined a generator, for its task's name
     * (asyncio shows an async generator's code location in its repr). One stack walk per definition.
     */
    public static String nameFromCaller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> !isLibrary(f.getClassName()))
                        .findFirst()
                        .map(f -> "generator@" + f.getFileName() + ":" + f.getLineNumber())
                        .orElse("generator"));
    }

    private static boolean isLibrary(String cls) {
        return cls.startsWith("io.asyncio4j.internal.")
                || cls.equals("io.asyncio4j.AsyncIterable")
                || cls.equals("io.asyncio4j.Asyncio");
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
            Task<Void> t = Loop.current().createTask(name, bodies.apply(this));
            synchronized (this) {
                task = t;
            }
            t.whenComplete((v, failure) -> finished(failure));
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

    private void finished(@Nullable Throwable failure) {
        CompletableFuture<Object> request;
        synchronized (this) {
            request = pending;
            pending = null;
        }
        if (request != null) {
            if (failure == null) {
                request.complete(END);
            } else {
                request.completeExceptionally(Sneaky.unwrap(failure));
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
        CompletableFuture<Void> toResume;
        synchronized (this) {
            closed = true;
            t = task;
            toResume = resume;
            resume = null;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (t == null) {
            done.complete(null);
            return done;
        }
        if (!t.isDone()) {
            t.cancel(CLOSED);
        }
        if (toResume != null) {
            toResume.cancel(false); // in case the body is between yield's hand-over and its await
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
