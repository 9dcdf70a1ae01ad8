package io.asyncio4j.internal;

import io.asyncio4j.CancelledError;
import io.asyncio4j.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The state and behaviour behind a {@link Task}: its loop, name, cancellation requests and done
 * callbacks. Subclasses decide what a cancellation request does (wake a body, cancel a timer, cancel
 * an awaited future); the task itself only ever completes from its work's outcome, through {@link
 * #completeValue}, {@link #completeFailure} or {@link #completeCancelled}.
 *
 * @param <T> the task's result type
 */
public abstract class TaskCore<T> {
    /** Installed by {@link Task}'s static initializer: the only way to construct a {@code Task}. */
    public interface Binder {
        /** Creates the public task for {@code core}; the task calls {@link TaskCore#bind} at once. */
        <T> Task<T> newTask(TaskCore<T> core);

        /** The core behind a task. */
        <T> TaskCore<T> coreOf(Task<T> task);
    }

    /** Completes the {@code CompletableFuture} behind a task; handed over by the task itself. */
    public interface Completer<T> {
        /** Completes normally; false if already complete. */
        boolean value(@Nullable T value);

        /** Completes exceptionally; false if already complete. */
        boolean failure(Throwable failure);

        /** Waits until the task is done without counting as retrieving its outcome. */
        void awaitDone() throws InterruptedException;

        /** Reads the outcome of a done task as {@code join()} does, without counting as retrieving it. */
        @Nullable
        T joinQuietly();

        /**
         * Replaces the outcome of a done task by {@code failure}: only for an operation whose sole
         * awaiter gave back what it carried (see {@link OpCore#undoForCancel()}).
         */
        void retract(Throwable failure);
    }

