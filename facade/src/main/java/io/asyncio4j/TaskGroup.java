package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.Sneaky;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Structured concurrency, as Python's {@code async with asyncio.TaskGroup() as tg}: tasks created in
 * the group cannot outlive it. Leaving the group waits for all of them; the first failure cancels the
 * others, and the group then throws a {@link TaskGroupException} carrying every failure (cancellations
 * excluded). Cancelling the task that runs the group cancels every task in it.
 *
 * <p>Two forms. The body form is asyncio's, and the one to prefer:
 *
 * <pre>{@code
 * List<String> pages = TaskGroup.run(tg -> {
 *   Task<String> a = tg.createTask(() -> await(fetch("a")));
 *   Task<String> b = tg.createTask(() -> await(fetch("b")));
 *   return List.of(await(a), await(b)); // were either to fail, the group cancels the other
 * });
 * }</pre>
 *
 * <p>When the body has nothing to return, {@link #execute(VoidBody)} spares the {@code return null}:
 * {@code TaskGroup.execute(tg -> { tg.createTask(() -> save(await(fetch("a")))); tg.createTask(() ->
 * save(await(fetch("b")))); })}.
 *
 * <p>In the body form a failing child also cancels the body itself (its current {@code await} throws
 * {@link CancelledError}, which the group turns into the {@code TaskGroupException}), and an exception
 * thrown by the body cancels the children and is reported with theirs. The try-with-resources form
 * reads like Python's but differs in one way Java forces: {@link #close()} cannot see an exception
 * thrown by the try block, and whatever {@code close} throws would be hidden behind it. So in that form
 * a failing child cancels its siblings but not the block, and the children are cancelled on exit only
 * if the enclosing task was itself cancelled. A {@code createTask} the block makes after a child
 * failed throws {@link IllegalStateException} ("shutting down"); leaving the block through it, the
 * group's {@code TaskGroupException} arrives as that exception's suppressed one:
 *
 * <pre>{@code
 * try (TaskGroup tg = TaskGroup.open()) {
 *   tg.createTask(() -> fetch("a"));
 *   tg.createTask(() -> fetch("b"));
 * }                               // waits for both; throws TaskGroupException if any failed
 * }</pre>
 *
 * <p>A group belongs to the task that opened it and is used from that task's body; its {@code
 * createTask} may be called from any thread while the group is open. Once the group has exited it
 * refuses new tasks with {@link IllegalStateException}. This class is thread-safe.
 */
