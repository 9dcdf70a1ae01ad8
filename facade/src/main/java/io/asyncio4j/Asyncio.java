package io.asyncio4j;

import io.asyncio4j.internal.AsCompleted;
import io.asyncio4j.internal.AwaitSite;
import io.asyncio4j.internal.BodyCore;
import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.Clock;
import io.asyncio4j.internal.Contexts;
import io.asyncio4j.internal.Coroutines;
import io.asyncio4j.internal.Diagnostics;
import io.asyncio4j.internal.Futures;
import io.asyncio4j.internal.Gather;
import io.asyncio4j.internal.Loop;
import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.Shield;
import io.asyncio4j.internal.Sneaky;
import io.asyncio4j.internal.Timers;
import io.asyncio4j.internal.WaitFor;
import io.asyncio4j.internal.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;

/**
 * The functions of Python's {@code asyncio} module: running a program, creating tasks, sleeping,
 * waiting for many things at once, timeouts, shielding and threads.
 *
 * <p>Every function returning a {@link Task} returns at once, never blocks its caller and holds no
 * thread while the work waits (future style); inside a task body, {@link #await(CompletionStage)}
 * waits for any {@code CompletionStage} and returns its value (direct style). {@code Asyncio.run} and
 * {@code await} are the only blocking calls.
 *
 * <pre>{@code
 * import static io.asyncio4j.Asyncio.*;
 *
 * String result = Asyncio.run(() -> {
 *   Task<String> a = createTask(() -> { await(sleep(Duration.ofMillis(100))); return "A"; });
 *   Task<String> b = createTask(() -> { await(sleep(Duration.ofMillis(200))); return "B"; });
 *   return String.join(",", await(gather(a, b)));   // about 200 ms, not 300
 * });
 * }</pre>
 *
 * <p>Arguments are checked at call time: null fails with {@link NullPointerException} naming the
 * parameter; everything that happens later completes the returned task. Durations follow asyncio: a
 * negative sleep is a zero sleep, a timeout of zero or less is already expired.
 */
public final class Asyncio {
    private Asyncio() {}

    // ---- running

    /**
     * Runs {@code main} as the first task of a new event loop and blocks until it is done, as {@code
     * asyncio.run(main())}. When {@code main} returns, the tasks it left pending are cancelled and
     * awaited, then the loop is closed. A wait of a primitive that no task awaits any more (a {@code
     * queue.get()} left pending, never awaited) stays pending, as its future does in asyncio; if the
     * primitive is shared with other runs, an item or permit that reaches it later passes it by and it
     * ends with {@link CancelledError}. Debug mode follows {@code -Dasyncio4j.debug} and {@code
     * ASYNCIO4J_DEBUG}. The main task is named {@code "main"}.
     *
     * <pre>{@code
     * public static void main(String[] args) throws Exception {
     *   String page = Asyncio.run(() -> {
     *     Task<String> download = createTask("download", () -> await(fetch(url)));
     *     return await(waitFor(download, Duration.ofSeconds(5)));
     *   });
     *   System.out.println(page);
     * }
     * }</pre>
     *
     * <p><b>Ctrl-C.</b> As in asyncio, a SIGINT (Ctrl-C) cancels the main task: its current {@code await}
     * throws {@link CancelledError}, its {@code finally} blocks and {@code async with} exits run, the
     * tasks it left are cancelled and awaited, and then {@code run} throws {@link KeyboardInterrupt}
     * (unless main caught the cancellation and returned normally: then {@code run} returns its value). A
     * second Ctrl-C before main has finished stops at once: the previous handler is put back and gets
     * the signal, by default the JVM's (shutdown hooks, exit status 130). The previous handler is put
     * back when {@code run} returns in any case. As Python does only on its main thread, this applies to
     * a run called on the JVM's main thread (the thread named {@code main} that started {@code public
     * static void main}) that finds the JDK's own SIGINT handler in place: a run on any other thread (a
     * server's request thread, a test worker, Maven's {@code exec:java}) does not take Ctrl-C, so it can
     * never swallow a Ctrl-C meant to stop the JVM; a SIGINT handler the application installed (with
     * {@code sun.misc.Signal}) and an ignored SIGINT are left alone; with {@code -Xrs}, or on a runtime
     * without the {@code jdk.unsupported} module, there is no Ctrl-C handling. A {@link Runner} handles
     * Ctrl-C the same way in each {@link Runner#run}.
     *
     * <p>If the calling thread is interrupted while waiting, main is cancelled and its outcome is still
     * waited for; the interrupt flag is restored before returning.
     *
     * <p>A failure of main is thrown as the original exception object, with this call's frames appended
     * to its stack trace (see {@link #await(CompletionStage)}).
     *
     * @param main the program's body, run in direct style on a task thread
     * @param <T> the result type
     * @return main's value
     * @throws IllegalStateException if called from a running task or loop callback
     * @throws KeyboardInterrupt if a Ctrl-C cancelled main and main ended cancelled
     * @throws CancelledError if main ended cancelled
     * @throws Exception main's original exception, unwrapped
     */
    public static <T> T run(Callable<T> main) throws Exception {
        return run(main, io.asyncio4j.internal.DebugMode.fromEnvironment());
    }

