package io.asyncio4j.internal;

import io.asyncio4j.KeyboardInterrupt;
import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.CompletableJob;
import kotlinx.coroutines.CoroutineDispatcher;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.CoroutineScopeKt;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.SupervisorKt;
import org.jspecify.annotations.Nullable;

/**
 * What asyncio calls the event loop: a kotlinx supervisor scope that owns the coroutines of one run,
 * the registry of its tasks for {@code allTasks()}, the executor on which its non-blocking
 * continuations and done callbacks run, and its serial callbacks ({@code callSoon}, {@code
 * callLater}). Unlike Python's loop it is not one thread: task bodies run in parallel on task threads
 * and continuations on kotlinx's {@code Dispatchers.Default}; only loop callbacks are serialized.
 */
public final class Loop {
    private static final ThreadLocal<Loop> CALLBACK_LOOP = new ThreadLocal<>();
    private static final long DEFAULT_SLOW_NANOS = 100_000_000L;
    private static final CoroutineDispatcher DEFAULT = Dispatchers.getDefault();
    private static final Loop GLOBAL = new Loop("global", DebugMode.fromEnvironment());

    private final String label;
    private final CompletableJob job;
    private final CoroutineScope scope;
    private final Executor executor;
    private final TaskRegistry tasks = new TaskRegistry();
    private final Queue<UnretrievedReport> reports = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger reportsSinceSweep = new AtomicInteger();
    private volatile int reportsAfterSweep;
    private volatile @Nullable LoopCallbacks callbacks;
    private volatile @Nullable LoopDiagnostics diagnostics;
    private volatile @Nullable Object handle;
    private volatile boolean debug;
    private volatile long slowNanos = DEFAULT_SLOW_NANOS;
    private volatile boolean closing;
    private volatile boolean closed;

    public Loop(String label, boolean debug) {
        this.label = label;
        this.debug = debug;
        this.job = SupervisorKt.SupervisorJob(null);
        // the job goes last: every coroutine replaces it with itself, which is free for the
        // outermost element and costs one context node per element above it otherwise
        CoroutineContext context = Dispatchers.getDefault()
                .plus(LoopElementKt.loopElement(this))
                .plus(Coroutines.loggingHandler(label))
                .plus(job);
        this.scope = CoroutineScopeKt.CoroutineScope(context);
        // a continuation runs in a copy of the context where it was dispatched (asyncio's call_soon)
        this.executor =
                runnable -> DEFAULT.dispatch(EmptyCoroutineContext.INSTANCE, Contexts.bind(() -> runOnLoop(runnable)));
    }

    /**
     * The loop of the calling code: the running task's loop, else the loop whose continuation is
     * running on this thread, else the process-wide loop that owns work started outside any run.
     */
    public static Loop current() {
        BodyCore<?> task = BodyCore.current();
        if (task != null) {
            return task.loop();
        }
        Loop callbackLoop = CALLBACK_LOOP.get();
        return callbackLoop != null ? callbackLoop : GLOBAL;
    }

    /** The running loop of the calling code, or null outside any run (the global loop does not count). */
    public static @Nullable Loop running() {
        Loop loop = current();
        return loop == GLOBAL ? null : loop;
    }

    /** The loop whose callback or continuation runs on this thread (not a task body), or null. */
    public static @Nullable Loop callbackLoop() {
        return CALLBACK_LOOP.get();
    }

    /** The process-wide loop for work started outside any run. */
    public static Loop global() {
        return GLOBAL;
    }

    /** The kotlinx scope whose supervisor job parents every coroutine of this loop. */
    public CoroutineScope scope() {
        return scope;
    }

    /** Runs continuations and callbacks on kotlinx's default dispatcher, inside this loop. */
    public Executor executor() {
        return executor;
    }

    /** Whether {@link #close()} has begun: the loop is cancelling its leftover tasks. */
    public boolean closing() {
        return closing;
    }

    /** The public handle of this loop, created once by the API layer. */
    public @Nullable Object handle() {
        return handle;
    }

    /** Sets the public handle if none is set; returns the one in place. */
    public synchronized Object handle(Object candidate) {
        if (handle == null) {
            handle = candidate;
        }
        return handle;
    }

    // ---- running code inside the loop, timed in debug mode

    private void runOnLoop(Runnable runnable) {
        Object state = enter();
        try {
            runnable.run();
        } finally {
            exit(state, runnable);
        }
    }

    private static final class Entered {
        final @Nullable Loop outer;
        final long start;

        Entered(@Nullable Loop outer, long start) {
            this.outer = outer;
            this.start = start;
        }
    }

    /** Marks the calling thread as running code of this loop; pass the result to {@link #exit}. */
    @Nullable
    Object enter() {
        Loop outer = CALLBACK_LOOP.get();
        CALLBACK_LOOP.set(this);
        if (!debug) {
            return outer;
        }
        Diagnostics.takeReportedInSegment(); // a note left by an earlier segment is not ours
        return new Entered(outer, System.nanoTime());
    }