    private static volatile @Nullable Binder binder;
    private static final AtomicLong NAMES = new AtomicLong();
    private static final Object[] DONE = new Object[0];
    private static final Object[] NO_CALLBACKS = new Object[0];
    private static final VarHandle CANCEL_REQUESTS;
    private static final VarHandle CALLBACKS;
    private static final VarHandle REPORT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CANCEL_REQUESTS = lookup.findVarHandle(TaskCore.class, "cancelRequests", int.class);
            CALLBACKS = lookup.findVarHandle(TaskCore.class, "callbacks", Object[].class);
            REPORT = lookup.findVarHandle(TaskCore.class, "report", UnretrievedReport.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The core behind {@code task}. */
    public static <T> TaskCore<T> of(Task<T> task) {
        return binder().coreOf(task);
    }

    private static Binder binder() {
        Binder b = binder;
        if (b == null) {
            ensureTaskInitialized();
            b = binder;
        }
        return b;
    }

    /** Called once by {@link Task}. */
    public static void install(Binder taskBinder) {
        if (binder != null) {
            throw new IllegalStateException("task binder already installed");
        }
        binder = taskBinder;
    }

    protected final Loop loop;
    private final boolean registered;
    private final @Nullable CreationSite site;
    private volatile @Nullable String name;
    private @Nullable Task<T> task;
    private @Nullable Completer<T> completer;

    @SuppressWarnings("unused") // through CANCEL_REQUESTS
    private volatile int cancelRequests;

    private volatile @Nullable String cancelMessage;
    private volatile boolean retrieved;

    /** Set once a second party retrieves the outcome or adds a callback: nobody may take it back then. */
    private volatile boolean shared;

    private volatile @Nullable UnretrievedReport report;
    private volatile @Nullable Unawaited unawaited; // debug mode, operations only: see Unawaited

    @SuppressWarnings("unused") // through CALLBACKS
    private volatile Object[] callbacks = NO_CALLBACKS;

    // asyncio's task context (contextvars), copied from the creator's; null while empty. See Contexts.
    private @Nullable ContextState context = Contexts.capture();

    /**
     * @param loop the loop the task belongs to
     * @param name the name, or null for the default {@code Task-N}
     * @param registered whether the task is listed by {@code allTasks()} and cancelled when its run ends
     */
    protected TaskCore(Loop loop, @Nullable String name, boolean registered) {
        this.loop = loop;
        this.name = name;
        this.registered = registered;
        this.site = loop.debug() ? new CreationSite() : null;
    }

    /**
     * Creates the public task for this core and registers it with its loop; call once, right after the
     * constructor, before the work starts.
     */
    public final Task<T> attach() {
        Task<T> t = binder().newTask(this);
        if (registered) {
            loop.register(this);
        }
        return t;
    }

    private static void ensureTaskInitialized() {
        try {
            MethodHandles.lookup().ensureInitialized(Task.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Called by the {@link Task} constructor. */
    public final void bind(Task<T> publicTask, Completer<T> taskCompleter) {
        if (this.task != null) {
            throw new IllegalStateException("already bound");
        }
        this.task = publicTask;
        this.completer = taskCompleter;
    }

    /** The public task. */
    @SuppressWarnings("NullAway")
    public final Task<T> task() {
        return task;
    }

    /** The loop this task belongs to. */
    public final Loop loop() {
        return loop;
    }

    /** Whether the task is listed by {@code allTasks()} (a user task, not an operation). */
    final boolean registered() {
        return registered;
    }

    /** Where the task was created, in debug mode; null otherwise. */
    public final @Nullable CreationSite site() {
        return site;
    }

    /** The context the task runs in, or null while it has none (see {@link Contexts}). */
    public final @Nullable ContextState context() {
        return context;
    }

    /** Sets the task's context: one given at creation, before the work starts, or one made on first use. */
    public final void context(ContextState state) {
        context = state;
    }

    /** The task's name, {@code Task-N} unless one was given. */
    public final String name() {
        String n = name;
        if (n == null) {
            n = "Task-" + NAMES.incrementAndGet();
            name = n;
        }
        return n;
    }

    /** Renames the task. */
    public final void name(String newName) {
        name = Checks.notNull(newName, "name");
    }

    // ---- cancellation as a request

    /**
     * Records a cancellation request and passes it to the work, inside this call; returns false if the
     * task is already done, or if the work refused the request (an operation that already took its
     * permit or item, as asyncio's {@code Future.cancel()} on a future whose result is set). A refused
     * request is not counted.
     */
    public final boolean requestCancel(@Nullable String message) {
        observed();
        if (task().isDone()) {
            return false;
        }
        CANCEL_REQUESTS.getAndAdd(this, 1);
        cancelMessage = message;
        if (onCancelRequest(message)) {
            return true;
        }
        CANCEL_REQUESTS.getAndAdd(this, -1); // refused: as if never asked
        return false;
    }

    /**
     * What a cancellation request does to the work (relay it to what a body awaits, cancel a timer,
     * withdraw a waiter), synchronously; false if the work refuses it because it already has its
     * outcome.
     */
    protected abstract boolean onCancelRequest(@Nullable String message);

    /** The number of pending cancellation requests, as asyncio's {@code Task.cancelling()}. */
    public final int cancelling() {
        return (int) CANCEL_REQUESTS.getVolatile(this);
    }

    /** Decrements the pending cancellation requests, as asyncio's {@code Task.uncancel()}. */
    public final int uncancel() {
        int current;
        do {
            current = (int) CANCEL_REQUESTS.getVolatile(this);
            if (current == 0) {
                return 0;
            }
        } while (!CANCEL_REQUESTS.compareAndSet(this, current, current - 1));
        if (current == 1) {
            onFullyUncancelled();
        }
        return current - 1;
    }

    /** Called when {@link #uncancel()} brings the request count back to zero. */
    protected void onFullyUncancelled() {}

    /** The message of the latest cancellation request, or null. */
    public final @Nullable String cancelMessage() {
        return cancelMessage;
    }

    // ---- completion from the work's outcome

    /** Completes the task with a value; false if it was already complete. */
    public final boolean completeValue(@Nullable T value) {
        @SuppressWarnings("NullAway")
        boolean done = completer.value(value);
        if (done) {
            afterCompletion(value, null);
        }
        return done;
    }

    /** Completes the task with a failure (a cancellation if it is a CancellationException). */
    public final boolean completeFailure(Throwable failure) {
        UnretrievedReport r = null;
        if (!retrieved && !(failure instanceof java.util.concurrent.CancellationException) && !task().isDone()) {
            // published and tracked before the task completes: whoever retrieves the outcome once the
            // task is done finds it, and so does a loop closing once its tasks are done
            UnretrievedReport candidate = new UnretrievedReport(name(), failure, site);
            if (REPORT.compareAndSet(this, null, candidate)) {
                r = candidate;
                loop.track(task(), r);
            }
        }
        @SuppressWarnings("NullAway")
        boolean done = completer.failure(failure);
        // retrieved is read after the report was published, as markRetrieved reads the report after
        // setting the flag: one of the two sees the other
        if (r != null && (!done || retrieved)) {
            r.retrieved(); // retrieved already, or another outcome came first and this failure is no task's
        }
        if (done) {
            afterCompletion(null, failure);
        }
        return done;
    }

    /**
     * Records that someone looked at, or took responsibility for, the task's outcome (await, join,
     * result, exception, a dependent stage); a failure that is never retrieved is logged.
     */
    public final void markRetrieved() {
        if (!retrieved) {
            retrieved = true;
            UnretrievedReport r = report;
            if (r != null) {
                r.retrieved();
            }
            observed();
        } else if (!shared) {
            shared = true;
        }
    }

    /** Whether more than one party retrieved the outcome or registered a callback for it. */
    final boolean outcomeShared() {
        return shared;
    }

    @SuppressWarnings("NullAway") // bound before the task is published
    final void retract(Throwable failure) {
        completer.retract(failure);
    }

    /** In debug mode, reports this operation if nobody ever observes it; see {@link Unawaited}. */
    final void watchUnawaited() {
        if (site != null && unawaited == null) {
            unawaited = Unawaited.watch(this, site);
            if (retrieved) {
                observed();
            }
        }
    }

    /**
     * Records that something depends on the outcome (so it is no forgotten await) without retrieving a
     * failure: a shield awaits its inner task this way.
     */
    public final void markAwaited() {
        observed();
    }

    /** Someone awaited, composed, cancelled or added a callback to the task: not a forgotten await. */
    private void observed() {
        Unawaited u = unawaited;
        if (u != null) {
            u.observed();
        }
    }

    /** Waits until the task is done, without retrieving its outcome (for the loop's own waits). */
    @SuppressWarnings("NullAway")
    public final void awaitDone() throws InterruptedException {
        completer.awaitDone();
    }

    /** Completes the task as cancelled, with the latest request's message unless one is given. */
    public final boolean completeCancelled(@Nullable String message) {
        return completeFailure(new CancelledError(message != null ? message : cancelMessage));
    }

    private void afterCompletion(@Nullable Object value, @Nullable Throwable failure) {
        Object[] pending = (Object[]) CALLBACKS.getAndSet(this, DONE);
        for (Object callback : pending) {
            if (callback instanceof Listener) {
                ((Listener) callback).done(value, failure);
            } else {
                scheduleCallback(callback);
            }
        }
    }

    /**
     * The library's own completion hook: runs on the completing thread with the outcome, and costs no
     * dependent future (a {@code whenComplete} allocates two objects more per waiter). Never a user
     * callback: those are {@link Consumer}s scheduled on the loop.
     */
    public abstract static class Listener {
        /** The task completed with {@code value}, or with {@code failure} when it is not null. */
        public abstract void done(@Nullable Object value, @Nullable Throwable failure);
    }

    /**
     * Runs {@code listener} when the task completes, or at once on the calling thread if it is done;
     * counts as retrieving the outcome.
     */
    public final void listen(Listener listener) {
        markRetrieved();
        observe(listener);
    }

    /**
     * As {@link #listen}, but without counting as retrieving the outcome: for the library's own
     * bookkeeping, which must not hide a failure nobody else sees.
     */
    public final void observe(Listener listener) {
        while (true) {
            Object[] current = (Object[]) CALLBACKS.getVolatile(this);
            if (current == DONE) {
                Object value = null;
                Throwable failure = null;
                try {
                    @SuppressWarnings("NullAway")
                    Object v = completer.joinQuietly();
                    value = v;
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                    failure = e;
                }
                listener.done(value, failure);
                return;
            }
            Object[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = listener;
            if (CALLBACKS.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    // ---- done callbacks, run on the loop's executor as asyncio schedules them with call_soon

    /** Adds a callback run once the task is done (at once, asynchronously, if it is done already). */
    public final void addDoneCallback(Consumer<? super Task<T>> callback) {
        Checks.notNull(callback, "callback");
        observed();
        shared = true; // the callback sees the outcome: no awaiter may take it back
        while (true) {
            Object[] current = (Object[]) CALLBACKS.getVolatile(this);
            if (current == DONE) {
                scheduleCallback(callback);
                return;
            }
            Object[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = callback;
            if (CALLBACKS.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    /** Removes every registration of {@code callback}; returns how many were removed. */
    public final int removeDoneCallback(Consumer<? super Task<T>> callback) {
        Checks.notNull(callback, "callback");
        while (true) {
            Object[] current = (Object[]) CALLBACKS.getVolatile(this);
            if (current == DONE) {
                return 0;
            }
            Object[] kept = Arrays.stream(current)
                    .filter(c -> c instanceof Listener || !c.equals(callback))
                    .toArray();
            int removed = current.length - kept.length;
            if (removed == 0) {
                return 0;
            }
            if (CALLBACKS.compareAndSet(this, current, kept)) {
                return removed;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void scheduleCallback(Object callback) {
        Task<T> t = task();
        loop.dispatchCallback(() -> ((Consumer<? super Task<T>>) callback).accept(t), "done callback of " + t, site);
    }

    /**
     * Whether awaiting this task is always a suspension in asyncio, even once it is done (a sleep): a
     * pending cancellation request is then delivered at the await.
     */
    public boolean isSuspensionPoint() {
        return false;
    }

    /** A short description of what the task is waiting for, for task dumps; null when not known. */
    public @Nullable String waitingOn() {
        return null;
    }
}