    /**
     * Runs a {@code main} that returns nothing, as {@link #run(Callable)} does: {@code
     * Asyncio.run(() -> { await(sleep(d)); System.out.println("done"); })} needs no {@code return null}.
     * Java picks this overload only for a lambda without a value (see {@link ThrowingRunnable}).
     *
     * @param main the program's body, run in direct style on a task thread
     * @throws IllegalStateException if called from a running task or loop callback
     * @throws KeyboardInterrupt if a Ctrl-C cancelled main and main ended cancelled
     * @throws CancelledError if main ended cancelled
     * @throws Exception main's original exception, unwrapped
     */
    public static void run(ThrowingRunnable main) throws Exception {
        run(asCallable(Checks.notNull(main, "main")), io.asyncio4j.internal.DebugMode.fromEnvironment());
    }

    /**
     * Runs a {@code main} that returns nothing, as {@link #run(Callable, boolean)} does.
     *
     * @param main the program's body
     * @param debug whether the loop runs in debug mode
     * @throws IllegalStateException if called from a running task or loop callback
     * @throws Exception main's original exception, unwrapped
     */
    public static void run(ThrowingRunnable main, boolean debug) throws Exception {
        run(asCallable(Checks.notNull(main, "main")), debug);
    }

    /** A body without a value as a {@code Callable} whose value is null. */
    static Callable<Void> asCallable(ThrowingRunnable body) {
        return () -> {
            body.run();
            return null;
        };
    }