public final class TaskGroup implements AutoCloseable {
    /**
     * The body of {@link TaskGroup#run(Body)}.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs the body.
         *
         * @param group the group to create tasks in
         * @return the body's value, returned by {@code run} once every task is done
         * @throws Exception anything; it cancels the group's tasks and is reported with their failures
         */
        T run(TaskGroup group) throws Exception;
    }

    /**
     * The body of {@link TaskGroup#execute(VoidBody)}: a group body that returns nothing.
     */
    @FunctionalInterface
    public interface VoidBody {
        /**
         * Runs the body.
         *
         * @param group the group to create tasks in
         * @throws Exception anything; it cancels the group's tasks and is reported with their failures
         */
        void run(TaskGroup group) throws Exception;
    }

    private final Task<?> parent;
    private final int cancellingAtEntry;
    private final Set<Task<?>> children = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final CompletableFuture<Void> allDone = new CompletableFuture<>();
    private boolean bodyCancellable;
    private @Nullable IllegalStateException refusal; // the last createTask refused while aborting
    private boolean aborting;
    private boolean exiting;
    private boolean exited;
    private boolean parentCancelRequested;

    /**
     * Set while a thread that decided to cancel the parent has not called {@code cancel()} yet (it calls
     * it outside the monitor): the group does not count as done until then, or the parent could leave
     * {@code exit} and {@code uncancel()} first, and that request would hit its next, unrelated await.
     */
    private boolean parentCancelInFlight;

    private boolean cancelRequested;

    private TaskGroup(Task<?> parent) {
        this.parent = parent;
        this.cancellingAtEntry = parent.cancelling();
    }

    /**
     * Opens a group owned by the current task, for try-with-resources (see the class documentation for
     * how this form differs from {@link #run(Body)}).
     *
     * @return the open group
     * @throws IllegalStateException if not called from a task body
     */
    public static TaskGroup open() {
        return new TaskGroup(Asyncio.requireTask("TaskGroup.open"));
    }

    /**
     * Runs {@code body} with a new group in the current task and waits for every task created in it, as
     * {@code async with asyncio.TaskGroup() as tg:}. The first failure of a task cancels the other tasks
     * and the body; then every failure is thrown in one {@link TaskGroupException}.
     *
     * @param body the body creating tasks
     * @param <T> the body's value type
     * @return the body's value, once every task of the group is done
     * @throws TaskGroupException if a task or the body failed
     * @throws CancelledError if the enclosing task was cancelled (the tasks were cancelled and waited)
     * @throws IllegalStateException if not called from a task body
     */
    public static <T> T run(Body<T> body) {
        Checks.notNull(body, "body");
        TaskGroup group = open();
        synchronized (group) {
            group.bodyCancellable = true;
        }
        T value = null;
        Throwable failure = null;
        try {
            value = body.run(group);
        } catch (Throwable e) {
            failure = e;
        }
        synchronized (group) {
            group.bodyCancellable = false;
            if (failure != null && failure == group.refusal) {
                // the body was creating tasks when a child failed: as the cancellation it was about to
                // get, not an error of its own
                failure = new CancelledError("TaskGroup is shutting down");
            }
        }
        group.exit(failure);
        return value;
    }

    /**
     * Runs a body that returns nothing with a new group, as {@link #run(Body)} does, and with its
     * semantics: {@code async with asyncio.TaskGroup() as tg:} without the {@code return null}.
     *
     * <pre>{@code
     * TaskGroup.execute(tg -> {
     *   for (String url : urls) {
     *     tg.createTask(() -> { save(await(fetch(url))); });
     *   }
     * });                                   // every save has happened here, or a TaskGroupException
     * }</pre>
     *
     * <p>Why a name of its own: an overload {@code run(VoidBody)} would make {@code TaskGroup.run(tg ->
     * helper(tg))} ambiguous. For a lambda with a parameter whose type is not written, Java does not
     * choose between a {@code void} and a value-returning interface (JLS 15.12.2.5 prefers the latter
     * only for lambdas without parameters or with declared parameter types), so such a call, which
     * compiles today, would stop compiling. ({@link Asyncio#timeout(java.time.Duration,
     * ThrowingRunnable)} avoids the question differently: its void body takes no parameter.)
     *
     * @param body the body creating tasks
     * @throws TaskGroupException if a task or the body failed
     * @throws CancelledError if the enclosing task was cancelled (the tasks were cancelled and waited)
     * @throws IllegalStateException if not called from a task body
     */
    public static void execute(VoidBody body) {
        Checks.notNull(body, "body");
        run(group -> {
            body.run(group);
            return null;
        });
    }

    /**
     * Creates a task in this group, as {@code tg.create_task(coro)}.
     *
     * @param body the task's body
     * @param <T> the value type
     * @return the task
     * @throws IllegalStateException if the group has exited or is shutting down after a failure
     */
    public <T> Task<T> createTask(Callable<T> body) {
        return add(Asyncio.createTask(guard(Checks.notNull(body, "body"))));
    }

    /**
     * Creates a named task in this group, as {@code tg.create_task(coro, name=name)}.
     *
     * @param name the task's name
     * @param body the task's body
     * @param <T> the value type
     * @return the task
     * @throws IllegalStateException if the group has exited or is shutting down after a failure
     */
    public <T> Task<T> createTask(String name, Callable<T> body) {
        Checks.notNull(name, "name");
        return add(Asyncio.createTask(name, guard(Checks.notNull(body, "body"))));
    }

    /**
     * Creates a task in this group running in {@code context}, as {@code tg.create_task(coro,
     * context=ctx)}; see {@link Asyncio#createTask(Callable, Context)}. (The other forms run the task in
     * a copy of the current context, as asyncio does.)
     *
     * @param body the task's body
     * @param context the context to run it in
     * @param <T> the value type
     * @return the task
     * @throws IllegalStateException if the group has exited or is shutting down after a failure
     */
    public <T> Task<T> createTask(Callable<T> body, Context context) {
        Checks.notNull(body, "body");
        Checks.notNull(context, "context");
        return add(Asyncio.createTask(guard(body), context));
    }

    /**
     * Creates a named task in this group running in {@code context}, as {@code tg.create_task(coro,
     * name=name, context=ctx)}.
     *
     * @param name the task's name
     * @param body the task's body
     * @param context the context to run it in
     * @param <T> the value type
     * @return the task
     * @throws IllegalStateException if the group has exited or is shutting down after a failure
     */
    public <T> Task<T> createTask(String name, Callable<T> body, Context context) {
        Checks.notNull(name, "name");
        Checks.notNull(body, "body");
        Checks.notNull(context, "context");
        return add(Asyncio.createTask(name, guard(body), context));
    }

    /**
     * Creates a task with a body that returns nothing in this group; otherwise as {@link
     * #createTask(Callable)}. Java picks this overload only for a lambda without a value (see {@link
     * ThrowingRunnable}).
     *
     * @param body the task's body
     * @return the task, completing with null or the body's exception
     * @throws IllegalStateException if the group has exited or is shutting down after a failure
     */
    public Task<Void> createTask(ThrowingRunnable body) {
        return createTask(Asyncio.asCallable(Checks.notNull(body, "body")));
    }

    /**
     * Creates a named task with a body that returns nothing in this group; otherwise as {@link
     * #createTask(String, Callable)}.
     *
     * @param name the task's name
     * @param body the task's body
     * @return the task, completing with null or the body's exception
     * @throws IllegalStateException if the group has exited or is shutting down after a failure
     */
    public Task<Void> createTask(String name, ThrowingRunnable body) {
        Checks.notNull(name, "name");
        return createTask(name, Asyncio.asCallable(Checks.notNull(body, "body")));
    }

    private <T> Callable<T> guard(Callable<T> body) {
        synchronized (this) {
            if (exited || (exiting && children.isEmpty())) {
                throw new IllegalStateException("TaskGroup is finished");
            }
            if (aborting) {
                IllegalStateException refused = new IllegalStateException("TaskGroup is shutting down");
                refusal = refused;
                throw refused;
            }
        }
        return body;
    }

    private <T> Task<T> add(Task<T> task) {
        boolean late;
        synchronized (this) {
            children.add(task);
            // the task started before it was registered: if a child failed (or cancel() came) in
            // between, abort() did not see it, so it gets the same cancellation now
            late = aborting;
        }
        if (late) {
            task.cancel((String) null);
        }
        task.whenComplete((value, failure) -> childDone(task, failure));
        return task;
    }

    private void childDone(Task<?> task, @Nullable Throwable failure) {
        boolean cancelParent = false;
        CompletableFuture<Void> wake = null;
        synchronized (this) {
            children.remove(task);
            Throwable original = failure == null ? null : Sneaky.unwrap(failure);
            if (original != null && !(original instanceof CancellationException)) {
                errors.add(original);
                if (!aborting) {
                    abort();
                    if (bodyCancellable && !parentCancelRequested) {
                        parentCancelRequested = true;
                        parentCancelInFlight = true;
                        cancelParent = true;
                    }
                }
            }
            if (exiting && settled()) {
                wake = allDone;
            }
        }
        if (cancelParent) {
            wake = cancelParent();
        }
        if (wake != null) {
            wake.complete(null);
        }
    }

    /** Whether every child is done and no cancellation of the parent is on its way; under the monitor. */
    private boolean settled() {
        return children.isEmpty() && !parentCancelInFlight;
    }

    /**
     * Cancels the parent (outside the monitor: the request runs its awaited future's hooks), then
     * clears the in-flight mark; returns the future to complete if that settled an exiting group.
     */
    private @Nullable CompletableFuture<Void> cancelParent() {
        try {
            parent.cancel((String) null);
        } finally {
            synchronized (this) {
                parentCancelInFlight = false;
                if (exiting && settled()) {
                    return allDone;
                }
            }
        }
        return null;
    }

    private void abort() {
        aborting = true;
        for (Task<?> child : new ArrayList<>(children)) {
            child.cancel((String) null);
        }
    }

    /**
     * Stops the group early without an error, as Python 3.15's {@code TaskGroup.cancel()}: cancels every
     * task of the group that is not done and, in the {@link #run(Body) body form}, the body itself (its
     * current or next {@code await} throws {@link CancelledError}); the group then ends <em>without</em>
     * raising {@link CancelledError}, returning normally once its tasks are done (the body form returns
     * null when the body was cut short). Failures of tasks that fail anyway are still reported as a
     * {@link TaskGroupException}.
     *
     * <p>In the try-with-resources form {@code close()} cannot swallow what the block throws, so there
     * this cancels only the tasks, never the block: the block runs on and {@code close()} returns
     * normally once the tasks are done. Calling it again, or after the group ended, does nothing. Any
     * task or thread may call it.
     *
     * <pre>{@code
     * TaskGroup.run(tg -> {
     *     tg.createTask(() -> serveForever(listener));
     *     await(shutdownRequested.waitFor());
     *     tg.cancel();                 // stop serving; run(...) returns normally
     *     return null;
     * });
     * }</pre>
     */
    public void cancel() {
        boolean cancelBody = false;
        synchronized (this) {
            if (exited || cancelRequested) {
                return;
            }
            cancelRequested = true;
            if (!aborting) {
                abort();
            }
            if (bodyCancellable && !parentCancelRequested && !exiting) { // once exiting, the body is over
                parentCancelRequested = true;
                parentCancelInFlight = true;
                cancelBody = true;
            }
        }
        if (cancelBody) {
            CompletableFuture<Void> wake = cancelParent();
            if (wake != null) {
                wake.complete(null);
            }
        }
    }

    /**
     * Waits for every task of the group, as leaving an {@code async with TaskGroup()} block; cancels
     * them first if the enclosing task was cancelled. If the enclosing task is cancelled while waiting,
     * the tasks are cancelled and still waited for, and the {@link CancelledError} is thrown afterwards.
     *
     * @throws TaskGroupException if any task failed
     * @throws CancelledError if the enclosing task was cancelled
     * @throws IllegalStateException if called twice, or from another task than the one that opened it
     */
    @Override
    public void close() {
        exit(null);
    }

    private void exit(@Nullable Throwable bodyFailure) {
        if (Task.current() != parent) {
            throw new IllegalStateException("a TaskGroup must be closed by the task that opened it: " + parent);
        }
        synchronized (this) {
            if (exiting) {
                throw new IllegalStateException("TaskGroup closed twice");
            }
            exiting = true;
            boolean cancelledFromOutside = parent.cancelling() > cancellingAtEntry + (parentCancelRequested ? 1 : 0);
            if ((bodyFailure != null || cancelledFromOutside) && !aborting) {
                abort();
            }
            if (settled()) {
                allDone.complete(null);
            }
        }
        CancellationException propagate =
                bodyFailure instanceof CancellationException ? (CancellationException) bodyFailure : null;
        while (true) {
            CompletableFuture<Void> waitFor;
            synchronized (this) {
                if (settled()) {
                    break;
                }
                waitFor = allDone;
            }
            try {
                awaitDone(waitFor);
            } catch (CancellationException cancelledWhileWaiting) {
                synchronized (this) {
                    if (!parentCancelRequested) {
                        propagate = cancelledWhileWaiting;
                    }
                    if (!aborting) {
                        abort();
                    }
                }
            }
        }
        List<Throwable> failures;
        synchronized (this) {
            exited = true;
            if (parentCancelRequested && parent.uncancel() <= cancellingAtEntry) {
                propagate = null; // our own cancellation of the body, now turned into the group's error
            }
            failures = new ArrayList<>(errors);
        }
        if (bodyFailure != null && !(bodyFailure instanceof CancellationException)) {
            failures.add(bodyFailure);
        }
        if (propagate != null && failures.isEmpty()) {
            throw propagate;
        }
        if (!failures.isEmpty()) {
            if (parent.cancelling() > 0) {
                // cancelled from outside as well: the group's error goes first, and the request is
                // pending again for the parent's next wait (asyncio 3.13's uncancel() + cancel())
                parent.uncancel();
                parent.cancel((String) null);
            }
            throw new TaskGroupException(failures);
        }
    }

    /** Waits in the owning task; the only failure a wait on our own future can see is a cancellation. */
    private static void awaitDone(CompletableFuture<Void> future) {
        try {
            Asyncio.await(future.copy());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public synchronized String toString() {
        String state = exited ? "exited" : aborting ? "aborting" : exiting ? "exiting" : "open";
        return "TaskGroup[" + state + ", tasks=" + children.size() + ", errors=" + errors.size() + "]";
    }
}