    /** Restores the thread's previous loop; in debug mode, reports a slow segment of {@code what}. */
    void exit(@Nullable Object state, Object what) {
        Loop outer;
        if (state instanceof Entered) {
            Entered entered = (Entered) state;
            outer = entered.outer;
            long took = System.nanoTime() - entered.start;
            if (took > slowNanos && !Diagnostics.takeReportedInSegment()) {
                Diagnostics.slowCallback(describe(what), took, null);
            }
        } else {
            outer = (Loop) state;
        }
        // set, not remove: pool threads enter and exit loops all the time, and removing the entry
        // made every next get() rebuild it (ThreadLocal.setInitialValue was the top W4 profile frame)
        CALLBACK_LOOP.set(outer);
    }

    private String describe(Object what) {
        if (what instanceof CoroutineContext) {
            kotlinx.coroutines.CoroutineName name = ((CoroutineContext) what).get(kotlinx.coroutines.CoroutineName.Key);
            return "a coroutine of " + this + (name == null ? "" : " named " + name.getName());
        }
        return "continuation " + what;
    }

    /**
     * Runs a user callback on the current thread as code of this loop, logging its failure (asyncio's
     * default exception handler) and, in debug mode, a slow run with where the callback was created.
     */
    public void runCallback(Runnable callback, Object what, @Nullable CreationSite site) {
        Loop outer = CALLBACK_LOOP.get();
        CALLBACK_LOOP.set(this);
        long start = debug ? System.nanoTime() : 0;
        try {
            callback.run();
        } catch (Throwable failure) {
            Diagnostics.callbackFailed(String.valueOf(what), failure);
        } finally {
            if (start != 0) {
                long took = System.nanoTime() - start;
                if (took > slowNanos) {
                    Diagnostics.slowCallback(String.valueOf(what), took, site);
                    Diagnostics.markReportedInSegment(); // the enclosing coroutine segment says nothing more
                }
            }
            CALLBACK_LOOP.set(outer); // see exit(): keep the entry
        }
    }

    /** Runs {@link #runCallback} soon on kotlinx's default dispatcher. */
    public void dispatchCallback(Runnable callback, Object what, @Nullable CreationSite site) {
        DEFAULT.dispatch(EmptyCoroutineContext.INSTANCE, () -> runCallback(callback, what, site));
    }

    // ---- callbacks

    private LoopCallbacks callbacks() {
        LoopCallbacks c = callbacks;
        if (c == null) {
            synchronized (this) {
                c = callbacks;
                if (c == null) {
                    c = new LoopCallbacks(this);
                    callbacks = c;
                }
            }
        }
        return c;
    }

    /** Schedules {@code callback} to run soon, after the callbacks already scheduled. */
    public ScheduledCallback callSoon(Runnable callback) {
        checkOpen();
        return callbacks().callSoon(callback);
    }

    /** Schedules {@code callback} at loop time {@code when}. */
    public ScheduledCallback callAt(double when, Runnable callback) {
        checkOpen();
        return callbacks().callAt(when, callback);
    }

    /** Cancels a scheduled callback; a callback that ran already is not affected. */
    public void cancel(ScheduledCallback callback) {
        callbacks().cancel(callback);
    }

    /** The loop's debug-mode state, created on first use. */
    LoopDiagnostics diagnostics() {
        LoopDiagnostics d = diagnostics;
        if (d == null) {
            synchronized (this) {
                d = diagnostics;
                if (d == null) {
                    d = new LoopDiagnostics(this);
                    diagnostics = d;
                }
            }
        }
        return d;
    }

    // ---- settings

    public boolean debug() {
        return debug;
    }

    public void debug(boolean enabled) {
        debug = enabled;
    }

    public long slowCallbackNanos() {
        return slowNanos;
    }

