package io.asyncio4j;

import io.asyncio4j.internal.BodyCore;
import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.Contexts;
import io.asyncio4j.internal.LoopFuture;
import io.asyncio4j.internal.Sneaky;
import io.asyncio4j.internal.TaskCore;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A unit of asynchronous work with asyncio's task semantics, exposed as a {@link CompletableFuture}:
 * asyncio's {@code asyncio.Task}.
 *
 * <p>Tasks come from {@link Asyncio#createTask(java.util.concurrent.Callable)} (a direct-style body on a
 * task thread) and from every asynchronous operation of this library ({@link Asyncio#sleep}, {@link
 * Asyncio#gather}, {@link Asyncio#waitFor}, a queue's {@code get}, …), which hold no thread while they
 * wait. Compose them like any {@code CompletableFuture}, or {@link #await()} them from a task body.
 *
 * <p><b>Cancellation is a request, as in asyncio.</b> {@link #cancel(String)} (and the inherited
 * {@link #cancel(boolean)}) returns {@code true} while the task is pending and wakes the body's current
 * wait with {@link CancelledError}; the task ends cancelled only if that error escapes its body. A body
 * that catches it and returns a value ends with that value, so, unlike a plain {@code
 * CompletableFuture}, {@link #isCancelled()} may still be false right after {@code cancel} returned
 * {@code true}. Operation tasks (sleep, gather, timeouts) relay the request to the work they wait for.
 *
 * <p><b>Completion belongs to the work.</b> A task completes only from its body's or operation's
 * outcome: {@link #complete}, {@link #completeExceptionally}, {@link #obtrudeValue}, {@link
 * #obtrudeException}, {@link #completeAsync}, {@link #completeOnTimeout} and {@link #orTimeout} throw
 * {@link UnsupportedOperationException} (use {@link Asyncio#waitFor} for a deadline). Futures derived
 * from a task ({@code thenApply}, …) are plain {@code CompletableFuture}s.
 *
 * <p><b>Executors.</b> {@link #defaultExecutor()} is the library's scheduler (kotlinx's {@code
 * Dispatchers.Default}), never {@code ForkJoinPool.commonPool()}, so {@code thenApplyAsync} on a task
 * stays cheap on small machines.
 *
 * <p>This class is thread-safe. Memory effects: actions in a task's body happen-before another thread
 * observes the task's completion (through {@code await}, {@code join} or a callback).
 *
 * <pre>{@code
 * Task<String> task = Asyncio.createTask("fetch", () -> {
 *   await(Asyncio.sleep(Duration.ofMillis(100)));
 *   return "done";
 * });
 * String value = task.await();   // from another task's body
 * }</pre>
 *
 * @param <T> the result type
 */
public final class Task<T> extends CompletableFuture<T> {
    static {
        TaskCore.install(new TaskCore.Binder() {
            @Override
            public <T> Task<T> newTask(TaskCore<T> core) {
                return new Task<>(core);
            }

            @Override
            public <T> TaskCore<T> coreOf(Task<T> task) {
                return task.core;
            }
        });
    }

    private final TaskCore<T> core;

    private Task(TaskCore<T> core) {
        this.core = core;
        core.bind(this, new TaskCore.Completer<T>() {
            // dependents run synchronously by completion run in the task's context (see Context)
            @Override
            public boolean value(@Nullable T value) {
                Object entered = Contexts.enterCompletion(core);
                try {
                    return Task.super.complete(value);
                } finally {
                    Contexts.exit(entered);
                }
            }

            @Override
            public boolean failure(Throwable failure) {
                Object entered = Contexts.enterCompletion(core);
                try {
                    return Task.super.completeExceptionally(failure);
                } finally {
                    Contexts.exit(entered);
                }
            }

            @Override
            public @Nullable T joinQuietly() {
                return Task.super.join();
            }

            @Override
            public void retract(Throwable failure) {
                Task.super.obtrudeException(failure);
            }

            @Override
            public void awaitDone() throws InterruptedException {
                try {
                    Task.super.get();
                } catch (ExecutionException | CancellationException outcomeReadElsewhere) {
                    // only completion matters here
                }
            }
        });
    }

    /**
     * Waits for this task from a task body and returns its value, or throws its original exception
     * (never {@link java.util.concurrent.ExecutionException}); same as {@link Asyncio#await}.
     *
     * <p>Cancelling the waiting task relays the request to this task, as asyncio does; use {@link
     * Asyncio#shield} to protect it. Outside a task body it blocks the calling thread.
     *
     * @return the task's value
     * @throws CancelledError if this task was cancelled, or the waiting task is cancelled
     * @throws Exception the exception this task failed with
     */
    public T await() throws Exception {
        return Asyncio.await(this);
    }

    /**
     * Requests cancellation, as asyncio's {@code Task.cancel()}: same as {@link #cancel(String)} with no
     * message.
     *
     * @return false if the task is already done, true if the request was recorded
     */
    public boolean cancel() {
        return core.requestCancel(null);
    }

    /**
     * Requests cancellation with a message, as asyncio's {@code Task.cancel(msg)}: the body's current
     * (or next) {@code await} throws {@link CancelledError} carrying {@code message}.
     *
     * <pre>{@code
     * Task<Void> poller = createTask(() -> { while (true) { await(poll()); await(sleep(Duration.ofMillis(100))); } });
     * await(sleep(Duration.ofSeconds(1)));
     * poller.cancel("enough");
     * try {
     *   await(poller);
     * } catch (CancelledError e) {
     *   System.out.println("stopped: " + e.getMessage());   // stopped: enough
     * }
     * }</pre>
     *
     * @param message the message for the {@link CancelledError}, or null
     * @return false if the task is already done, true if the request was recorded
     */
    public boolean cancel(@Nullable String message) {
        return core.requestCancel(message);
    }

    /**
     * Requests cancellation, as {@link #cancel(String)} with no message. {@code mayInterruptIfRunning}
     * is ignored: cancellation never interrupts a body's thread ({@link Asyncio#toThread} work is the
     * exception, and it is documented there).
     *
     * @return false if the task is already done, true if the request was recorded
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return core.requestCancel(null);
    }

    /**
     * Whether the task ended cancelled, as asyncio's {@code Task.cancelled()}.
     *
     * @return same as {@link #isCancelled()}
     */
    public boolean cancelled() {
        return isCancelled();
    }

    /**
     * Whether the task is done (with a value, an exception or cancelled), as asyncio's {@code
     * Task.done()}.
     *
     * @return same as {@link #isDone()}
     */
    public boolean done() {
        return isDone();
    }

    /**
     * The task's value, as asyncio's {@code Task.result()}; never waits.
     *
     * @return the value
     * @throws InvalidStateError if the task is not done
     * @throws CancelledError if the task was cancelled
     * @throws Exception the exception the task failed with, unwrapped
     */
    public T result() throws Exception {
        if (!isDone()) {
            throw new InvalidStateError("Result is not set: " + this);
        }
        core.markRetrieved();
        return Sneaky.outcome(this);
    }

    /**
     * The exception the task failed with, as asyncio's {@code Task.exception()}; never waits.
     *
     * @return the original exception, or null if the task succeeded
     * @throws InvalidStateError if the task is not done
     * @throws CancelledError if the task was cancelled
     */
    public @Nullable Throwable exception() {
        if (!isDone()) {
            throw new InvalidStateError("Exception is not set: " + this);
        }
        core.markRetrieved();
        try {
            join();
            return null;
        } catch (CancellationException cancelled) {
            throw (CancellationException) Sneaky.asCancelledError(Sneaky.unwrap(cancelled), null);
        } catch (CompletionException failed) {
            return Sneaky.unwrap(failed);
        }
    }

    /**
     * Adds a callback called with this task once it is done, as asyncio's {@code add_done_callback}.
     * Callbacks run on the library's scheduler, not on the completing thread; a callback added to a
     * done task is scheduled at once. An exception from a callback is logged and does not affect others.
     * The callback runs in a copy of the {@link Context} current here, as asyncio copies it.
     *
     * @param callback the callback
     */
    public void addDoneCallback(Consumer<? super Task<T>> callback) {
        Checks.notNull(callback, "callback");
        core.addDoneCallback(Contexts.bindDoneCallback(callback, null));
    }

    /**
     * Adds a callback that runs inside {@code context} once this task is done, as asyncio's {@code
     * add_done_callback(fn, context=ctx)}: its {@link ContextVar#set}s change {@code context} itself.
     * Otherwise as {@link #addDoneCallback(Consumer)}; if {@code context} is already entered with {@link
     * Context#run} when the callback runs, the callback does not run and that is logged.
     *
     * @param callback the callback
     * @param context the context to run it in
     */
    public void addDoneCallback(Consumer<? super Task<T>> callback, Context context) {
        Checks.notNull(callback, "callback");
        Checks.notNull(context, "context");
        core.addDoneCallback(Contexts.bindDoneCallback(callback, context.state()));
    }

    /**
     * The context this task runs in, as asyncio's {@code Task.get_context()}: the one given at creation,
     * else the copy of its creator's context it was given, with whatever its body has set since. For an
     * operation task (a sleep, a gather) it is the context its dependent stages run in.
     *
     * @return the task's context, the same object every time
     */
    public Context getContext() {
        return Context.of(Contexts.contextOf(core));
    }

    /**
     * Removes a callback added with {@link #addDoneCallback}, as asyncio's {@code remove_done_callback}.
     *
     * @param callback the callback, compared with {@code equals}
     * @return the number of registrations removed (0 once the task is done)
     */
    public int removeDoneCallback(Consumer<? super Task<T>> callback) {
        return core.removeDoneCallback(callback);
    }

    /**
     * The task's name: the one given at creation or with {@link #setName}, else {@code Task-N}.
     *
     * @return the name
     */
    public String getName() {
        return core.name();
    }

    /**
     * Renames the task.
     *
     * @param name the new name
     */
    public void setName(String name) {
        core.name(name);
    }

    /**
     * The number of cancellation requests not yet withdrawn by {@link #uncancel()}, as asyncio's {@code
     * Task.cancelling()}. {@link Asyncio#timeout} and {@link TaskGroup} use it to tell their own
     * cancellation from one that came from outside.
     *
     * @return the pending request count
     */
    public int cancelling() {
        return core.cancelling();
    }

    /**
     * Withdraws one cancellation request, as asyncio's {@code Task.uncancel()}. When the count reaches
     * zero, a request not yet delivered to the body is dropped too.
     *
     * @return the remaining request count
     */
    public int uncancel() {
        return core.uncancel();
    }

    /**
     * The library's scheduler, which runs the {@code …Async} continuations registered without an
     * executor.
     */
    @Override
    public Executor defaultExecutor() {
        return core.loop().executor();
    }

    /**
     * A plain, completable {@code CompletableFuture} on the same default executor. Every dependent
     * stage is made here, and a task with a dependent counts as having its outcome retrieved: the
     * failure travels on to the dependent.
     */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        core.markRetrieved();
        return new LoopFuture<>(core.loop().executor());
    }

    /**
     * Waits and returns the value, as {@link CompletableFuture#join()}; prefer {@link #await()}, which
     * throws the original exception unwrapped.
     */
    @Override
    public T join() {
        core.markRetrieved();
        BodyCore.beforeBlocking(this);
        return super.join();
    }

    /**
     * Waits and returns the value, as {@link CompletableFuture#get()}; prefer {@link #await()}, which
     * throws the original exception unwrapped.
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        core.markRetrieved();
        BodyCore.beforeBlocking(this);
        return super.get();
    }

    /**
     * Waits at most {@code timeout} and returns the value, as {@link CompletableFuture#get(long,
     * TimeUnit)}; the timeout does not cancel the task (see {@link Asyncio#waitFor}).
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Checks.notNull(unit, "unit");
        core.markRetrieved();
        BodyCore.beforeBlocking(this);
        return super.get(timeout, unit);
    }

    /** Returns the value if done, else {@code valueIfAbsent}, as {@link CompletableFuture#getNow}. */
    @Override
    public T getNow(@Nullable T valueIfAbsent) {
        core.markRetrieved();
        return super.getNow(valueIfAbsent);
    }

    /**
     * Refused: a task completes from its work's outcome only.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean complete(T value) {
        throw refused("complete");
    }

    /**
     * Refused: a task completes from its work's outcome only.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean completeExceptionally(Throwable ex) {
        throw refused("completeExceptionally");
    }

    /**
     * Refused: a task completes from its work's outcome only.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void obtrudeValue(T value) {
        throw refused("obtrudeValue");
    }

    /**
     * Refused: a task completes from its work's outcome only.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void obtrudeException(Throwable ex) {
        throw refused("obtrudeException");
    }

    /**
     * Refused: a task completes from its work's outcome only.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        throw refused("completeAsync");
    }

    /**
     * Refused: a task completes from its work's outcome only.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
        throw refused("completeAsync");
    }

    /**
     * Refused: use {@link Asyncio#waitFor}, which cancels the work when the deadline passes.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public CompletableFuture<T> orTimeout(long timeout, TimeUnit unit) {
        throw refused("orTimeout");
    }

    /**
     * Refused: use {@link Asyncio#waitFor}, which cancels the work when the deadline passes.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public CompletableFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        throw refused("completeOnTimeout");
    }

    private UnsupportedOperationException refused(String method) {
        return new UnsupportedOperationException(
                method + " is not supported on a Task: a task completes from its work's outcome only (" + getName()
                        + "); cancel it with cancel(msg), bound it with Asyncio.waitFor");
    }

    /** What the body is currently awaiting, for diagnostics; null when not known. */
    @Nullable
    String waitingOn() {
        return core.waitingOn();
    }

    /** The internal state; for this package's own types. */
    TaskCore<T> core() {
        return core;
    }

    /**
     * Name and state, as asyncio's task repr: {@code Task[name=Task-3, state=pending]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        String state;
        if (!isDone()) {
            state = cancelling() > 0 ? "cancelling" : "pending";
        } else if (isCancelled()) {
            state = "cancelled";
        } else if (isCompletedExceptionally()) {
            state = "failed";
        } else {
            state = "finished";
        }
        return "Task[name=" + getName() + ", state=" + state + "]";
    }

    static @Nullable Task<?> current() {
        BodyCore<?> body = BodyCore.current();
        return body == null ? null : body.task();
    }
}
