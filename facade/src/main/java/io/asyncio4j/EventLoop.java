package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.Clock;
import io.asyncio4j.internal.Contexts;
import io.asyncio4j.internal.Loop;
import io.asyncio4j.internal.LoopFuture;
import io.asyncio4j.internal.OpCore;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The event loop of a run, as asyncio's {@code asyncio.get_running_loop()}: schedule plain callbacks,
 * read the loop clock, create futures and tasks, run blocking work, and switch debug mode.
 *
 * <p>Unlike Python's loop this is not one thread: task bodies run in parallel on task threads, and
 * continuations on kotlinx's default dispatcher. What it keeps from asyncio is that its <em>callbacks
 * never run concurrently with each other</em>: {@code callSoon}, {@code callLater} and {@code callAt}
 * callbacks of one loop run one at a time (on a kotlinx dispatcher limited to one thread at a time),
 * in order of due time and, for equal times, of scheduling. A callback must not block; in debug mode a
 * callback that holds its thread longer than {@link #slowCallbackDuration()} is logged.
 *
 * <pre>{@code
 * // seed 004's custom sleep, built from a future and call_later
 * static <T> CompletableFuture<T> customSleep(Duration delay, T result) {
 *   EventLoop loop = Asyncio.getRunningLoop();
 *   CompletableFuture<T> future = loop.createFuture();
 *   loop.callLater(delay, () -> future.complete(result));
 *   return future;
 * }
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class EventLoop {
    private final Loop loop;

    private EventLoop(Loop loop) {
        this.loop = loop;
    }

    static EventLoop of(Loop loop) {
        Object handle = loop.handle();
        if (handle == null) {
            handle = loop.handle(new EventLoop(loop));
        }
        return (EventLoop) handle;
    }

    Loop loop() {
        return loop;
    }

    /**
     * Schedules {@code callback} to run soon, after the callbacks already scheduled, as asyncio's {@code
     * loop.call_soon}. It runs in a copy of the current {@link Context}, taken now.
     *
     * @param callback the callback; an exception it throws is logged
     * @return a handle to cancel it
     * @throws IllegalStateException if the loop is closed
     */
    public TimerHandle callSoon(Runnable callback) {
        Checks.notNull(callback, "callback");
        return new TimerHandle(loop, loop.callSoon(Contexts.bind(callback)));
    }

    /**
     * Schedules {@code callback} to run soon inside {@code context}, as asyncio's {@code
     * loop.call_soon(callback, context=ctx)}: it is entered as by {@link Context#run}, so what the callback
     * sets changes {@code context}. If {@code context} is already entered when the callback is due, the
     * callback does not run and that is logged (asyncio's {@code RuntimeError} reaching the handler).
     *
     * <pre>{@code
     * Context ctx = Context.copyContext();
     * loop.callSoon(() -> REQUEST_ID.set("from a callback"), ctx);
     * }</pre>
     *
     * @param callback the callback; an exception it throws is logged
     * @param context the context to run it in
     * @return a handle to cancel it
     * @throws IllegalStateException if the loop is closed
     */
    public TimerHandle callSoon(Runnable callback, Context context) {
        Checks.notNull(callback, "callback");
        Checks.notNull(context, "context");
        return new TimerHandle(loop, loop.callSoon(Contexts.bind(callback, context.state())));
    }

    /**
     * Schedules {@code callback} to run after {@code delay}, as asyncio's {@code loop.call_later}. The
     * wait is a kotlinx timer; a negative delay is a zero delay.
     *
     * @param delay how long from now
     * @param callback the callback; an exception it throws is logged
     * @return a handle to cancel it
     * @throws IllegalStateException if the loop is closed
     */
    public TimerHandle callLater(Duration delay, Runnable callback) {
        Checks.notNull(delay, "delay");
        Checks.notNull(callback, "callback");
        return callAt(time() + Checks.nanosAtLeastZero(delay) / 1e9, callback);
    }

    /**
     * Schedules {@code callback} to run inside {@code context} after {@code delay}, as asyncio's {@code
     * loop.call_later(delay, callback, context=ctx)}; see {@link #callSoon(Runnable, Context)}.
     *
     * @param delay how long from now
     * @param callback the callback; an exception it throws is logged
     * @param context the context to run it in
     * @return a handle to cancel it
     * @throws IllegalStateException if the loop is closed
     */
    public TimerHandle callLater(Duration delay, Runnable callback, Context context) {
        Checks.notNull(delay, "delay");
        Checks.notNull(callback, "callback");
        Checks.notNull(context, "context");
        return callAt(time() + Checks.nanosAtLeastZero(delay) / 1e9, callback, context);
    }

    /**
     * Schedules {@code callback} at loop time {@code when}, as asyncio's {@code loop.call_at}; a time in
     * the past runs it as soon as possible. It runs in a copy of the current {@link Context}, taken now
     * ({@code callLater} too).
     *
     * @param when seconds on the loop clock ({@link #time()})
     * @param callback the callback; an exception it throws is logged
     * @return a handle to cancel it
     * @throws IllegalArgumentException if {@code when} is NaN
     * @throws IllegalStateException if the loop is closed
     */
    public TimerHandle callAt(double when, Runnable callback) {
        Checks.notNull(callback, "callback");
        Checks.argument(!Double.isNaN(when), "when must be a number");
        return new TimerHandle(loop, loop.callAt(when, Contexts.bind(callback)));
    }

    /**
     * Schedules {@code callback} to run inside {@code context} at loop time {@code when}, as asyncio's
     * {@code loop.call_at(when, callback, context=ctx)}; see {@link #callSoon(Runnable, Context)}.
     *
     * @param when seconds on the loop clock ({@link #time()})
     * @param callback the callback; an exception it throws is logged
     * @param context the context to run it in
     * @return a handle to cancel it
     * @throws IllegalArgumentException if {@code when} is NaN
     * @throws IllegalStateException if the loop is closed
     */
    public TimerHandle callAt(double when, Runnable callback, Context context) {
        Checks.notNull(callback, "callback");
        Checks.notNull(context, "context");
        Checks.argument(!Double.isNaN(when), "when must be a number");
        return new TimerHandle(loop, loop.callAt(when, Contexts.bind(callback, context.state())));
    }

    /**
     * The loop clock, as asyncio's {@code loop.time()}: monotonic seconds from an arbitrary origin
     * ({@link System#nanoTime()} based), shared by every loop of the process.
     *
     * @return the current loop time
     */
    public double time() {
        return Clock.now();
    }

    /**
     * A new future for callbacks to complete, as asyncio's {@code loop.create_future()}: a plain {@code
     * CompletableFuture} whose {@code …Async} stages run on the library's scheduler. Cancelling it while
     * a task awaits it cancels the waiting task, as in asyncio.
     *
     * @param <T> the value type
     * @return a new incomplete future
     */
    public <T> CompletableFuture<T> createFuture() {
        return new LoopFuture<>(loop.executor());
    }

    /**
     * Creates a task on this loop, as asyncio's {@code loop.create_task}; see {@link
     * Asyncio#createTask(Callable)}.
     *
     * @param body the task's body
     * @param <T> the value type
     * @return the task
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(Callable<T> body) {
        return loop.createTask(null, Checks.notNull(body, "body"));
    }

    /**
     * Creates a named task on this loop; see {@link Asyncio#createTask(String, Callable)}.
     *
     * @param name the task's name
     * @param body the task's body
     * @param <T> the value type
     * @return the task
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(String name, Callable<T> body) {
        Checks.notNull(name, "name");
        return loop.createTask(name, Checks.notNull(body, "body"));
    }

    /**
     * Creates a task on this loop running in {@code context}, as asyncio's {@code loop.create_task(coro,
     * context=ctx)}; see {@link Asyncio#createTask(Callable, Context)}.
     *
     * @param body the task's body
     * @param context the context to run it in
     * @param <T> the value type
     * @return the task
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(Callable<T> body, Context context) {
        Checks.notNull(body, "body");
        Checks.notNull(context, "context");
        return loop.createTask(null, body, context.state());
    }

    /**
     * Creates a named task on this loop running in {@code context}; see {@link Asyncio#createTask(String,
     * Callable, Context)}.
     *
     * @param name the task's name
     * @param body the task's body
     * @param context the context to run it in
     * @param <T> the value type
     * @return the task
     * @throws IllegalStateException if the loop is closed
     */
    public <T> Task<T> createTask(String name, Callable<T> body, Context context) {
        Checks.notNull(name, "name");
        Checks.notNull(body, "body");
        Checks.notNull(context, "context");
        return loop.createTask(name, body, context.state());
    }

    /**
     * Runs blocking {@code work} on {@code executor}, as asyncio's {@code loop.run_in_executor}. With a
     * null executor it is {@link Asyncio#toThread} (kotlinx's IO dispatcher; cancelling interrupts the
     * work). With an executor of yours, cancelling the task ends it with {@link CancelledError} at once
     * and the work, if already started, runs to its end unobserved. Either way the work runs in a copy of
     * the current {@link Context} (asyncio's {@code run_in_executor} does not copy it; {@code to_thread}
     * does, and asyncio4j does it for both).
     *
     * @param executor where to run it, or null for the default
     * @param work the blocking work
     * @param <T> the value type
     * @return a task with the work's value or exception
     */
    public <T> Task<T> runInExecutor(@Nullable Executor executor, Callable<T> work) {
        Checks.notNull(work, "work");
        if (executor == null) {
            return Asyncio.toThread(work);
        }
        OpCore<T> core = new OpCore<>(loop, null, false);
        core.attach();
        CompletableFuture<T> future = new LoopFuture<>(loop.executor());
        core.onCancel(message -> future.cancel(false));
        core.adopt(future);
        executor.execute(Contexts.bind(() -> {
            if (future.isDone()) {
                return;
            }
            try {
                future.complete(work.call());
            } catch (Throwable failure) {
                future.completeExceptionally(failure);
            }
        }));
        return core.task();
    }

    /**
     * Whether the loop is running a main task (inside {@link Asyncio#run} or {@link Runner#run}), as
     * asyncio's {@code loop.is_running()}.
     *
     * @return true while running
     */
    public boolean isRunning() {
        return loop.isRunning();
    }

    /**
     * Whether the loop is closed, as asyncio's {@code loop.is_closed()}.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return loop.isClosed();
    }

    /**
     * Whether debug mode is on, as asyncio's {@code loop.get_debug()}.
     *
     * @return true in debug mode
     */
    public boolean getDebug() {
        return loop.debug();
    }

    /**
     * Turns debug mode on or off, as asyncio's {@code loop.set_debug()}. It applies to work created
     * afterwards: a task records where it was created only if debug mode was on at its creation.
     *
     * <p>Debug mode logs, as warnings of the {@code System.Logger} named {@code io.asyncio4j}: callbacks
     * and continuations that hold their thread longer than {@link #slowCallbackDuration()}; a task body
     * that runs longer than that without reaching an {@code await} ({@code Thread.sleep}, JDBC outside
     * {@link #runInExecutor}), once per stretch, with the task's name and its thread's current stack
     * (a watchdog thread, {@code asyncio4j-watchdog}, looks every half threshold); an operation's task
     * that nobody awaited ({@code sleep(d)}, {@code queue.put(x)}, {@code lock.acquire()} without
     * {@code await}: asyncio's "coroutine … was never awaited"), with where it was created, when the task
     * is collected or the loop closes. Awaiting, joining, composing ({@code thenApply}, {@code gather},
     * …), cancelling or adding a done callback counts as observing it; {@code isDone()} does not. Tasks
     * of {@code createTask}, {@code gather}, {@code shield} and {@code toThread} run whether awaited or
     * not and are never reported, as in asyncio. Outside debug mode none of this costs anything.
     *
     * <pre>{@code
     * Asyncio.run(() -> {
     *   Asyncio.sleep(Duration.ofSeconds(1));   // forgotten await: logged when the run ends
     *   return null;
     * }, true);
     * // WARNING: Asyncio.sleep() was never awaited: nobody awaited, joined, composed, cancelled or added a
     * //   callback to the task it returned
     * //   task created at
     * //     at app.Main.lambda$main$0(Main.java:2)
     * }</pre>
     *
     * @param enabled true for debug mode
     */
    public void setDebug(boolean enabled) {
        loop.debug(enabled);
    }

    /**
     * How long a callback or continuation may hold its thread, or a task body run without reaching an
     * {@code await}, before debug mode logs it (100 ms unless set), as asyncio's {@code
     * loop.slow_callback_duration}.
     *
     * @return the threshold
     */
    public Duration slowCallbackDuration() {
        return Duration.ofNanos(loop.slowCallbackNanos());
    }

    /**
     * Sets the slow-callback threshold.
     *
     * @param threshold the new threshold, not negative
     * @throws IllegalArgumentException if negative
     */
    public void setSlowCallbackDuration(Duration threshold) {
        Checks.notNull(threshold, "threshold");
        Checks.argument(!threshold.isNegative(), "threshold must not be negative");
        loop.slowCallbackNanos(Checks.nanosAtLeastZero(threshold));
    }

    @Override
    public String toString() {
        return loop.toString();
    }
}
