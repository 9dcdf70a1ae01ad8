package io.asyncio4j.internal;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** {@code async with} in both styles, and the factories of {@link AsyncContextManager}. */
public final class With {
    private With() {}

    /** Direct style: enter, run the body in the current task, always exit; see {@code Asyncio.asyncWith}. */
    public static <T, R> @Nullable R direct(
            AsyncContextManager<T> manager, AsyncContextManager.Body<? super T, ? extends R> body) throws Exception {
        T value = Asyncio.await(Checks.notNull(manager.aenter(), "the stage of aenter()"));
        R result;
        try {
            result = body.apply(value);
        } catch (Throwable failure) {
            Boolean suppress;
            try {
                suppress = Asyncio.await(Checks.notNull(manager.aexit(failure), "the stage of aexit()"));
            } catch (Throwable cleanup) {
                if (cleanup != failure) {
                    failure.addSuppressed(cleanup);
                }
                throw Sneaky.rethrow(failure);
            }
            if (Boolean.TRUE.equals(suppress)) {
                return null;
            }
            throw Sneaky.rethrow(failure);
        }
        Asyncio.await(Checks.notNull(manager.aexit(null), "the stage of aexit()"));
        return result;
    }

    /** Future style: the same as a chain of stages, holding no thread; see {@code Asyncio.asyncWithFuture}. */
    public static <T, R> Task<R> future(
            AsyncContextManager<T> manager, Function<? super T, ? extends CompletionStage<R>> body) {
        OpCore<R> core = OpCore.createScheduled();
        Stages current = new Stages();
        core.onCancel(message -> {
            synchronized (current) { // one request, one stage: never two at once with watch()
                // cancel() counts the request before this hook takes the lock: watch() may have handed it
                // to the body's stage meanwhile (and that stage, cancelled, started the exit), so only a
                // request not delivered yet goes on, else it would cancel the exit as well
                if (core.cancelling() <= current.delivered.get()) {
                    return;
                }
                CompletableFuture<?> stage = current.getAndSet(null);
                if (stage != null) {
                    deliver(current, stage, message);
                }
            }
        });
        CompletableFuture<T> entered;
        try {
            entered = Futures.of(Checks.notNull(manager.aenter(), "the stage of aenter()"));
        } catch (Throwable e) {
            core.completeFailure(e);
            return core.task();
        }
        watch(core, current, entered);
        entered.whenComplete((value, enterFailure) -> {
            if (enterFailure != null) {
                core.completeFailure(failureOf(enterFailure));
                return;
            }
            boolean cancelledBeforeBody;
            synchronized (current) {
                cancelledBeforeBody = core.cancelling() > current.delivered.get();
                if (cancelledBeforeBody) {
                    current.delivered.incrementAndGet(); // delivered as the body's CancelledError, not to the exit
                }
            }
            if (cancelledBeforeBody) {
                exit(core, current, manager, null, new io.asyncio4j.CancelledError(core.cancelMessage()));
                return;
            }
            CompletableFuture<R> ran;
            try {
                ran = Futures.of(Checks.notNull(body.apply(value), "the stage returned by the body"));
            } catch (Throwable e) {
                exit(core, current, manager, null, e);
                return;
            }
            watch(core, current, ran);
            ran.whenComplete((result, failure) ->
                    exit(core, current, manager, result, failure == null ? null : failureOf(failure)));
        });
        return core.task();
    }

    private static <R> void exit(
            OpCore<R> core,
            Stages current,
            AsyncContextManager<?> manager,
            @Nullable R result,
            @Nullable Throwable failure) {
        CompletableFuture<Boolean> exited;
        try {
            exited = Futures.of(Checks.notNull(manager.aexit(failure), "the stage of aexit()"));
        } catch (Throwable e) {
            exited = CompletableFuture.failedFuture(e);
        }
        watch(core, current, exited);
        exited.whenComplete((suppress, cleanupFailure) -> {
            Throwable cleanup = cleanupFailure == null ? null : failureOf(cleanupFailure);
            if (failure == null) {
                if (cleanup == null) {
                    core.completeValue(result);
                } else {
                    core.completeFailure(cleanup);
                }
            } else if (cleanup != null) {
                if (cleanup != failure) {
                    failure.addSuppressed(cleanup);
                }
                core.completeFailure(failure);
            } else if (Boolean.TRUE.equals(suppress)) {
                core.completeValue(null);
            } else {
                core.completeFailure(failure);
            }
        });
    }

