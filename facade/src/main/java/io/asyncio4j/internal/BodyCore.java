package io.asyncio4j.internal;

import io.asyncio4j.CancelledError;
import io.asyncio4j.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A direct-style task: a {@link Callable} body run on a task thread (virtual on JDK 21+), which waits
 * in {@link #await} by parking. A cancellation request is relayed, inside {@code cancel()}, to the
 * future the body is parked on, as asyncio's {@code Task.cancel()} cancels the task's {@code
 * _fut_waiter}; where there is none, or it refuses (it is done, or already took its permit or item),
 * the request stays pending ({@code _must_cancel}) and goes to the next future the body waits on. The
 * {@link CancelledError} the body sees decides, by escaping or not, how the task ends; a body that
 * returns with a request still pending ends cancelled.
 *
 * @param <T> the result type
 */
public final class BodyCore<T> extends TaskCore<T> implements Runnable {
    private static final ThreadLocal<BodyCore<?>> CURRENT = new ThreadLocal<>();
    private static final VarHandle MUST_CANCEL;

    static {
        try {
            MUST_CANCEL = MethodHandles.lookup().findVarHandle(BodyCore.class, "mustCancel", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Callable<? extends T> body;
    private volatile @Nullable Thread thread;

    /** A request not yet handed to an awaited future: asyncio's {@code _must_cancel}. */
    @SuppressWarnings("unused") // through MUST_CANCEL
    private volatile boolean mustCancel;

    /** The innermost {@code Asyncio.timeout} scope the body is in; read and written by the body only. */
    public @Nullable Object innermostTimeout;

    /**
     * Work to run on the body's thread when it next awaits, before it suspends (a timeout whose deadline
     * had passed when it was set: asyncio's {@code call_soon}); read and written by the body only.
     */
    public @Nullable Consumer<BodyCore<?>> beforeSuspend;

    /**
     * A zero sleep this body started and has not waited for since: it completes when the body next
     * waits, or by the loop's executor if the body waits for something else, blocks in {@code join},
     * or returns first; read and written by the body only. See {@link #deferYield}.
     */
    private @Nullable OpCore<?> deferredYield;

    /**
     * Whether this body created a task since it last waited; read and written by the body only. A zero
     * sleep is then not deferred: asyncio's {@code create_task(...); await sleep(0)} lets the new task
     * take its first step, which the hop through the loop's executor gives it time to do (a yield of the
     * body's own thread would usually come first, and a task cancelled before it starts never runs).
     */
    private boolean spawnedSinceWait;

    /** Set once the body returned, so that a request arriving after that is refused, not lost. */
    private volatile boolean returned;

    /** The future the body is parked on: asyncio's {@code _fut_waiter}. */
    private volatile @Nullable CompletableFuture<?> waitingOn;

    /** Debug mode's watch for a body blocking its thread; null outside debug mode. */
    private final @Nullable BodyWatch watch = site() != null ? new BodyWatch() : null;

    public BodyCore(Loop loop, @Nullable String name, Callable<? extends T> body) {
        super(loop, name, true);
        this.body = body;
    }

    /** The body task running on the calling thread, or null outside task bodies. */
    public static @Nullable BodyCore<?> current() {
        return CURRENT.get();
    }

    @Override
    public void run() {
        Thread self = Thread.currentThread();
        BodyCore<?> outer = CURRENT.get();
        CURRENT.set(this);
        thread = self;
        Object context = Contexts.enterBody(this); // contextvars and bridged thread-locals; null when unused
        if (watch != null) {
            watch.resumed(loop);
        }
        try {
            if (mustCancel) {
                // cancelled before it started: the body never runs
                completeCancelled(null);
                return;
            }
            T value = body.call();
            flushDeferredYield(); // before the task completes: a zero sleep it left is done no later
            returned = true; // before the flag is read: a racing cancel() sees one or the other
            if (MUST_CANCEL.compareAndSet(this, true, false)) {
                // asyncio: a coroutine that stops while _must_cancel is set ends the task cancelled
                completeCancelled(null);
            } else {
                completeValue(value);
            }
        } catch (Throwable failure) {
            flushDeferredYield();
            completeFailure(failure);
        } finally {
            Contexts.exit(context);
            if (watch != null) {
                watch.parked();
            }
            thread = null;
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    @Override
    protected boolean onCancelRequest(@Nullable String message) {
        mustCancel = true;
        if (returned && MUST_CANCEL.compareAndSet(this, true, false)) {
            return false; // the body has returned its value: too late, as for a done task
        }
        relayPending(); // asyncio: self._fut_waiter.cancel(msg), inside cancel()
        if (returned && MUST_CANCEL.compareAndSet(this, true, false)) {
            // the body returned while the relay held the flag (a refused relay puts it back): it did
            // not see the request, so this is a request after the return, refused as above
            return false;
        }
        return true; // a task accepts every request while pending; its body decides the outcome
    }

    @Override
    protected void onFullyUncancelled() {
        mustCancel = false;
    }

    /** Records, on the body's thread, that this body created a task; see {@link #spawnedSinceWait}. */
    void spawned() {
        spawnedSinceWait = true;
    }

    /** Whether a zero sleep started now by this body, on its thread, may be deferred; see {@link #deferYield}. */
    boolean mayDeferYield() {
        return !spawnedSinceWait;
    }

    /**
     * Defers a zero sleep started by this body, on its own thread: asyncio's {@code sleep(0)} gives the
     * other tasks one turn and resumes, and nothing else in asyncio runs before the sleeping task
     * yields. The common {@code await(sleep(0))} then costs one {@link Thread#yield()} of the body's
     * (virtual) thread and no hop through the loop's executor, whose wake-up of a pool thread is what a
     * zero sleep cost before (about 3 µs of the 8 µs of a W4 task). Anyone who awaits the sleep
     * completes it that way; a second zero sleep, any other wait and the body's return send the pending
     * one to the executor, so it never waits longer than until this body waits. Not used right after the
     * body created a task: see {@link #spawnedSinceWait}.
     */
    void deferYield(OpCore<?> sleep, Runnable completion) {
        sleep.yieldOnce(completion);
        flushDeferredYield();
        deferredYield = sleep;
    }

    /** Sends the zero sleep this body deferred, if any, to the loop's executor; on the body's thread. */
    private void flushDeferredYield() {
        OpCore<?> sleep = deferredYield;
        if (sleep != null) {
            deferredYield = null;
            loop.executor().execute(sleep::runHandedOff);
        }
    }

    /**
     * Before the calling thread blocks on {@code future} without {@code await} ({@code join}, {@code
     * get}): if it is not done and the thread is a task body, sends the body's deferred zero sleep to the
     * loop's executor, so that a body blocking on its own {@code sleep(0)} does not wait for itself.
     */
    public static void beforeBlocking(Future<?> future) {
        if (future.isDone()) {
            return;
        }
        BodyCore<?> body = CURRENT.get();
        if (body != null && body.thread == Thread.currentThread()) {
            body.flushDeferredYield();
        }
    }

    /** Whether the calling thread is this task's body. */
    public boolean isRunningOnCurrentThread() {
        return thread == Thread.currentThread();
    }

    /**
     * Takes the pending request, if any, for code that delivers it to the body itself by throwing
     * {@link CancelledError} (a generator's {@code yield} after {@code aclose()}); true if there was one.
     */
    public boolean takePendingCancel() {
        return MUST_CANCEL.compareAndSet(this, true, false);
    }

    @Override
    public @Nullable String waitingOn() {
        CompletableFuture<?> f = waitingOn;
        return f == null ? null : Describe.future(f);
    }

    /** The future the body is parked on, or null while it runs (for the await graph). */
    @Nullable
    CompletableFuture<?> awaiting() {
        return waitingOn;
    }

    /** The thread running the body, or null before it starts and after it ends. */
    @Nullable
    Thread thread() {
        return thread;
    }

    @Nullable
    BodyWatch watch() {
        return watch;
    }

    /**
     * Hands a pending request to the future the body is parked on, exactly once: whoever clears the
     * flag relays it (the canceller, or the body as it starts to wait). A refused request (the future
     * is done, or already took what it waited for) is pending again; if the body has moved on to another
     * future meanwhile, that one gets it.
     */
    private void relayPending() {
        while (true) {
            CompletableFuture<?> future = waitingOn;
            if (future == null || !MUST_CANCEL.compareAndSet(this, true, false)) {
                return;
            }
            if (relayCancel(future, cancelMessage())) {
                return; // delivered: the future's outcome (usually CancelledError) tells the body
            }
            mustCancel = true;
            if (waitingOn == future) {
                return; // refused: the future completes by itself and the body keeps its outcome
            }
        }
    }

    /**
     * Waits for {@code future} on the body's own thread and returns its value or throws its original
     * failure. A pending cancellation request is relayed to {@code future} if it is still pending, as
     * asyncio's task step cancels the future it is handed while {@code _must_cancel} is set; a future
     * that is already done returns its outcome without suspending, so the request waits for the next
     * real suspension (asyncio does not suspend on a done future either). Delivering it there would
     * lose what the done future carries, such as a permit or a queue item already taken.
     */
    public <V> V await(CompletableFuture<V> future) throws Exception {
        if (thread != Thread.currentThread()) {
            throw new IllegalStateException("await must be called from the task's own body");
        }
        if (future == task()) {
            throw new IllegalStateException("a task cannot await itself: " + task());
        }
        Consumer<BodyCore<?>> due = beforeSuspend;
        if (due != null) {
            beforeSuspend = null;
            due.accept(this);
        }
        spawnedSinceWait = false;
        OpCore<?> deferred = deferredYield;
        if (deferred != null && deferred.task() != future) {
            flushDeferredYield(); // waiting for something else: the sleep completes on the loop
        }
        deferredYield = null;
        if (!future.isDone()) {
            OpCore<?> op = opOf(future);
            waitFor(future, op);
            if (mustCancel && !future.isCompletedExceptionally() && op != null && undoneForCancel(op)) {
                // the operation completed before the request reached it, and the body had not resumed:
                // asyncio wakes the task with CancelledError here, its waiter carrying only a wake-up,
                // so what the operation took went back first (nothing, for a sleep)
                throw new CancelledError(cancelMessage());
            }
            if (future.isCancelled() && mustCancel) {
                // a request that came after the future was cancelled (a second cancel(), or one racing
                // the future's own cancel) is delivered by the CancelledError thrown now, as asyncio's
                // step throws one CancelledError for both: never a second one at the next wait
                takePendingCancel();
            }
        } else if (mustCancel && alwaysSuspends(future) && takePendingCancel()) {
            // a sleep is a real suspension in asyncio even when its time has already come (sleep(0)
            // yields to the loop): the pending request is delivered here, and a sleep carries nothing
            throw new CancelledError(cancelMessage());
        }
        return Sneaky.outcome(future, cancelMessage());
    }

    /**
     * Takes the pending request for an operation that can give back what it carried, and gives it back;
     * false, with the request pending again, if the operation cannot.
     */
    private boolean undoneForCancel(OpCore<?> op) {
        if (!takePendingCancel()) {
            return false;
        }
        if (op.undoForCancel()) {
            return true;
        }
        mustCancel = true; // kept: delivered at the next suspension, the outcome stays the body's
        return false;
    }

    private static boolean alwaysSuspends(CompletableFuture<?> future) {
        return future instanceof Task && TaskCore.of((Task<?>) future).isSuspensionPoint();
    }

    /** The operation behind {@code future}, or null if it is not the library's operation task. */
    private static @Nullable OpCore<?> opOf(CompletableFuture<?> future) {
        if (future instanceof Task) {
            TaskCore<?> core = TaskCore.of((Task<?>) future);
            return core instanceof OpCore ? (OpCore<?>) core : null;
        }
        return null;
    }

    private void waitFor(CompletableFuture<?> future, @Nullable OpCore<?> op) {
        Thread self = Thread.currentThread();
        Blocker blocker = new Blocker(future, op, self);
        waitingOn = future; // published before the flag is read: a concurrent cancel() sees one or the other
        if (watch != null) {
            watch.parked();
        }
        try {
            relayPending();
            Futures.onDone(future, blocker);
            if (op != null) {
                op.parkedBody(self); // published before ready is read: see OpCore.handOff
            }
            if (op != null && op.completesByYield()) {
                Thread.yield(); // asyncio's sleep(0): the other tasks get a turn, then this body completes it
            } else if (future instanceof HandOverFuture || (op != null && op.isHandOver())) {
                for (int spin = HandOverFuture.SPINS; spin > 0 && !blocker.isReleasable(); spin--) {
                    Thread.onSpinWait();
                }
            }
            while (!future.isDone()) {
                if (op != null) {
                    op.runHandedOff();
                    if (future.isDone()) {
                        break;
                    }
                }
                if (TaskThreads.VIRTUAL) {
                    blocker.block(); // a parked virtual thread needs no compensation
                } else {
                    try {
                        ForkJoinPool.managedBlock(blocker);
                    } catch (InterruptedException impossible) {
                        throw new AssertionError(impossible); // Blocker.block never throws it
                    }
                }
            }
        } finally {
            if (op != null) {
                op.parkedBody(null);
            }
            waitingOn = null;
            if (watch != null) {
                watch.resumed(loop);
            }
            if (blocker.interrupted) {
                self.interrupt(); // cancellation never uses interrupts; keep the user's flag as it was
            }
        }
    }

    /**
     * Passes a cancellation request on to what the body waits for, as asyncio cancels a task's waiter;
     * true if the future accepted it (a task while pending, an operation that will end cancelled having
     * taken nothing, a plain future now cancelled).
     */
    static boolean relayCancel(Future<?> future, @Nullable String message) {
        if (future instanceof Task) {
            return ((Task<?>) future).cancel(message);
        }
        return future.cancel(false);
    }

    /** Parks the body until the future is done; wakes it on completion. */
    private static final class Blocker extends TaskCore.Listener implements ForkJoinPool.ManagedBlocker {
        private final CompletableFuture<?> future;
        private final @Nullable OpCore<?> op;
        private final Thread thread;
        boolean interrupted;

        Blocker(CompletableFuture<?> future, @Nullable OpCore<?> op, Thread thread) {
            this.future = future;
            this.op = op;
            this.thread = thread;
        }

        @Override
        public void done(@Nullable Object value, @Nullable Throwable failure) {
            LockSupport.unpark(thread);
        }

        @Override
        public boolean block() {
            if (!isReleasable()) {
                LockSupport.park(future);
                // isInterrupted first: a virtual thread's interrupted() takes a lock even when clear
                if (thread.isInterrupted() && Thread.interrupted()) {
                    interrupted = true; // else park would return at once, forever
                }
            }
            return isReleasable();
        }

        @Override
        public boolean isReleasable() {
            OpCore<?> o = op;
            return future.isDone() || (o != null && o.hasHandedOff()); // the body completes it, awake
        }
    }
}
