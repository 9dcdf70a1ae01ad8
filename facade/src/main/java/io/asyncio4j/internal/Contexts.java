package io.asyncio4j.internal;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.CoroutineScopeKt;
import org.jspecify.annotations.Nullable;

/**
 * asyncio's {@code contextvars} for tasks, and the thread-locals registered to travel with them.
 *
 * <p><b>Where the current context lives.</b> Code that runs inside {@link #enter} (a loop callback, a
 * continuation, a {@code toThread} worker, a coroutine carrying a {@link ContextElementKt context
 * element}, the body of {@code Context.run}) finds it in a thread-local set and restored around that
 * work. A direct-style body owns its thread for its whole life, so its context is its task core's
 * ({@link TaskCore#context()}), installed once by {@link #enterBody}. Other threads each have a context
 * of their own, as every Python thread does.
 *
 * <p><b>Capture.</b> Where asyncio calls {@code copy_context()} (creating a task, scheduling a callback,
 * {@code to_thread}), {@link #capture()} takes the current map (O(1): the map is immutable and shared)
 * and the live value of every registered bridge. Coroutines get the captured state through a kotlinx
 * {@code ThreadContextElement} (see {@code ContextElement.kt}) so kotlinx installs it around every
 * segment on whatever thread runs it; bodies and plain runnables call the same {@link #enter}/{@link
 * #exit} pair directly.
 *
 * <p><b>Zero cost when unused.</b> Until a variable is set, a context is made, or a bridge registered,
 * {@link #active} is false and every hook returns after one volatile read: no allocation, no
 * thread-local access.
 */
public final class Contexts {
    private Contexts() {}

    private static volatile boolean active;

    /** The context of the code running on this thread, when it runs inside {@link #enter}. */
    private static final ThreadLocal<@Nullable ContextState> ENTERED = new ThreadLocal<>();

    /** The context of a thread outside tasks and entered work, as each Python thread has its own. */
    private static final ThreadLocal<@Nullable ContextState> THREAD_OWN = new ThreadLocal<>();

    /**
     * Installed for callbacks with nothing to carry: reads see no variables, and the first write replaces
     * it (for the rest of that callback) with a state of its own, so nothing a callback sets can leak
     * into the next one run by the same pool thread. Never written itself.
     */
    static final ContextState EMPTY = new ContextState(ContextState.NO_VARS, null, null);

    private static final Bridge[] NO_BRIDGES = new Bridge[0];
    private static volatile Bridge[] bridges = NO_BRIDGES;

    private static final Object NO_PREVIOUS = new Object();

    /** Whether contexts are in use (a variable was set, a context made or a bridge registered). */
    public static boolean active() {
        return active;
    }

    /** Switches the hooks on; sticky for the life of the process. */
    public static void activate() {
        if (!active) {
            active = true;
        }
    }

    // ---- the current context

    /** The current context, for reading; {@link #EMPTY} when there is none. */
    public static ContextState current() {
        if (!active) {
            return EMPTY;
        }
        ContextState s = ENTERED.get();
        if (s != null) {
            return s;
        }
        BodyCore<?> body = BodyCore.current();
        if (body != null) {
            ContextState c = body.context();
            return c != null ? c : EMPTY;
        }
        s = THREAD_OWN.get();
        return s != null ? s : EMPTY;
    }

    /** The current context, for writing: made on first use where there is none yet. */
    public static ContextState currentForWrite() {
        activate();
        ContextState s = ENTERED.get();
        if (s != null) {
            if (s == EMPTY) {
                s = new ContextState(ContextState.NO_VARS, null, null);
                ENTERED.set(s); // until the enclosing exit() puts the previous one back
            }
            return s;
        }
        BodyCore<?> body = BodyCore.current();
        if (body != null) {
            return contextOf(body);
        }
        s = THREAD_OWN.get();
        if (s == null) {
            s = new ContextState(ContextState.NO_VARS, null, null);
            THREAD_OWN.set(s);
        }
        return s;
    }

    /** The context {@code core} runs in, made (empty) if it has none yet: asyncio's {@code Task.get_context()}. */
    public static ContextState contextOf(TaskCore<?> core) {
        ContextState c = core.context();
        if (c != null) {
            return c;
        }
        synchronized (core) {
            c = core.context();
            if (c == null) {
                c = new ContextState(ContextState.NO_VARS, null, null);
                core.context(c);
            }
            return c;
        }
    }

    // ---- capture: asyncio's copy_context() at the points where asyncio calls it

    /**
     * A copy of the current context and of the registered thread-locals' values, for a new task; null
     * when there is nothing to carry (contexts unused, no variable set, no bridge), in which case the
     * task gets an empty context of its own on first use.
     */
    public static @Nullable ContextState capture() {
        if (!active) {
            return null;
        }
        Object[] vars = current().vars();
        Bridge[] b = bridges;
        if (b.length == 0) {
            return vars.length == 0 ? null : new ContextState(vars, null, null);
        }
        return new ContextState(vars, b, read(b));
    }

