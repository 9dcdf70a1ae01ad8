package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.ContextState;
import io.asyncio4j.internal.Contexts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A set of {@link ContextVar} values, as Python's {@code contextvars.Context}: the context that a task,
 * a callback or a worker runs in. {@link #copyContext()} takes a snapshot of the current one (asyncio's
 * {@code copy_context()}), {@link #run} runs code inside a context, and the task-creating methods accept
 * one to run a task in (asyncio's {@code create_task(coro, context=ctx)}). A context also carries the
 * values of the registered {@link ThreadLocalBridge}s, captured with it.
 *
 * <h2>Which code runs in which context</h2>
 *
 * As in asyncio, each of these takes a copy of the context current where it is called (so its own
 * {@code set}s stay inside it), unless it is given a context, which it then uses itself:
 *
 * <ul>
 *   <li><b>Task bodies:</b> {@link Asyncio#createTask}, {@link EventLoop#createTask}, {@link
 *       TaskGroup#createTask}, {@code gather}, {@code gatherOutcomes} and {@code waitFor} of {@code
 *       Callable}s, {@link Asyncio#run} (the caller's context copied into the main task). The copy is
 *       taken when the task is created, not when its body starts.
 *   <li><b>Loop callbacks:</b> {@link EventLoop#callSoon}, {@link EventLoop#callLater}, {@link
 *       EventLoop#callAt}, copied when scheduled; with a {@code Context} argument, that context is entered
 *       as by {@link #run}.
 *   <li><b>Done callbacks:</b> {@link Task#addDoneCallback}, copied when added (asyncio's {@code
 *       add_done_callback}).
 *   <li><b>Blocking work:</b> {@link Asyncio#toThread} and {@link EventLoop#runInExecutor}, copied at the
 *       call ({@code asyncio.to_thread} does this; asyncio's {@code run_in_executor} does not, asyncio4j's
 *       does, so a blocking call in an executor still logs with its request id).
 *   <li><b>Iteration:</b> an {@link AsyncIterable} terminal ({@code forEach}, {@code forEachAsync},
 *       {@code toList}, {@code first}) and an iterator's first {@code anext()} copy the consumer's
 *       context; every operator function ({@code map}, {@code filter}, {@code mapAsync}, …) runs in that
 *       copy, and a generator's body in a copy of it, as a Python async generator runs in the context of
 *       whoever iterates it. {@link AsyncIterable#asPublisher()} copies the context at that call, for every
 *       subscriber.
 *   <li><b>Future-style continuations of a {@link Task}:</b> a dependent stage ({@code thenApply}, {@code
 *       whenComplete}, …) registered <em>before</em> the task completes runs on the completing thread in
 *       the task's own context: the copy taken when it was created, plus whatever its body set. One
 *       registered <em>after</em> completion runs at once on the registering thread, in that code's
 *       context. An {@code …Async} stage without an executor runs on the task's default executor in a copy
 *       of the context where it was dispatched, which is the same rule. With an executor of your own, the
 *       stage runs in whatever that executor's thread has.
 * </ul>
 *
 * <p>Code outside all of these (a thread you started, {@code main}) has a context of its own per thread,
 * as every Python thread has.
 *
 * <pre>{@code
 * ContextVar<String> user = ContextVar.create("user", "anonymous");
 * Context ctx = Context.copyContext();
 * ctx.run(() -> user.set("alice"));                 // only ctx changes
 * Task<String> t = Asyncio.createTask(() -> user.get(), ctx);
 * t.await();                                        // "alice"
 * user.get();                                       // "anonymous"
 * }</pre>
 *
 * <p><b>Threads.</b> Unlike Python, tasks run in parallel, so one context may be in use on several
 * threads at once (when it is given to several tasks): each {@code set} is atomic and immediately
 * visible to the others. {@link #run} refuses a context that some thread has entered with {@code run}.
 * This class is thread-safe. Two contexts are equal when they hold the same variables with equal values
 * (asyncio's mapping equality).
 */
public final class Context {
    private final ContextState state;

    private Context(ContextState state) {
        this.state = state;
    }

    /** The public view of {@code state}, the same object every time. */
    static Context of(ContextState state) {
        Object view = state.view;
        if (view == null) {
            synchronized (state) {
                view = state.view;
                if (view == null) {
                    view = new Context(state);
                    state.view = view;
                }
            }
        }
        return (Context) view;
    }

    ContextState state() {
        return state;
    }

    /**
     * A new empty context, as {@code contextvars.Context()}: no variable has a value in it, and every
     * registered thread-local is unset while code runs in it.
     *
     * @return a new context
     */
    public static Context create() {
        return of(Contexts.newEmpty());
    }

    /**
     * A copy of the current context, as {@code contextvars.copy_context()}: the variables of the calling
     * task (or callback, or thread), and the current values of the registered thread-locals. O(1) in the
     * number of variables.
     *
     * @return a new context with the same values
     */
    public static Context copyContext() {
        return of(Contexts.copyCurrent());
    }

    /**
     * A copy of this context, as {@code Context.copy()}; later changes to either are not seen by the other.
     *
     * @return a new context with the same values
     */
    public Context copy() {
        return of(state.copy());
    }

    /**
     * Runs {@code body} on the calling thread inside this context, as {@code Context.run(callable)}: every
     * {@link ContextVar#set} in it changes this context, every task it creates copies this context, and the
     * registered thread-locals hold this context's values until it returns. The previous context and
     * thread-local values are back when it returns or throws.
     *
     * <pre>{@code
     * Context ctx = Context.create();
     * ctx.run(() -> REQUEST_ID.set("r-1"));
     * ctx.get(REQUEST_ID);                   // "r-1"
     * }</pre>
     *
     * @param body the code to run
     * @param <T> the result type
     * @return the body's value
     * @throws IllegalStateException if this context is already entered with {@code run} (on any thread),
     *     as asyncio's {@code RuntimeError}
     * @throws Exception the body's exception, as it is
     */
    public <T> T run(Callable<T> body) throws Exception {
        Checks.notNull(body, "body");
        return Contexts.run(state, body);
    }

    /**
     * The value of {@code var} in this context, as {@code Context.get(var)}; the variable's default does
     * not count.
     *
     * @param var the variable
     * @param <T> the value type
     * @return the value, or null if {@code var} has none here
     */
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(ContextVar<T> var) {
        Object value = state.lookup(Checks.notNull(var, "var"));
        return value == ContextState.ABSENT ? null : (T) value;
    }

    /**
     * The value of {@code var} in this context, else {@code defaultValue}, as {@code Context.get(var,
     * default)}.
     *
     * @param var the variable
     * @param defaultValue what to return when {@code var} has no value here
     * @param <T> the value type
     * @return the value, or {@code defaultValue}
     */
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(ContextVar<T> var, @Nullable T defaultValue) {
        Object value = state.lookup(Checks.notNull(var, "var"));
        return value == ContextState.ABSENT ? defaultValue : (T) value;
    }

    /**
     * Whether {@code var} has a value in this context, as {@code var in ctx}.
     *
     * @param var the variable
     * @return true if it was set here (or in the context this one was copied from)
     */
    public boolean contains(ContextVar<?> var) {
        return state.lookup(Checks.notNull(var, "var")) != ContextState.ABSENT;
    }

    /**
     * The number of variables with a value, as {@code len(ctx)}.
     *
     * @return the count
     */
    public int size() {
        return state.size();
    }

    /**
     * A snapshot of the variables and their values, in the order they were first set, as {@code
     * ctx.items()}.
     *
     * @return an unmodifiable map, not updated by later changes
     */
    public Map<ContextVar<?>, Object> asMap() {
        Object[] entries = state.entries();
        Map<ContextVar<?>, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((ContextVar<?>) entries[i], entries[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Whether {@code other} is a context with the same variables and equal values.
     *
     * @param other the object to compare with
     * @return true if both hold the same values
     */
    @Override
    public boolean equals(@Nullable Object other) {
        return other == this || (other instanceof Context && asMap().equals(((Context) other).asMap()));
    }

    /**
     * A hash of the variables and values, consistent with {@link #equals}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    /**
     * The variables and values, for diagnostics.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "Context" + state;
    }
}
