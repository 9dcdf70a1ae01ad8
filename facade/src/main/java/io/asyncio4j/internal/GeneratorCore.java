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
    private final @Nullable String name;
    private volatile @Nullable Loop loop; // the loop the body runs on; null: the current one at the start
    private @Nullable Task<Void> task;
    private @Nullable CompletableFuture<Object> pending;
    private @Nullable CompletableFuture<Void> resume;
    private volatile boolean closed; // written under this monitor; read without it by a running-ahead body

    // run-ahead mode (a consumer that takes every element): set before the body starts, then stable
    private @Nullable RunAheadBuffer ahead;

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

    /** Runs the body on {@code loop}, whichever thread asks for the first element; returns this. */
    public GeneratorCore<T> on(Loop loop) {
        this.loop = loop;
        return this;
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
            startBody(false);
        } else if (toResume != null) {
            toResume.complete(null);
        }
        return next;
    }

    /** A signal the consumer awaits before polling again (returned by {@link #poll()}). */
    public static final class Wait {
        /** Completes when an element or the end is there, or the generator is closed. */
        public final CompletableFuture<Void> signal;

        Wait(CompletableFuture<Void> signal) {
            this.signal = signal;
        }
    }

    /**
     * Starts the body in run-ahead mode: it fills a buffer of up to {@code capacity} elements, never
     * producing more than {@code consumerDemand} asked for, and waits only when the buffer is full or the
     * demand is used up; the consumer drains it with {@link #poll()}.
     */
    public void startRunAhead(int capacity, Demand consumerDemand) {
        RunAheadBuffer buffer = new RunAheadBuffer(capacity, consumerDemand);
        synchronized (this) {
            if (closed || task != null) {
                return;
            }
            ahead = buffer;
        }
        consumerDemand.onMore(buffer::wakeProducer);
        startBody(true);
    }

    /** Starts the body as a task of the consumer's loop and hears how it ends. */
    private void startBody(boolean runAhead) {
        Loop l = loop;
        Task<Void> t = (l != null ? l : Loop.current()).createTask(name, bodies.apply(this));
        synchronized (this) {
            task = t;
        }
        // observed, not retrieved: a failure the consumer never receives (the generator was abandoned,
        // and its finally failed at shutdown) must still be reported
        TaskCore.of(t).observe(new TaskCore.Listener() {
            @Override
            public void done(@Nullable Object value, @Nullable Throwable failure) {
                if (runAhead) {
                    finishedRunAhead(failure);
                } else {
                    finished(t, failure);
                }
            }
        });
    }

    /**
     * The next buffered element, {@link #END}, or a {@link Wait} to await before polling again; throws
     * the body's failure once the elements before it were taken. Called by the consumer only, which
     * has passed on the element returned last time when it calls again.
     */
    public Object poll() throws Throwable {
        @SuppressWarnings("NullAway") // the consumer polls only after startRunAhead
        Object result = ahead.poll();
        if (!(result instanceof RunAheadBuffer.Ended)) { // an element or a Wait
            return result;
        }
        Object end = ((RunAheadBuffer.Ended) result).value;
        if (end instanceof Throwable) {
            Task<Void> t = task;
            if (t != null) {
                TaskCore.of(t).markRetrieved(); // the consumer receives it
            }
            throw (Throwable) end;
        }
        return end;
    }

    private void finishedRunAhead(@Nullable Throwable failure) {
        @SuppressWarnings("NullAway") // set before the body started
        RunAheadBuffer buffer = ahead;
        buffer.finish(failure == null ? END : bodyFailure(failure));
    }

    private static Throwable bodyFailure(Throwable failure) {
        Throwable original = Sneaky.unwrap(failure);
        if (original instanceof StopAsyncIteration) {
            // PEP 479: a StopAsyncIteration raised inside the body is a bug, not the end
            return new IllegalStateException("async generator raised StopAsyncIteration", original);
        }
        return original;
    }

    private void yieldAhead(RunAheadBuffer buffer, T value) throws Exception {
        while (true) {
            throwIfClosed();
            CompletableFuture<Void> waitForRoom = buffer.offer(value);
            if (waitForRoom == null) {
                return;
            }
            Asyncio.await(waitForRoom); // a close() relays its request here
        }
    }

    private void throwIfClosed() {
        if (closed) {
            synchronized (this) {
                // close() sets `closed` and sends the cancel request in one step under the monitor:
                // once it has left it, the request is there to take
            }
            BodyCore<?> self = BodyCore.current();
            if (self != null) {
                self.takePendingCancel(); // delivered here, by this throw: once
            }
            throw new CancelledError(CLOSED);
        }
    }

    /**
     * Called by the body through its yielder: hands {@code value} to the waiting request, then parks the
     * body's task until the consumer asks again. Throws {@link CancelledError} once the consumer closed
     * the generator (asyncio's {@code GeneratorExit} at the {@code yield}).
     */
    public void yieldValue(T value) throws Exception {
        Checks.notNull(value, "value");
        RunAheadBuffer buffer = ahead; // set before the body started: stable for the body's thread
        if (buffer != null) {
            yieldAhead(buffer, value);
            return;
        }
        CompletableFuture<Void> next = new HandOverFuture<>(); // the consumer asks again soon, as a rule
        CompletableFuture<Object> request;
        synchronized (this) {
            throwIfClosed();
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
                request.completeExceptionally(bodyFailure(failure));
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
        RunAheadBuffer buffer;
        synchronized (this) {
            closed = true;
            t = task;
            resume = null;
            buffer = ahead;
            if (t != null && !t.isDone()) {
                // one request, asyncio's GeneratorExit: relayed to the future the body is parked on, or
                // pending until it parks. Sent under the monitor, in one step with `closed`: a body that
                // sees `closed` at its yield then always finds the request there to take (throwIfClosed).
                // Sent after, it could arrive once the body had thrown at its yield, and cut its finally
                // short at the first await (cancelling the resume future as well would do the same).
                t.cancel(CLOSED);
            }
        }
        if (buffer != null) {
            buffer.wakeConsumer();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (t == null) {
            done.complete(null);
            return done;
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