    /** A copy of the current context, always a state of its own (asyncio's {@code copy_context()}). */
    public static ContextState copyCurrent() {
        activate();
        Object[] vars = current().vars();
        Bridge[] b = bridges;
        return b.length == 0 ? new ContextState(vars, null, null) : new ContextState(vars, b, read(b));
    }

    /** A new empty context (asyncio's {@code Context()}): no variables, every bridged thread-local unset. */
    public static ContextState newEmpty() {
        activate();
        Bridge[] b = bridges;
        return b.length == 0
                ? new ContextState(ContextState.NO_VARS, null, null)
                : new ContextState(ContextState.NO_VARS, b, new Object[b.length]);
    }

    // ---- entering and leaving, around each segment of work

    /**
     * Makes {@code state} the calling thread's current context and installs its bridged thread-local
     * values; returns what {@link #exit} needs to put everything back. The same pair serves kotlinx's
     * {@code ThreadContextElement} (around each coroutine segment), task bodies and plain runnables.
     */
    public static Object enter(ContextState state) {
        ContextState previous = ENTERED.get();
        ENTERED.set(state);
        Bridge[] b = state.bridges;
        if (b == null) {
            return previous == null ? NO_PREVIOUS : previous;
        }
        @Nullable Object[] values = state.bridged;
        @Nullable Object[] saved = new Object[b.length];
        for (int i = 0; i < b.length; i++) {
            Object old = b[i].read();
            saved[i] = old;
            if (old != values[i]) {
                b[i].write(values[i]);
            }
        }
        return new Entered(previous, state, saved);
    }

    /** Puts back what {@link #enter} (or {@link #enterBody}, {@link #enterCompletion}) replaced; null does nothing. */
    public static void exit(@Nullable Object entered) {
        if (entered == null) {
            return;
        }
        if (entered instanceof Entered) {
            Entered e = (Entered) entered;
            Bridge[] b = e.state.bridges;
            if (b != null) {
                for (int i = b.length - 1; i >= 0; i--) {
                    if (b[i].read() != e.saved[i]) {
                        b[i].write(e.saved[i]);
                    }
                }
            }
            ENTERED.set(e.previous); // set, not remove: see Loop.exit
        } else if (entered == NO_PREVIOUS) {
            ENTERED.set(null);
        } else {
            ENTERED.set((ContextState) entered);
        }
    }

    private static final class Entered {
        final @Nullable ContextState previous;
        final ContextState state;
        final @Nullable Object[] saved;

        Entered(@Nullable ContextState previous, ContextState state, @Nullable Object[] saved) {
            this.previous = previous;
            this.state = state;
            this.saved = saved;
        }
    }

    /**
     * Around a direct-style body (and its completion): installs the task's context for the body's whole
     * life on its own thread. Null (nothing to undo) while contexts are unused.
     */
    public static @Nullable Object enterBody(TaskCore<?> core) {
        if (!active) {
            return null;
        }
        ContextState state = core.context();
        if (state != null) {
            return enter(state);
        }
        ContextState previous = ENTERED.get();
        if (previous == null) {
            return null; // lookups find the body through BodyCore.current()
        }
        ENTERED.set(null);
        return previous;
    }

    /**
     * Around a task's completion, so that dependent stages run synchronously by the completing thread
     * ({@code thenApply} registered before completion, …) run in the task's context.
     */
    public static @Nullable Object enterCompletion(TaskCore<?> core) {
        if (!active) {
            return null;
        }
        ContextState state = core.context();
        if (state == null) {
            if (BodyCore.current() == core) {
                return null; // completed by its own body, already in its context
            }
            state = EMPTY;
        }
        if (ENTERED.get() == state) {
            return null;
        }
        return enter(state);
    }

    /** Runs {@code body} in {@code state}, as asyncio's {@code Context.run}: refuses a context already entered. */
    public static <T> T run(ContextState state, Callable<T> body) throws Exception {
        activate();
        if (!state.tryEnter()) {
            throw new IllegalStateException("cannot enter context: " + state + " is already entered");
        }
        Object entered = enter(state);
        try {
            return body.call();
        } finally {
            exit(entered);
            state.leave();
        }
    }

    // ---- binding work to a context

    /**
     * {@code callback} bound to a copy of the current context, as asyncio's {@code call_soon} without
     * {@code context=}; {@code callback} itself while contexts are unused.
     */
    public static Runnable bind(Runnable callback) {
        if (!active) {
            return callback;
        }
        ContextState s = capture();
        return new BoundRunnable(callback, s == null ? EMPTY : s, false);
    }

    /** {@code callback} run inside {@code state}, entered as by {@code Context.run} (asyncio's {@code context=ctx}). */
    public static Runnable bind(Runnable callback, ContextState state) {
        activate();
        return new BoundRunnable(callback, state, true);
    }

    private static final class BoundRunnable implements Runnable {
        private final Runnable callback;
        private final ContextState state;
        private final boolean explicit;

