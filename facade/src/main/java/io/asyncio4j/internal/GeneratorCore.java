package io.asyncio4j.internal;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.StopAsyncIteration;
import io.asyncio4j.Task;
import java.util.ArrayDeque;
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
    private boolean closed;

    // run-ahead mode (a consumer that takes every element): non-null buffer; all guarded by this
    private @Nullable ArrayDeque<Object> buffer;
    private int capacity;
    private @Nullable Demand demand; // what the consumer still wants: the body holds no more ready
    private int inFlight; // elements the consumer took at its last poll and may not have passed on yet
    private final ArrayDeque<Object> taken = new ArrayDeque<>(); // the consumer's own: drained, not polled yet
    private @Nullable CompletableFuture<Void> room; // the body waits here while the buffer is full
    private @Nullable CompletableFuture<Void> data; // the consumer waits here while it is empty
    private @Nullable Object end; // END, or the body's failure, once the body finished
    private volatile int changes; // bumped under the monitor when an element or the end arrives: see poll()

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
        synchronized (this) {
            if (closed || task != null) {
                return;
            }
            buffer = new ArrayDeque<>(Math.min(capacity, 64));
            this.capacity = capacity;
            this.demand = consumerDemand;
        }
        consumerDemand.onMore(this::wakeBody);
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
     * the body's failure once the elements before it were taken.
     */
    public Object poll() throws Throwable {
        int spins = HandOverFuture.SPINS;
        while (true) {
            CompletableFuture<Void> wakeBody = null;
            @Nullable Object result = null;
            int seen = 0;
            Object next = taken.poll();
            if (next != null) {
                return next; // taken under the monitor at an earlier poll, with the rest of the buffer
            }
            synchronized (this) {
                ArrayDeque<Object> b = buffer;
                // everything buffered at once, so that the consumer takes the monitor once per batch, not
                // per element; they count as in flight against the demand until the consumer polls here
                // again (by then it has passed them all on), so the body never produces beyond the demand
                inFlight = b == null ? 0 : b.size();
                Object item = null;
                if (inFlight > 0) {
                    item = b.poll();
                    taken.addAll(b);
                    b.clear();
                }
                if (item != null) {
                    result = item;
                    wakeBody = room; // the buffer is empty now: a body waiting for room goes on
                    room = null;
                } else if (end != null) {
                    result = end;
                } else {
                    wakeBody = room;
                    room = null;
                    if (spins > 0 && !closed) {
                        seen = changes; // spin below, outside the monitor
                    } else {
                        CompletableFuture<Void> signal = new CompletableFuture<>();
                        data = signal;
                        result = new Wait(signal);
                    }
                }
            }
            if (wakeBody != null) {
                wakeBody.complete(null);
            }
            if (result == null) {
                // the body is usually about to add the next element: a consumer that waited for a signal
                // here would cost a coroutine suspension and a dispatcher wake-up per element whenever it
                // is the faster side
                while (changes == seen && --spins > 0) {
                    Thread.onSpinWait();
                }
                spins = changes == seen ? 0 : spins;
                continue;
            }
            if (result instanceof Throwable) {
                Task<Void> t = task;
                if (t != null) {
                    TaskCore.of(t).markRetrieved(); // the consumer receives it
                }
                throw (Throwable) result;
            }
            return result;
        }
    }

    /** More demand arrived: a body waiting for it may go on. */
    private void wakeBody() {
        CompletableFuture<Void> wake;
        synchronized (this) {
            wake = room;
            room = null;
        }
        if (wake != null) {
            wake.complete(null);
        }
    }

    private void finishedRunAhead(@Nullable Throwable failure) {
        CompletableFuture<Void> wake;
        synchronized (this) {
            end = failure == null ? END : bodyFailure(failure);
            changes++;
            wake = data;
            data = null;
        }
        if (wake != null) {
            wake.complete(null);
        }
    }

    private static Throwable bodyFailure(Throwable failure) {
        Throwable original = Sneaky.unwrap(failure);
        if (original instanceof StopAsyncIteration) {
            // PEP 479: a StopAsyncIteration raised inside the body is a bug, not the end
            return new IllegalStateException("async generator raised StopAsyncIteration", original);
        }
        return original;
    }

    private void yieldAhead(T value) throws Exception {
        while (true) {
            CompletableFuture<Void> waitForRoom;
            CompletableFuture<Void> wakeConsumer = null;
            synchronized (this) {
                throwIfClosed();
                @SuppressWarnings("NullAway")
                ArrayDeque<Object> b = buffer;
                @SuppressWarnings("NullAway")
                long wanted = demand.outstanding();
                // the buffer holds at most capacity; with what the consumer holds, at most what it wants
                if (b.size() < capacity && b.size() + inFlight < wanted) {
                    b.add(value);
                    changes++;
                    wakeConsumer = data;
                    data = null;
                    waitForRoom = null;
                } else {
                    waitForRoom = new CompletableFuture<>();
                    room = waitForRoom;
                }
            }
            if (waitForRoom == null) {
                if (wakeConsumer != null) {
                    wakeConsumer.complete(null);
                }
                return;
            }
            Asyncio.await(waitForRoom); // a close() relays its request here
        }
    }

    private void throwIfClosed() {
        if (closed) {
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
        if (buffer != null) { // set before the body started: stable for the body's thread
            yieldAhead(value);
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
        CompletableFuture<Void> wakeConsumer;
        synchronized (this) {
            closed = true;
            changes++;
            t = task;
            resume = null;
            if (buffer != null) {
                buffer.clear();
            }
            room = null;
            wakeConsumer = data;
            data = null;
            if (t != null && !t.isDone()) {
                // one request, asyncio's GeneratorExit: relayed to the future the body is parked on, or
                // pending until it parks. Sent under the monitor, in one step with `closed`: a body that
                // sees `closed` at its yield then always finds the request there to take (throwIfClosed).
                // Sent after, it could arrive once the body had thrown at its yield, and cut its finally
                // short at the first await (cancelling the resume future as well would do the same).
                t.cancel(CLOSED);
            }
        }
        if (wakeConsumer != null) {
            wakeConsumer.complete(null);
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
