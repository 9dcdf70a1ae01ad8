package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A task driven by non-blocking work (a timer, a waiter of a primitive, a combinator over other
 * futures, an adopted stage): it holds no thread, and a cancellation request runs, inside {@code
 * cancel()}, the hook the work installed, which cancels the timer, withdraws the waiter or relays the
 * request to the futures the work depends on.
 *
 * <p>Two kinds of hook, after asyncio's two kinds of awaitable: an operation that behaves as an
 * asyncio <em>future</em> (a sleep, a lock or queue waiter) installs a {@link Withdraw} hook, which
 * tells whether the operation will end cancelled having taken nothing; {@code cancel()} is then true
 * only in that case. A combinator that behaves as an asyncio <em>task</em> installs a relaying {@link
 * #onCancel(Consumer)} hook, and {@code cancel()} is true while it is pending.
 *
 * @param <T> the result type
 */
public final class OpCore<T> extends TaskCore<T> {
    /** A cancel hook of a future-like operation. */
    @FunctionalInterface
    public interface Withdraw {
        /**
         * Withdraws the operation, synchronously: true if it will end cancelled having taken nothing,
         * false if it already took what it waited for (or is done). Must be idempotent.
         */
        boolean withdraw(@Nullable String message);
    }

    /**
     * How an operation gives back what its wake-up carried (a queue item, a stored item, a permit), for
     * a body that is cancelled after the operation completed but before it resumed from its await.
     */
    @FunctionalInterface
    public interface Undo {
        /** Nothing to give back (an event's wake-up). */
        Undo NOTHING = () -> true;

        /**
         * Gives back what the operation took, in its place where possible: true if the queue or
         * semaphore is as if the operation never completed, false if that can no longer be done (the
         * stored item was taken already, the slot refilled), and then nothing changed.
         */
        boolean tryUndo();
    }

    private static final java.lang.invoke.VarHandle READY;

    static {
        try {
            READY = java.lang.invoke.MethodHandles.lookup().findVarHandle(OpCore.class, "ready", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile @Nullable Withdraw cancelHook;
    private volatile @Nullable Undo undo;

    /** The body thread parked in {@code await} on this operation, while it is; see {@link #handOff}. */
    private volatile @Nullable Thread parkedBody;

    /** A completion handed to the parked body, until it (or the caller of handOff) takes it. */
    @SuppressWarnings("unused") // through READY
    private volatile @Nullable Runnable ready;

    private volatile boolean cancelArrived;
    private boolean suspensionPoint; // set before the task is published
    private boolean handOver; // set before the task is published
    private boolean yieldOnce; // set before the task is published
    private volatile @Nullable Collection<? extends CompletableFuture<?>> awaits;

    public OpCore(Loop loop, @Nullable String name, boolean registered) {
        super(loop, name, registered);
    }

    /**
     * A new unregistered operation task of the current loop, with its public task: an asyncio
     * coroutine's counterpart (a sleep, a get, an acquire), which debug mode reports if nobody ever
     * awaits it; see {@link Unawaited}.
     */
    public static <T> OpCore<T> create() {
        OpCore<T> core = createScheduled();
        core.watchUnawaited();
        return core;
    }

    /**
     * As {@link #create()}, for work that runs whether or not anyone awaits its task (a gather, a shield,
     * {@code toThread}, a body form), as asyncio's futures and tasks: never reported as never awaited.
     */
    public static <T> OpCore<T> createScheduled() {
        OpCore<T> core = new OpCore<>(Loop.current(), null, false);
        core.attach();
        return core;
    }

    /**
     * Records the futures this operation waits on, for the await graph ({@code captureCallGraph}): a
     * task awaiting this operation awaits them too.
     */
    public OpCore<T> awaits(Collection<? extends CompletableFuture<?>> futures) {
        awaits = futures;
        return this;
    }

    /** The futures recorded by {@link #awaits}, empty if none. */
    public Collection<? extends CompletableFuture<?>> awaited() {
        Collection<? extends CompletableFuture<?>> a = awaits;
        return a == null ? List.of() : a;
    }

    /**
     * Installs a relaying hook: a cancellation request is passed on (to a timer, a job, the futures the
     * work depends on) and always accepted while the task is pending, as asyncio's {@code
     * Task.cancel()}. If a request came before, runs it at once. The hook may run more than once and
     * must be idempotent.
     */
    public OpCore<T> onCancel(Consumer<@Nullable String> hook) {
        return onWithdraw(message -> {
            hook.accept(message);
            return true;
        });
    }

    /**
     * Installs a future-like hook whose answer is {@code cancel()}'s answer; see {@link Withdraw}. If a
     * request came before (it was accepted then), runs it at once.
     */
    public OpCore<T> onWithdraw(Withdraw hook) {
        cancelHook = hook;
        if (cancelArrived && !task().isDone()) {
            hook.withdraw(cancelMessage());
        }
        return this;
    }

    /**
     * Records how to give back what this operation carries; call before completing it with its value.
     * asyncio's waiters (a queue's getter, a semaphore's waiter) carry only a wake-up, and a task
     * cancelled between that wake-up and its next step gets {@code CancelledError} at its await while
     * the item or permit stays (asyncio's {@code Semaphore.acquire} gives back {@code _value}, {@code
     * Queue.get} leaves the item). Here the operation takes it when it completes, so the body's await
     * undoes it in that case; see {@link #undoForCancel()}.
     */
    public void undoWith(Undo how) {
        undo = how;
    }

    /**
     * Called by the only awaiter of this completed operation when a cancellation request reached it
     * before it resumed: gives back what the operation carried and makes the task cancelled, so the
     * awaiter can throw {@code CancelledError} at its await as asyncio does. False (nothing changed)
     * if the operation has no undo, its outcome was seen by someone else, or the undo is no longer
     * possible; the awaiter then keeps the outcome and the request stays pending.
     */
    public boolean undoForCancel() {
        Undo how = undo;
        if (how == Undo.NOTHING) {
            return true; // the outcome stays: it carries nothing anyone could lose
        }
        if (how == null || outcomeShared() || task().isCompletedExceptionally() || !how.tryUndo()) {
            return false;
        }
        undo = null;
        retract(new io.asyncio4j.CancelledError(cancelMessage()));
        return true;
    }

    /**
     * Hands {@code completion} (which completes this task, and may run more than once) to the body
     * parked on this operation, so that the body's own thread completes it: a waiting operation that
     * got its permit, item or time then costs one wake-up of the body, as a kotlinx resumption, instead
     * of a hop through the loop's executor first. Dependent stages and library listeners then run on the
     * awaiting body's thread, never in the thread that handed the permit over (which may hold a
     * queue's lock). Returns false if no body is parked on it: the caller then completes it from the
     * loop's executor as before.
     */
    public boolean handOff(Runnable completion) {
        ready = completion;
        Thread body = parkedBody; // read after publishing: the body reads ready after publishing itself
        if (body == null) {
            // nobody parked: take it back, unless a body arriving meanwhile took it already
            return !READY.compareAndSet(this, completion, null);
        }
        java.util.concurrent.locks.LockSupport.unpark(body);
        return true;
    }

    /** The body that awaits this operation is about to park ({@code body}) or has woken (null). */
    void parkedBody(@Nullable Thread body) {
        parkedBody = body;
    }

    /** Whether a completion waits for the parked body to run it. */
    boolean hasHandedOff() {
        return ready != null;
    }

    /** Runs a completion handed to the parked body, if one is there; on the body's thread. */
    void runHandedOff() {
        Runnable completion = (Runnable) READY.getAndSet(this, null);
        if (completion != null) {
            completion.run();
        }
    }

    /**
     * Hands this zero sleep's {@code completion} to whichever body awaits it: that body yields its
     * thread once ({@link Thread#yield()}, asyncio's one turn of the loop) and completes the sleep
     * itself, without a round trip through the loop's executor. Completing twice is harmless, so the
     * executor may run {@code completion} too.
     */
    void yieldOnce(Runnable completion) {
        yieldOnce = true;
        ready = completion;
    }

    /** Whether this is a zero sleep whose completion waits for the body that awaits it; see {@link #yieldOnce}. */
    boolean completesByYield() {
        return yieldOnce && ready != null;
    }

    /** Marks this operation as a suspension even once done (a sleep); call before publishing the task. */
    public OpCore<T> suspensionPoint() {
        suspensionPoint = true;
        undo = Undo.NOTHING;
        return this;
    }

    /**
     * Marks this operation as completed soon by a thread that is running now (a generator's next element),
     * as a {@link HandOverFuture}; call before publishing the task.
     */
    public OpCore<T> handOver() {
        handOver = true;
        return this;
    }

    /** Whether {@link #handOver()} marked this operation. */
    boolean isHandOver() {
        return handOver;
    }

    @Override
    public boolean isSuspensionPoint() {
        return suspensionPoint;
    }

    @Override
    protected boolean onCancelRequest(@Nullable String message) {
        Withdraw hook = cancelHook;
        if (hook == null) {
            cancelArrived = true; // before the work installed its hook: accepted, run on install
            hook = cancelHook;
            return hook == null || hook.withdraw(message);
        }
        return hook.withdraw(message);
    }

    /**
     * An unregistered task of {@code loop} that completes with {@code stage}'s outcome (an iterator's
     * {@code aclose()}); cancelling it ends only that task, and the work behind the stage goes on.
     */
    static <T> Task<T> outcomeOf(Loop loop, CompletionStage<? extends T> stage) {
        OpCore<T> result = new OpCore<>(loop, null, false);
        result.attach();
        result.onWithdraw(result::completeCancelled);
        result.adopt(stage);
        return result.task();
    }

    /** Completes this task from {@code stage}'s outcome once it is known. */
    public void adopt(CompletionStage<? extends T> stage) {
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                completeValue(value);
            } else {
                completeFailure(Sneaky.asCancelledError(Sneaky.unwrap(failure), cancelMessage()));
            }
        });
    }

    /**
     * Makes this task follow {@code stage}: it completes with the stage's outcome, and a cancellation
     * request is relayed to the stage (as a request if it is a task, else by {@code cancel}), and
     * answered as the stage answers it; a stage that is not a {@link Future} cannot be cancelled, so
     * the request then ends this task at once.
     */
    public Task<T> follow(CompletionStage<? extends T> stage) {
        if (stage instanceof Future) {
            Future<?> future = (Future<?>) stage;
            if (stage instanceof CompletableFuture) {
                awaits(List.of((CompletableFuture<?>) stage));
            }
            onWithdraw(message -> BodyCore.relayCancel(future, message));
        } else {
            onWithdraw(this::completeCancelled);
        }
        adopt(stage);
        return task();
    }
}