    public void slowCallbackNanos(long nanos) {
        slowNanos = nanos;
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean isRunning() {
        return running.get() > 0;
    }

    // ---- tasks

    /** Creates and starts a direct-style task of this loop. */
    public <T> Task<T> createTask(@Nullable String name, Callable<? extends T> body) {
        BodyCore<T> core = startTask(name, body, null);
        return core.task();
    }

    /** Creates and starts a direct-style task running in {@code context} itself (asyncio's {@code context=}). */
    public <T> Task<T> createTask(@Nullable String name, Callable<? extends T> body, ContextState context) {
        BodyCore<T> core = startTask(name, body, context);
        return core.task();
    }

    private <T> BodyCore<T> startTask(
            @Nullable String name, Callable<? extends T> body, @Nullable ContextState context) {
        checkOpen();
        BodyCore<?> creator = BodyCore.current();
        if (creator != null && creator.isRunningOnCurrentThread()) {
            creator.spawned(); // its next zero sleep lets this task start first; see BodyCore.spawnedSinceWait
        }
        BodyCore<T> core = new BodyCore<>(this, name, body);
        if (context != null) {
            Contexts.activate();
            core.context(context);
        }
        core.attach();
        // A blocking body cannot be a kotlinx coroutine; it gets a task thread of its own directly.
        // Everything it waits on (sleeps, timers, channel and semaphore waits) is a coroutine of
        // this loop's scope, so cancelling the scope still reaches all of its suspended work.
        TaskThreads.bodies().execute(core);
        return core;
    }

    void register(TaskCore<?> core) {
        tasks.add(core);
    }

    /** Keeps the report of a failed task until its exception is retrieved, its task collected or the run ends. */
    void track(Object task, UnretrievedReport report) {
        if (this != GLOBAL) {
            reports.add(report);
            // drop the reports already retrieved or logged once as many were added as were kept last
            // time, so a long run of failures that are handled does not keep every exception
            int added = reportsSinceSweep.incrementAndGet();
            if (added > Math.max(1024, reportsAfterSweep) && reportsSinceSweep.compareAndSet(added, 0)) {
                int kept = 0;
                for (java.util.Iterator<UnretrievedReport> it = reports.iterator(); it.hasNext(); ) {
                    if (it.next().settled()) {
                        it.remove();
                    } else {
                        kept++;
                    }
                }
                reportsAfterSweep = kept;
            }
        }
        Diagnostics.logWhenCollected(task, report);
    }

    /** The live registered tasks of this loop. */
    public List<Task<?>> tasks() {
        List<TaskCore<?>> cores = liveCores();
        List<Task<?>> live = new ArrayList<>(cores.size());
        for (TaskCore<?> core : cores) {
            live.add(core.task());
        }
        return live;
    }

    /** The live registered tasks' cores. */
    public List<TaskCore<?>> liveCores() {
        return tasks.live();
    }

    private void checkOpen() {
        if (closed || (closing && current() != this)) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    // ---- running

    /**
     * Runs {@code main} as a task of this loop and blocks the calling thread until it is done. Returns
     * main's value or throws its original failure. The loop stays open; see {@link #close()}.
     */
    public <T> T runUntilComplete(Callable<? extends T> main) throws Exception {
        if (BodyCore.current() != null || running() != null) {
            throw new IllegalStateException(
                    "Asyncio.run() cannot be called from a running event loop; await the work instead");
        }
        if (!running.compareAndSet(0, 1)) {
            throw new IllegalStateException(this + " is already running");
        }
        Sigint sigint = Sigint.install(); // Ctrl-C cancels main, on the main thread only
        EventLoops.started(this);
        try {
            BodyCore<T> mainCore = startTask("main", main, null);
            Task<T> mainTask = mainCore.task();
            if (sigint != null) {
                sigint.watch(mainTask);
            }
            boolean interrupted = false;
            while (true) {
                try {
                    mainCore.awaitDone();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    mainTask.cancel("interrupted");
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (sigint != null) {
                sigint.restore();
                if (sigint.interrupted() && mainTask.isCancelled() && mainTask.uncancel() == 0) {
                    KeyboardInterrupt stopped = new KeyboardInterrupt();
                    try {
                        Sneaky.outcome(mainTask);
                    } catch (Exception cancelled) {
                        stopped.initCause(cancelled);
                    }
                    throw stopped;
                }
            }
            return AwaitSite.outcome(mainTask);
        } finally {
            if (sigint != null) {
                sigint.restore();
            }
            running.decrementAndGet();
        }
    }

    /**
     * Cancels every task still pending, waits until they are all done (asyncio's
     * {@code _cancel_all_tasks}), logs exceptions nobody retrieved, then cancels the loop's remaining
     * coroutines and closes it.
     */
    public void close() {
        if (closed) {
            return;
        }
        if (running() == this) {
            throw new IllegalStateException("cannot close " + this + " from its own code");
        }
        closing = true;
        boolean interrupted = false;
        List<TaskCore<?>> leftovers;
        while (!(leftovers = liveCores()).isEmpty()) {
            for (TaskCore<?> core : leftovers) {
                core.requestCancel(null);
            }
            for (TaskCore<?> core : leftovers) {
                try {
                    core.awaitDone();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        closed = true;
        job.cancel(null);
        Coroutines.joinBlocking(job);
        UnretrievedReport report;
        while ((report = reports.poll()) != null) {
            Diagnostics.neverRetrieved(report);
        }
        LoopDiagnostics d = diagnostics;
        if (d != null) {
            d.closed();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + label + (closed ? ", closed" : running.get() > 0 ? ", running" : "") + "]";
    }
}