        BoundRunnable(Runnable callback, ContextState state, boolean explicit) {
            this.callback = callback;
            this.state = state;
            this.explicit = explicit;
        }

        @Override
        public void run() {
            if (explicit && !state.tryEnter()) {
                throw new IllegalStateException("cannot enter context: " + state + " is already entered");
            }
            Object entered = enter(state);
            try {
                callback.run();
            } finally {
                exit(entered);
                if (explicit) {
                    state.leave();
                }
            }
        }

        @Override
        public String toString() {
            return callback.toString();
        }
    }

    /**
     * A done callback bound to a copy of the current context (or to {@code state}), as asyncio's {@code
     * add_done_callback(fn, context=)}; it equals the callback it wraps, so {@code removeDoneCallback}
     * still finds it.
     */
    public static <T> Consumer<T> bindDoneCallback(Consumer<T> callback, @Nullable ContextState state) {
        if (state == null) {
            if (!active) {
                return callback;
            }
            ContextState s = capture();
            return new BoundConsumer<>(callback, s == null ? EMPTY : s, false);
        }
        activate();
        return new BoundConsumer<>(callback, state, true);
    }

    private static final class BoundConsumer<T> implements Consumer<T> {
        private final Consumer<T> callback;
        private final ContextState state;
        private final boolean explicit;

        BoundConsumer(Consumer<T> callback, ContextState state, boolean explicit) {
            this.callback = callback;
            this.state = state;
            this.explicit = explicit;
        }

        @Override
        public void accept(T value) {
            new BoundRunnable(() -> callback.accept(value), state, explicit).run();
        }

        @Override
        public boolean equals(@Nullable Object other) {
            if (other instanceof BoundConsumer) {
                return callback.equals(((BoundConsumer<?>) other).callback);
            }
            return other == callback || callback.equals(other);
        }

        @Override
        public int hashCode() {
            return callback.hashCode();
        }

        @Override
        public String toString() {
            return callback.toString();
        }
    }

    /**
     * {@code scope}, or, once contexts are in use, a scope whose coroutines carry a copy of the current
     * context as a kotlinx {@code ThreadContextElement}: kotlinx then installs it around every segment of
     * those coroutines (and of their children), on whatever thread runs them.
     */
    public static CoroutineScope scope(CoroutineScope scope) {
        if (!active) {
            return scope;
        }
        return CoroutineScopeKt.CoroutineScope(
                scope.getCoroutineContext().plus(ContextElementKt.contextElement(copyCurrent())));
    }

    /** The element carrying a copy of the current context, or the empty context while contexts are unused. */
    public static CoroutineContext element() {
        return active ? ContextElementKt.contextElement(copyCurrent()) : EmptyCoroutineContext.INSTANCE;
    }

    // ---- thread-local bridges

    /**
     * A registered thread-local (or get/set/clear triple): captured where work is created, installed
     * around each segment of it, restored afterwards. A null value means unset: installing it clears.
     */
    public static final class Bridge {
        private final String name;
        private final Supplier<?> getter;
        private final Consumer<Object> setter;
        private final Runnable clearer;

        @SuppressWarnings("unchecked")
        Bridge(String name, Supplier<?> getter, Consumer<?> setter, Runnable clearer) {
            this.name = name;
            this.getter = getter;
            this.setter = (Consumer<Object>) setter;
            this.clearer = clearer;
        }

        @Nullable
        Object read() {
            try {
                return getter.get();
            } catch (RuntimeException e) {
                failed("reading", e);
                return null;
            }
        }

        void write(@Nullable Object value) {
            try {
                if (value == null) {
                    clearer.run();
                } else {
                    setter.accept(value);
                }
            } catch (RuntimeException e) {
                failed(value == null ? "clearing" : "setting", e);
            }
        }

        private void failed(String what, RuntimeException e) {
            System.getLogger("io.asyncio4j")
                    .log(System.Logger.Level.WARNING, "The thread-local bridge " + name + " failed " + what, e);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Registers a bridge: work created from now on carries its value. */
    public static <T> Bridge register(
            String name, Supplier<? extends @Nullable T> getter, Consumer<? super T> setter, Runnable clearer) {
        Bridge bridge = new Bridge(name, getter, setter, clearer);
        synchronized (Contexts.class) {
            Bridge[] current = bridges;
            Bridge[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = bridge;
            bridges = next;
        }
        activate();
        return bridge;
    }

    /** Unregisters {@code bridge}; false if it was not registered. Work already created keeps carrying it. */
    public static boolean unregister(Bridge bridge) {
        synchronized (Contexts.class) {
            Bridge[] current = bridges;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == bridge) {
                    Bridge[] next = new Bridge[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    bridges = next.length == 0 ? NO_BRIDGES : next;
                    return true;
                }
            }
            return false;
        }
    }

    private static @Nullable Object[] read(Bridge[] b) {
        @Nullable Object[] values = new Object[b.length];
        for (int i = 0; i < b.length; i++) {
            values[i] = b[i].read();
        }
        return values;
    }
}