    /**
     * The stage a cancellation request goes to, and how many requests were delivered already: each
     * request reaches one stage once, so the request that ended the body never cancels the exit.
     */
    @SuppressWarnings("serial")
    private static final class Stages extends AtomicReference<@Nullable CompletableFuture<?>> {
        final AtomicInteger delivered = new AtomicInteger();
    }

    /** Makes {@code stage} the one a cancellation request goes to; relays at once if one came before. */
    private static void watch(OpCore<?> core, Stages current, CompletableFuture<?> stage) {
        synchronized (current) { // reentrant: a relay that completes a stage may watch the next one
            current.set(stage);
            if (core.cancelling() > current.delivered.get() && current.compareAndSet(stage, null)) {
                deliver(current, stage, core.cancelMessage());
            }
        }
    }

    /**
     * Hands one request to {@code stage}, counted before the relay: cancelling a stage completes it, and
     * the next stage (the exit) may be watched inside that call. A stage that was done already does not
     * take it, and the count is given back for the next stage.
     */
    private static void deliver(Stages current, Future<?> stage, @Nullable String message) {
        current.delivered.incrementAndGet();
        if (!BodyCore.relayCancel(stage, message)) {
            current.delivered.decrementAndGet();
        }
    }

    private static Throwable failureOf(Throwable failure) {
        return Sneaky.asCancelledError(Sneaky.unwrap(failure), null);
    }

    // ---- factories

    public static <T> AsyncContextManager<T> of(
            Callable<? extends T> setup, AsyncContextManager.Teardown<? super T> teardown) {
        return new AsyncContextManager<T>() {
            private final AtomicReference<@Nullable T> entered = new AtomicReference<>();

            @Override
            public CompletionStage<T> aenter() {
                return Asyncio.createTask(() -> {
                    T value = Checks.notNull(setup.call(), "the value returned by setup");
                    entered.set(value);
                    return value;
                });
            }

            @Override
            public CompletionStage<Boolean> aexit(@Nullable Throwable failure) {
                T value = entered.getAndSet(null);
                if (value == null) {
                    throw new IllegalStateException("aexit() without a successful aenter()");
                }
                return Asyncio.createTask(() -> {
                    teardown.close(value, failure);
                    return false;
                });
            }

            @Override
            public String toString() {
                return "AsyncContextManager.of(" + setup + ", " + teardown + ")";
            }
        };
    }

    public static <C extends AutoCloseable> AsyncContextManager<C> closing(C resource) {
        return new AsyncContextManager<C>() {
            @Override
            public CompletionStage<C> aenter() {
                return CompletableFuture.completedFuture(resource);
            }

            @Override
            public CompletionStage<Boolean> aexit(@Nullable Throwable failure) {
                try {
                    resource.close();
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
                return CompletableFuture.completedFuture(false);
            }

            @Override
            public String toString() {
                return "AsyncContextManager.closing(" + resource + ")";
            }
        };
    }

    public static <C extends AutoCloseable> AsyncContextManager<C> closingInThread(Callable<? extends C> opener) {
        return new AsyncContextManager<C>() {
            private final AtomicReference<@Nullable C> opened = new AtomicReference<>();

            @Override
            public CompletionStage<C> aenter() {
                return Asyncio.toThread(() -> {
                    C resource = Checks.notNull(opener.call(), "the resource returned by opener");
                    opened.set(resource);
                    return resource;
                });
            }

            @Override
            public CompletionStage<Boolean> aexit(@Nullable Throwable failure) {
                C resource = opened.getAndSet(null);
                if (resource == null) {
                    throw new IllegalStateException("aexit() without a successful aenter()");
                }
                return Asyncio.toThread(() -> {
                    resource.close();
                    return false;
                });
            }

            @Override
            public String toString() {
                return "AsyncContextManager.closingInThread(" + opener + ")";
            }
        };
    }
}