    /**
     * Runs {@code main} as {@link #run(Callable)} does, with debug mode on or off as asyncio's {@code
     * asyncio.run(main(), debug=True)}.
     *
     * @param main the program's body
     * @param debug whether the loop runs in debug mode
     * @param <T> the result type
     * @return main's value
     * @throws IllegalStateException if called from a running task or loop callback
     * @throws Exception main's original exception, unwrapped
     */
    public static <T> T run(Callable<T> main, boolean debug) throws Exception {
        Checks.notNull(main, "main");
        if (BodyCore.current() != null || Loop.running() != null) {
            throw new IllegalStateException(
                    "Asyncio.run() cannot be called from a running event loop; await the work instead");
        }
        Loop loop = new Loop("run", debug);
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    /**
     * Waits for {@code awaitable} and returns its value, as Python's {@code await}: the original
     * exception is thrown as it is (never wrapped in {@code ExecutionException} or {@code
     * CompletionException}), and a cancelled future throws {@link CancelledError}.
     *
     * <p>In a task body it parks the task's thread (a virtual thread on JDK 21+). If the task is
     * cancelled while waiting, the request is relayed to {@code awaitable} (a task gets a cancellation
     * request, another future is cancelled), and the wait ends with that work's outcome, usually a
     * {@link CancelledError}; a request made while the body was not waiting is delivered at its next
     * {@code await}. Outside a task body it simply blocks the calling thread (in debug mode, doing so
     * on a loop callback or continuation thread is reported, as it holds a thread other work needs).
     *
     * <p>A failure thrown here is the original exception object, with the frames of this call appended
     * to its stack trace after a line {@code at asyncio4j.awaited(…)}: a printed trace shows where the
     * work failed (on its own thread) and then where it was awaited, as a Python traceback does.
     * Cancellations are not annotated.
     *
     * @param awaitable any completion stage: a task, an {@code HttpClient.sendAsync} future, …
     * @param <T> the value type
     * @return the value
     * @throws CancelledError if the awaitable or the waiting task was cancelled
     * @throws IllegalStateException if a task awaits itself
     * @throws Exception the awaitable's original exception
     */
    public static <T> T await(CompletionStage<T> awaitable) throws Exception {
        Checks.notNull(awaitable, "awaitable");
        CompletableFuture<T> future = Futures.of(awaitable);
        BodyCore<?> task = BodyCore.current();
        if (task == null) {
            Loop callbackLoop = Loop.callbackLoop();
            if (callbackLoop != null && callbackLoop.debug() && !future.isDone()) {
                Diagnostics.blockingCall("Asyncio.await()", callbackLoop);
            }
            try {
                future.get();
            } catch (Exception readBelow) {
                // the outcome is read unwrapped below
            }
            return AwaitSite.outcome(future);
        }
        try {
            return task.await(future);
        } catch (Exception failure) {
            throw AwaitSite.attach(failure);
        }
    }

    /**
     * The event loop running the calling code, as {@code asyncio.get_running_loop()}: the loop of the
     * current task, or of the loop callback or continuation running on this thread.
     *
     * @return the running loop
     * @throws IllegalStateException outside a running loop (asyncio's RuntimeError)
     */
    public static EventLoop getRunningLoop() {
        Loop loop = Loop.running();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return EventLoop.of(loop);
    }

    /**
     * A description of every live task of the current loop (see {@link #allTasks()}), one per line: its
     * name and state, what its body is waiting on, and, for tasks created in debug mode, its age and
     * where it was created. The Java counterpart of printing {@code asyncio.all_tasks()} with each
     * task's stack.
     *
     * @return the dump, empty when no task is live
     */
    public static String dumpTasks() {
        StringBuilder dump = new StringBuilder();
        for (io.asyncio4j.internal.TaskCore<?> core : Loop.current().liveCores()) {
            dump.append(core.task());
            String waitingOn = core.waitingOn();
            if (waitingOn != null) {
                dump.append(" waiting on ").append(waitingOn);
            }
            io.asyncio4j.internal.CreationSite site = core.site();
            if (site != null) {
                dump.append(String.format(java.util.Locale.ROOT, " age=%.3fs", site.ageSeconds()));
                dump.append("\n  created at\n").append(site.frames());
            }
            dump.append('\n');
        }
        return dump.toString();
    }

    /**
     * Who awaits whom, from {@code task} up to the root, as asyncio 3.14's {@code
     * asyncio.capture_call_graph(task)}: the task with the line its body is at and what it awaits, then
     * each live task awaiting it (directly, or through {@link #gather}, {@link #wait}, {@link #waitFor},
     * {@link #shield}), recursively. Pass {@link #currentTask()} for the calling task's own graph, whose
     * call stack ends at the line of this call. Reads the stacks of the tasks' threads; meant for
     * diagnostics, not for hot paths. For every task of every loop, from outside the process, see the
     * {@code io.asyncio4j:type=EventLoops} MBean described in {@link CallGraph}.
     *
     * <pre>{@code
     * Task<Void> worker = Asyncio.createTask("worker", () -> await(Asyncio.sleep(Duration.ofSeconds(1))));
     * await(Asyncio.sleep(Duration.ofMillis(10)));           // let it start
     * CallGraph graph = Asyncio.captureCallGraph(worker);
     * graph.awaiting();                                      // the sleep
     * graph.awaitedBy();                                     // empty: nobody awaits the worker yet
     * }</pre>
     *
     * @param task the task to start from; any thread may call this
     * @return a snapshot of the graph
     */
    public static CallGraph captureCallGraph(Task<?> task) {
        return CallGraph.capture(Checks.notNull(task, "task"));
    }

    /**
     * Prints {@link #captureCallGraph(Task)} of {@code task} to {@code System.out}, as asyncio 3.14's
     * {@code asyncio.print_call_graph(task)}; the format is {@link CallGraph#toString()}'s.
     *
     * @param task the task to start from
     */
    public static void printCallGraph(Task<?> task) {
        System.out.print(captureCallGraph(task));
    }

    // ---- sleeping

    /**
     * A task that completes after {@code delay}, as {@code asyncio.sleep(delay)}. The wait is a kotlinx
     * timer: no thread sleeps. A negative delay is a zero delay; a zero delay still completes
     * asynchronously, so {@code await(sleep(Duration.ZERO))} yields to other work. Started in a task
     * body, a zero sleep completes when that body next waits, as asyncio's {@code sleep(0)} resumes
     * once the running task has yielded: {@code await} on it yields the body's thread once ({@link
     * Thread#yield()}) and completes it there; waiting for anything else, {@code join()}/{@code get()},
     * or returning hands it to the loop. So a body that never waits again after starting one (a busy
     * loop polling {@code isDone()}) sees it stay pending, as it would in asyncio. Right after the body
     * created a task, a zero sleep goes through the loop instead, which gives the new task time to start,
     * as asyncio's {@code create_task(...); await sleep(0)} does.
     *
     * <p>Cancelling the task cancels the timer; the task then ends with {@link CancelledError}.
     *
     * @param delay how long to sleep
     * @return a task completing with null
     */
    public static Task<Void> sleep(Duration delay) {
        return sleep(delay, null);
    }

    /**
     * A task that completes with {@code result} after {@code delay}, as {@code asyncio.sleep(delay,
     * result)}; otherwise as {@link #sleep(Duration)}.
     *
     * @param delay how long to sleep
     * @param result the value to complete with
     * @param <T> the value type
     * @return a task completing with {@code result}
     */
    public static <T> Task<T> sleep(Duration delay, @Nullable T result) {
        return Timers.sleep(Checks.nanosAtLeastZero(Checks.notNull(delay, "delay")), result);
    }

    // ---- tasks

    /**
     * Schedules {@code body} to run concurrently as a task, as {@code asyncio.create_task(coro)}. The
     * body runs in direct style on a task thread (a virtual thread on JDK 21+, a pooled platform thread
     * on 17) and may {@link #await} anything. The task belongs to the current run (it is cancelled if
     * still pending when the run ends), or to the process-wide loop outside any run.
     *
     * <p>Cancelling the task before its body starts means the body never runs; afterwards, see {@link
     * Task}'s cancellation rules. Actions before this call happen-before the body starts. The body runs
     * in a copy of the current {@link Context}, taken now, as asyncio's {@code create_task} copies it.
     *
     * @param body the task's body
     * @param <T> the result type
     * @return the task, completing with the body's value or exception
     * @throws IllegalStateException if the current run's loop is closed
     */
    public static <T> Task<T> createTask(Callable<T> body) {
        return Loop.current().createTask(null, Checks.notNull(body, "body"));
    }

    /**
     * Schedules {@code body} as a task named {@code name}, as {@code asyncio.create_task(coro,
     * name=name)}; otherwise as {@link #createTask(Callable)}.
     *
     * @param name the task's name
     * @param body the task's body
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the current run's loop is closed
     */
    public static <T> Task<T> createTask(String name, Callable<T> body) {
        Checks.notNull(name, "name");
        return Loop.current().createTask(name, Checks.notNull(body, "body"));
    }

    /**
     * Schedules {@code body} as a task running in {@code context} itself, as {@code
     * asyncio.create_task(coro, context=ctx)}: what the body sets changes {@code context}, and other
     * tasks given the same context see it (they may run in parallel: each set is atomic). Otherwise as
     * {@link #createTask(Callable)}.
     *
     * <pre>{@code
     * Context ctx = Context.copyContext();
     * await(createTask(() -> REQUEST_ID.set("r-9"), ctx));
     * ctx.get(REQUEST_ID);   // "r-9"
     * }</pre>
     *
     * @param body the task's body
     * @param context the context to run it in
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the current run's loop is closed
     */
    public static <T> Task<T> createTask(Callable<T> body, Context context) {
        Checks.notNull(body, "body");
        Checks.notNull(context, "context");
        return Loop.current().createTask(null, body, context.state());
    }

    /**
     * Schedules {@code body} as a task named {@code name} running in {@code context}, as {@code
     * asyncio.create_task(coro, name=name, context=ctx)}; see {@link #createTask(Callable, Context)}.
     *
     * @param name the task's name
     * @param body the task's body
     * @param context the context to run it in
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the current run's loop is closed
     */
    public static <T> Task<T> createTask(String name, Callable<T> body, Context context) {
        Checks.notNull(name, "name");
        Checks.notNull(body, "body");
        Checks.notNull(context, "context");
        return Loop.current().createTask(name, body, context.state());
    }

    /**
     * Schedules a body that returns nothing as a task, as {@link #createTask(Callable)} does; the task
     * completes with null. Java picks this overload only for a lambda without a value (see {@link
     * ThrowingRunnable}).
     *
     * <pre>{@code
     * Task<Void> ticker = createTask(() -> {
     *   for (int i = 0; i < 3; i++) { await(sleep(Duration.ofMillis(100))); System.out.println("tick"); }
     * });
     * }</pre>
     *
     * @param body the task's body
     * @return the task, completing with null or the body's exception
     * @throws IllegalStateException if the current run's loop is closed
     */
    public static Task<Void> createTask(ThrowingRunnable body) {
        return Loop.current().createTask(null, asCallable(Checks.notNull(body, "body")));
    }

    /**
     * Schedules a body that returns nothing as a task named {@code name}; otherwise as {@link
     * #createTask(ThrowingRunnable)}.
     *
     * @param name the task's name
     * @param body the task's body
     * @return the task, completing with null or the body's exception
     * @throws IllegalStateException if the current run's loop is closed
     */
    public static Task<Void> createTask(String name, ThrowingRunnable body) {
        Checks.notNull(name, "name");
        return Loop.current().createTask(name, asCallable(Checks.notNull(body, "body")));
    }

    /**
     * Returns {@code awaitable} if it is a task, else a task that follows it, as {@code
     * asyncio.ensure_future}. Cancelling the new task cancels the awaitable (when it is a {@code
     * Future}; otherwise it ends the task at once).
     *
     * @param awaitable any completion stage
     * @param <T> the value type
     * @return a task with the awaitable's outcome
     */
    @SuppressWarnings("unchecked")
    public static <T> Task<T> ensureFuture(CompletionStage<T> awaitable) {
        Checks.notNull(awaitable, "awaitable");
        if (awaitable instanceof Task) {
            return (Task<T>) awaitable;
        }
        OpCore<T> core = new OpCore<>(Loop.current(), null, true);
        core.attach();
        return core.follow(awaitable);
    }

    /**
     * The task whose body is running on the calling thread, as {@code asyncio.current_task()}.
     *
     * @return the current task, or null outside task bodies
     */
    public static @Nullable Task<?> currentTask() {
        return Task.current();
    }

    /**
     * The tasks of the current run that are not done yet, as {@code asyncio.all_tasks()}: those made by
     * {@link #createTask}, {@link #ensureFuture} and {@link TaskGroup}, including the main task. Internal
     * operation tasks (sleeps, gathers, timeouts) are not listed, as in asyncio where they are not tasks.
     *
     * @return a snapshot, in no particular order
     */
    public static Set<Task<?>> allTasks() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Loop.current().tasks()));
    }

    // ---- gather

    /**
     * Runs each body as a task and gathers their values in argument order, as {@code
     * asyncio.gather(coro1, coro2, …)}; see {@link #gather(Collection)}.
     *
     * @param bodies the task bodies
     * @param <T> the common value type
     * @return a task completing with the values in argument order
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read
    public static <T> Task<List<T>> gather(Callable<? extends T>... bodies) {
        return Gather.values(startAll(bodies));
    }

    /**
     * Gathers the values of {@code awaitables} in argument order, as {@code asyncio.gather(*aws)}; see
     * {@link #gather(Collection)}.
     *
     * @param awaitables the awaitables
     * @param <T> the common value type
     * @return a task completing with the values in argument order
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read
    public static <T> Task<List<T>> gather(CompletionStage<? extends T>... awaitables) {
        return Gather.values(
                futures(Arrays.<CompletionStage<? extends T>>asList(Checks.noNullElements(awaitables, "awaitables"))));
    }

    /**
     * Gathers the values of {@code awaitables}, as {@code asyncio.gather(*aws)}: the task completes with
     * every value in the collection's iteration order, whatever the order they finish in. The first
     * failure fails it at once with that exception, and the others keep running (asyncio's rule); a
     * cancelled awaitable fails it with {@link CancelledError}. Cancelling the returned task relays the
     * request to every unfinished awaitable; it then ends cancelled. An empty collection gives an empty
     * list.
     *
     * <pre>{@code
     * List<Task<String>> fetches = new ArrayList<>();
     * for (String url : urls) fetches.add(createTask(() -> await(fetch(url))));
     * List<String> pages = await(gather(fetches));     // in the order of urls
     * }</pre>
     *
     * @param awaitables the awaitables
     * @param <T> the common value type
     * @return a task completing with an unmodifiable list of values (nulls allowed)
     */
    public static <T> Task<List<T>> gather(Collection<? extends CompletionStage<? extends T>> awaitables) {
        return Gather.values(futures(Checks.noNullElements(awaitables, "awaitables")));
    }

    /**
     * Runs each body as a task and returns each outcome in order, as {@code asyncio.gather(…,
     * return_exceptions=True)}; see {@link #gatherOutcomes(Collection)}.
     *
     * @param bodies the task bodies
     * @param <T> the common value type
     * @return a task completing with the outcomes in argument order
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read
    public static <T> Task<List<Outcome<T>>> gatherOutcomes(Callable<? extends T>... bodies) {
        return Gather.outcomes(startAll(bodies));
    }

    /**
     * Returns each awaitable's outcome in order; see {@link #gatherOutcomes(Collection)}.
     *
     * @param awaitables the awaitables
     * @param <T> the common value type
     * @return a task completing with the outcomes in argument order
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read
    public static <T> Task<List<Outcome<T>>> gatherOutcomes(CompletionStage<? extends T>... awaitables) {
        return Gather.outcomes(
                futures(Arrays.<CompletionStage<? extends T>>asList(Checks.noNullElements(awaitables, "awaitables"))));
    }

    /**
     * Returns each awaitable's outcome, value or exception, in order, as {@code asyncio.gather(*aws,
     * return_exceptions=True)}. It never fails because an awaitable did (a cancelled one gives a {@link
     * Outcome.Failure} holding a {@link CancelledError}); cancelling it relays the request to the
     * unfinished awaitables and it ends cancelled.
     *
     * @param awaitables the awaitables
     * @param <T> the common value type
     * @return a task completing with an unmodifiable list of outcomes
     */
    public static <T> Task<List<Outcome<T>>> gatherOutcomes(
            Collection<? extends CompletionStage<? extends T>> awaitables) {
        return Gather.outcomes(futures(Checks.noNullElements(awaitables, "awaitables")));
    }

    private static <T> List<CompletableFuture<? extends T>> startAll(Callable<? extends T>[] bodies) {
        Checks.noNullElements(bodies, "bodies");
        List<CompletableFuture<? extends T>> tasks = new ArrayList<>(bodies.length);
        for (Callable<? extends T> body : bodies) {
            tasks.add(createTask(body));
        }
        return tasks;
    }

    private static <T> List<CompletableFuture<? extends T>> futures(
            Collection<? extends CompletionStage<? extends T>> awaitables) {
        List<CompletableFuture<? extends T>> futures = new ArrayList<>(awaitables.size());
        for (CompletionStage<? extends T> awaitable : awaitables) {
            futures.add(Futures.of(awaitable));
        }
        return futures;
    }

    // ---- wait, as_completed

    /**
     * Waits until all {@code awaitables} are done; see {@link #wait(Collection, ReturnWhen, Duration)}.
     *
     * @param awaitables the awaitables, not empty
     * @param <F> the awaitables' type
     * @return a task completing with the done and pending sets
     */
    public static <F extends CompletionStage<?>> Task<WaitResult<F>> wait(Collection<F> awaitables) {
        return wait(awaitables, ReturnWhen.ALL_COMPLETED);
    }

    /**
     * Waits until {@code returnWhen} holds; see {@link #wait(Collection, ReturnWhen, Duration)}.
     *
     * @param awaitables the awaitables, not empty
     * @param returnWhen when to return
     * @param <F> the awaitables' type
     * @return a task completing with the done and pending sets
     */
    public static <F extends CompletionStage<?>> Task<WaitResult<F>> wait(
            Collection<F> awaitables, ReturnWhen returnWhen) {
        Checks.notNull(returnWhen, "returnWhen");
        return Waits.wait(checkWaitInput(awaitables), returnWhen, Long.MAX_VALUE);
    }

    /**
     * Waits until {@code returnWhen} holds or {@code timeout} passes, as {@code asyncio.wait(aws,
     * timeout=, return_when=)}, and completes with the {@link WaitResult} of done and pending
     * awaitables (the caller's own objects). Neither the timeout nor cancelling the returned task cancels
     * the awaitables; the wait never fails because one of them did.
     *
     * <pre>{@code
     * Task<String> primary = createTask(() -> await(fetch(primaryUrl)));
     * Task<String> mirror = createTask(() -> await(fetch(mirrorUrl)));
     * WaitResult<Task<String>> r =
     *     await(Asyncio.wait(List.of(primary, mirror), ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(2)));
     * for (Task<String> slow : r.pending()) slow.cancel();   // wait() leaves them running
     * String page = await(r.done().iterator().next());
     * }</pre>
     *
     * <p>Call it as {@code Asyncio.wait(...)}: a static import of {@code wait} is shadowed by {@code
     * Object.wait()} inside every class.
     *
     * @param awaitables the awaitables, not empty
     * @param returnWhen when to return
     * @param timeout the longest wait; zero or less returns at once
     * @param <F> the awaitables' type
     * @return a task completing with the done and pending sets
     * @throws IllegalArgumentException if {@code awaitables} is empty
     */
    public static <F extends CompletionStage<?>> Task<WaitResult<F>> wait(
            Collection<F> awaitables, ReturnWhen returnWhen, Duration timeout) {
        Checks.notNull(returnWhen, "returnWhen");
        long nanos = Checks.nanosAtLeastZero(Checks.notNull(timeout, "timeout"));
        return Waits.wait(checkWaitInput(awaitables), returnWhen, nanos);
    }

    private static <C extends Collection<?>> C checkWaitInput(C awaitables) {
        Checks.noNullElements(awaitables, "awaitables");
        Checks.argument(!awaitables.isEmpty(), "awaitables must not be empty");
        return awaitables;
    }

    /**
     * The outcomes of {@code awaitables} in the order they complete, as {@code asyncio.as_completed}: the
     * first task in the list completes with the earliest outcome, the next with the second, and so on.
     *
     * <pre>{@code
     * for (Task<String> next : Asyncio.asCompleted(tasks)) {
     *   System.out.println(await(next));   // earliest first
     * }
     * }</pre>
     *
     * @param awaitables the awaitables
     * @param <T> the common value type
     * @return one task per distinct awaitable (duplicates collapse, as asyncio's {@code set(fs)}), in completion order
     */
    public static <T> List<Task<T>> asCompleted(Collection<? extends CompletionStage<? extends T>> awaitables) {
        return AsCompleted.of(Checks.noNullElements(awaitables, "awaitables"), Long.MAX_VALUE);
    }

    /**
     * As {@link #asCompleted(Collection)}, but the result tasks not completed when {@code timeout}
     * passes fail with {@link TimeoutError}; the awaitables are not cancelled.
     *
     * @param awaitables the awaitables
     * @param timeout how long to wait for all of them
     * @param <T> the common value type
     * @return one task per distinct awaitable (duplicates collapse, as asyncio's {@code set(fs)}), in completion order
     */
    public static <T> List<Task<T>> asCompleted(
            Collection<? extends CompletionStage<? extends T>> awaitables, Duration timeout) {
        long nanos = Checks.nanosAtLeastZero(Checks.notNull(timeout, "timeout"));
        return AsCompleted.of(Checks.noNullElements(awaitables, "awaitables"), nanos);
    }

    // ---- timeouts

    /**
     * Waits for {@code awaitable} for at most {@code timeout}, as {@code asyncio.wait_for(aw, timeout)}.
     * When the deadline passes, the awaitable is cancelled (a task gets a cancellation request) and waited
     * for; the returned task then fails with {@link TimeoutError} whose cause is the awaitable's {@link
     * CancelledError}. If the awaitable still produced a value, that value is returned. A timeout of zero
     * or less is already expired: an awaitable that is done returns its outcome, any other is cancelled.
     * Cancelling the returned task relays the request to the awaitable and ends in {@link
     * CancelledError}, not a timeout.
     *
     * <pre>{@code
     * String page;
     * try {
     *   page = await(waitFor(fetch(url), Duration.ofSeconds(1)));
     * } catch (TimeoutException e) {      // TimeoutError; the fetch was cancelled
     *   page = "too slow";
     * }
     * }</pre>
     *
     * @param awaitable the work to bound
     * @param timeout the longest wait
     * @param <T> the value type
     * @return a task with the awaitable's value, or failing with {@link TimeoutError}
     */
    public static <T> Task<T> waitFor(CompletionStage<T> awaitable, Duration timeout) {
        Checks.notNull(awaitable, "awaitable");
        long nanos = Checks.nanosAtLeastZero(Checks.notNull(timeout, "timeout"));
        return WaitFor.start(awaitable, nanos);
    }

    /**
     * Runs {@code body} as a task bounded by {@code timeout}; as {@link #waitFor(CompletionStage,
     * Duration)}. With a timeout of zero or less the body never starts.
     *
     * @param body the task's body
     * @param timeout the longest wait
     * @param <T> the value type
     * @return a task with the body's value, or failing with {@link TimeoutError}
     */
    public static <T> Task<T> waitFor(Callable<T> body, Duration timeout) {
        Checks.notNull(body, "body");
        long nanos = Checks.nanosAtLeastZero(Checks.notNull(timeout, "timeout"));
        if (nanos == 0) {
            OpCore<T> core = OpCore.create();
            core.completeFailure(new TimeoutError("wait_for timed out", new CancelledError(null)));
            return core.task();
        }
        return WaitFor.start(createTask(body), nanos);
    }

    /**
     * Runs {@code body} in the current task with a deadline {@code delay} from now, as {@code async with
     * asyncio.timeout(delay)}. When the deadline passes, the current task is cancelled; if the resulting
     * {@link CancelledError} leaves the body, it is converted into a {@link TimeoutError}. A cancellation
     * from outside stays a {@link CancelledError}, and once the timeout has converted its own
     * cancellation the task is healthy again ({@link Task#cancelling()} is back where it was). The body
     * receives the {@link Timeout} handle to {@link Timeout#reschedule} or inspect it.
     *
     * <pre>{@code
     * try {
     *   Asyncio.timeout(Duration.ofSeconds(10), t -> await(longRunningTask()));
     * } catch (TimeoutException e) {
     *   System.out.println("The long operation timed out, but we've handled it.");
     * }
     * }</pre>
     *
     * @param delay time until the deadline; zero or less expires at the body's first wait
     * @param body the body, run on the calling task's thread
     * @param <T> the body's value type
     * @return the body's value
     * @throws IllegalStateException if not called from a task body
     * @throws TimeoutError if the deadline passed and the body ended cancelled
     * @throws Exception whatever else the body threw
     */
    public static <T> T timeout(Duration delay, Timeout.Body<T> body) throws Exception {
        Checks.notNull(delay, "delay");
        Checks.notNull(body, "body");
        long nanos = Checks.nanosAtLeastZero(delay);
        // a negative delay puts the deadline in the past, as asyncio's loop.time() + delay
        double when = Clock.now() + (delay.isNegative() ? delay.getSeconds() + delay.getNano() / 1e9 : nanos / 1e9);
        return new Timeout(requireTask("timeout"), when, nanos == 0).run(body);
    }

    /**
     * As {@link #timeout(Duration, Timeout.Body)} with an absolute deadline on the loop clock, as {@code
     * asyncio.timeout_at(when)}; {@link EventLoop#time()} reads that clock. A deadline in the past
     * expires at the body's first wait.
     *
     * @param when the deadline, in loop-clock seconds
     * @param body the body
     * @param <T> the body's value type
     * @return the body's value
     * @throws IllegalStateException if not called from a task body
     * @throws TimeoutError if the deadline passed and the body ended cancelled
     * @throws Exception whatever else the body threw
     */
    public static <T> T timeoutAt(double when, Timeout.Body<T> body) throws Exception {
        Checks.notNull(body, "body");
        Checks.argument(!Double.isNaN(when), "when must be a number");
        return new Timeout(requireTask("timeoutAt"), when).run(body);
    }

    /**
     * Runs a body that returns nothing and does not need the {@link Timeout} handle, with a deadline
     * {@code delay} from now; otherwise as {@link #timeout(Duration, Timeout.Body)}. The lambda takes no
     * parameter, which is how Java tells this overload from the one with the handle ({@code t -> …}).
     *
     * <pre>{@code
     * Asyncio.timeout(Duration.ofSeconds(10), () -> {
     *   await(upload(file));
     *   System.out.println("uploaded");
     * });
     * }</pre>
     *
     * @param delay time until the deadline; zero or less expires at the body's first wait
     * @param body the body, run on the calling task's thread
     * @throws IllegalStateException if not called from a task body
     * @throws TimeoutError if the deadline passed and the body ended cancelled
     * @throws Exception whatever else the body threw
     */
    public static void timeout(Duration delay, ThrowingRunnable body) throws Exception {
        Checks.notNull(body, "body");
        timeout(delay, t -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs a body that returns nothing with an absolute deadline; otherwise as {@link #timeoutAt(double,
     * Timeout.Body)} and {@link #timeout(Duration, ThrowingRunnable)}.
     *
     * @param when the deadline, in loop-clock seconds
     * @param body the body
     * @throws IllegalStateException if not called from a task body
     * @throws TimeoutError if the deadline passed and the body ended cancelled
     * @throws Exception whatever else the body threw
     */
    public static void timeoutAt(double when, ThrowingRunnable body) throws Exception {
        Checks.notNull(body, "body");
        timeoutAt(when, t -> {
            body.run();
            return null;
        });
    }

    static Task<?> requireTask(String operation) {
        Task<?> task = Task.current();
        if (task == null) {
            throw new IllegalStateException(operation + " must be called from a task body (inside Asyncio.run)");
        }
        return task;
    }

    // ---- shield, threads

    /**
     * A task with {@code awaitable}'s outcome that protects it from cancellation, as {@code
     * asyncio.shield(aw)}: cancelling the returned task (or a task awaiting it) ends only the returned
     * task, with {@link CancelledError}; the awaitable keeps running. If it then fails, the failure is
     * logged once as a task exception nobody retrieved (nobody is left to see it), never dropped.
     *
     * <pre>{@code
     * Task<Void> save = createTask(() -> { await(db.commit()); });
     * await(shield(save));     // if this task is cancelled here, the commit still completes
     * }</pre>
     *
     * @param awaitable the work to protect
     * @param <T> the value type
     * @return a task with the awaitable's outcome unless cancelled itself
     */
    public static <T> Task<T> shield(CompletionStage<T> awaitable) {
        return Shield.of(Checks.notNull(awaitable, "awaitable"));
    }

    /**
     * Runs blocking {@code work} on kotlinx's IO dispatcher, as {@code asyncio.to_thread(func)}: use it
     * for blocking libraries (JDBC, file APIs) so they do not hold task threads. Cancelling the task
     * interrupts the thread running the work, and the task ends with {@link CancelledError}. The work runs
     * in a copy of the current {@link Context} (and with the bridged thread-locals' values), as {@code
     * to_thread} copies it.
     *
     * <pre>{@code
     * List<String> rows = await(toThread(() -> jdbcQuery(dataSource, "select name from users")));
     * }</pre>
     *
     * <p><b>Blocking and the JDK 17 bound.</b> On JDK 21+ each task body has a virtual thread of its
     * own. On JDK 17 task bodies share a pool of platform threads: {@code max(64, 4 × cores)} of them run
     * bodies at once, and the pool adds a thread for each body parked in {@code await} (up to 32,767
     * threads in all). A body blocked in JDBC, a file API or {@code Thread.sleep} is not seen as waiting
     * and holds one of those {@code max(64, 4 × cores)} places until it returns: past that many, other
     * bodies wait to start. So, on both JDKs, move blocking calls here: they run on kotlinx's IO
     * dispatcher (64 threads by default, property {@code kotlinx.coroutines.io.parallelism}).
     *
     * @param work the blocking work
     * @param <T> the value type
     * @return a task with the work's value or exception
     */
    public static <T> Task<T> toThread(Callable<T> work) {
        Checks.notNull(work, "work");
        OpCore<T> core = OpCore.createScheduled();
        Job job = Coroutines.launchInterruptible(Contexts.scope(core.loop().scope()), work, (value, failure) -> {
            if (failure == null) {
                core.completeValue(value);
            } else {
                core.completeFailure(Sneaky.asCancelledError(failure, core.cancelMessage()));
            }
        });
        core.onCancel(message -> Timers.cancel(job));
        return core.task();
    }

    // ---- async iteration and async with (issue 4): thin entry points, implemented elsewhere

    /**
     * An async generator, as a Python {@code async def} containing {@code yield}: see {@link
     * AsyncIterable#generator(Generator)}, which this calls. The body runs as a task per consumption,
     * hands elements over with {@code y.yield(v)} and is parked there until the consumer wants the next
     * one; its {@code finally} blocks run when the consumer stops early, fails or is cancelled.
     *
     * <pre>{@code
     * AsyncIterable<Integer> fibonacci = Asyncio.generator(y -> {
     *   int a = 0, b = 1;
     *   while (true) { y.yield(a); int t = a + b; a = b; b = t; }
     * });
     * List<Integer> first10 = await(fibonacci.take(10).toList());
     * }</pre>
     *
     * @param body the generator's body
     * @param <T> the element type
     * @return the generator's elements, cold
     * @throws NullPointerException if {@code body} is null
     */
    public static <T> AsyncIterable<T> generator(Generator<T> body) {
        return AsyncIterable.generator(body);
    }

    /**
     * {@code async with manager as value: body}, in direct style: awaits {@code manager.aenter()}, runs
     * {@code body} with its value in the current task, then always awaits {@code manager.aexit(...)} once:
     * with null after success, with the body's exception after a failure or cancellation ({@link
     * CancelledError}). If {@code aenter} fails, the body and {@code aexit} do not run. When {@code aexit}
     * completes with true, the body's exception is suppressed and this returns null. The body's exception
     * is never replaced by one from {@code aexit}: that one is added as suppressed (unlike Python, where it
     * would replace it).
     *
     * <pre>{@code
     * String row = Asyncio.asyncWith(new AsyncDatabaseConnection(url), db -> await(db.query("select 1")));
     * }</pre>
     *
     * <p>In a task body the waits park the task; outside one they block the calling thread.
     *
     * @param manager the context manager
     * @param body the block, run with the entered value
     * @param <T> the entered value's type
     * @param <R> the result type
     * @return the body's value, or null if {@code aexit} suppressed its exception
     * @throws NullPointerException if an argument is null
     * @throws Exception the body's exception, or that of {@code aenter}, or that of {@code aexit} after a
     *     successful body, unwrapped
     */
    public static <T, R> @Nullable R asyncWith(
            AsyncContextManager<T> manager, AsyncContextManager.Body<? super T, ? extends R> body) throws Exception {
        return io.asyncio4j.internal.With.direct(Checks.notNull(manager, "manager"), Checks.notNull(body, "body"));
    }

    /**
     * {@code async with manager as value: await body(value)}, in future style: the same steps and rules
     * as {@link #asyncWith(AsyncContextManager, AsyncContextManager.Body)}, as a chain of stages that
     * holds no thread. {@code body} returns the stage of the block's work.
     *
     * @param manager the context manager
     * @param body starts the block's work with the entered value
     * @param <T> the entered value's type
     * @param <R> the result type
     * @return a task completing, once {@code aexit} has completed, with the body's value (null if its
     *     exception was suppressed) or its exception (cleanup failures added as suppressed); cancelling
     *     it relays the request to the stage in progress ({@code aenter}, the body's stage, or {@code
     *     aexit}), and {@code aexit} still runs if {@code aenter} had succeeded
     * @throws NullPointerException if an argument is null
     */
    public static <T, R> Task<R> asyncWithFuture(
            AsyncContextManager<T> manager, java.util.function.Function<? super T, ? extends CompletionStage<R>> body) {
        return io.asyncio4j.internal.With.future(Checks.notNull(manager, "manager"), Checks.notNull(body, "body"));
    }
}
