package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.ContextState;
import io.asyncio4j.internal.Contexts;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A context variable, as Python's {@code contextvars.ContextVar}: a value that follows the flow of
 * asynchronous work rather than a thread. Every task, loop callback, {@code toThread} worker and
 * iteration runs in a copy of the {@link Context} current where it was created (see {@link Context} for
 * the exact list), so a request id, tenant or deadline set in a handler is seen by every task it starts,
 * and a {@link #set} inside a task is invisible to its parent and its siblings.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = ContextVar.create("request_id", "-");
 *
 * Asyncio.run(() -> {
 *   REQUEST_ID.set("r-42");
 *   Task<String> child = Asyncio.createTask(() -> REQUEST_ID.get());   // "r-42": copied at creation
 *   REQUEST_ID.set("r-43");                                              // the child still sees "r-42"
 *   return child.await();
 * });
 * }</pre>
 *
 * <p>Create variables once, as constants: like asyncio's, a variable is compared by identity and holds
 * on to nothing but its name and default. Values must not be null ({@code Token.oldValue()} and
 * {@link #get(Object)} use null for "no value"). A {@code ContextVar} is the right tool for values
 * <em>your</em> code reads; for thread-locals read by libraries (SLF4J's MDC, tracing contexts) register
 * a {@link ThreadLocalBridge}, which travels the same way.
 *
 * <p>This class is thread-safe. Setting a variable costs a copy of a small array (a context holds a
 * handful of variables); reading one is a short scan; copying a context, which every task creation does
 * once a variable has been set, is O(1). Until the first variable is set, task creation pays nothing.
 *
 * @param <T> the value type
 */
public final class ContextVar<T> {
    private static final Object NO_DEFAULT = new Object();

    private final String name;
    private final @Nullable Object defaultValue;

    private ContextVar(String name, @Nullable Object defaultValue) {
        this.name = name;
        this.defaultValue = defaultValue;
    }

    /**
     * A new variable without a default, as {@code ContextVar(name)}: {@link #get()} throws until it is set.
     *
     * @param name the name, for diagnostics
     * @param <T> the value type
     * @return the variable
     */
    public static <T> ContextVar<T> create(String name) {
        return new ContextVar<>(Checks.notNull(name, "name"), NO_DEFAULT);
    }

    /**
     * A new variable with a default, as {@code ContextVar(name, default=value)}: {@link #get()} returns
     * the default in every context where the variable was never set.
     *
     * @param name the name, for diagnostics
     * @param defaultValue the value {@link #get()} returns when none is set
     * @param <T> the value type
     * @return the variable
     */
    public static <T> ContextVar<T> create(String name, T defaultValue) {
        Checks.notNull(name, "name");
        return new ContextVar<>(name, Checks.notNull(defaultValue, "defaultValue"));
    }

    /**
     * The variable's name, as {@code ContextVar.name}.
     *
     * @return the name given at creation
     */
    public String name() {
        return name;
    }

    /**
     * The variable's value in the current context, as {@code ContextVar.get()}: the value set, else the
     * variable's default.
     *
     * @return the value
     * @throws NoSuchElementException if the variable has no value here and no default (asyncio's
     *     {@code LookupError})
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object value = Contexts.current().lookup(this);
        if (value != ContextState.ABSENT) {
            return (T) value;
        }
        if (defaultValue != NO_DEFAULT) {
            return (T) defaultValue;
        }
        throw new NoSuchElementException("context variable " + name + " has no value in this context and no default");
    }

    /**
     * The variable's value in the current context, else {@code defaultValue}, as {@code
     * ContextVar.get(default)} (the variable's own default is not used).
     *
     * @param defaultValue what to return when the variable has no value here
     * @return the value, or {@code defaultValue}
     */
    @SuppressWarnings("unchecked")
    public @Nullable T get(@Nullable T defaultValue) {
        Object value = Contexts.current().lookup(this);
        return value != ContextState.ABSENT ? (T) value : defaultValue;
    }

    /**
     * Sets the variable in the current context, as {@code ContextVar.set(value)}: the calling task (or
     * callback, or {@link Context#run} body) sees the new value, and so does every task it creates from
     * now on; its parent and the tasks it created before do not. Outside any task it sets the calling
     * thread's own context.
     *
     * <p>The returned token restores the previous value with {@link #reset}; it is also {@code
     * AutoCloseable}, so {@code try (var t = VAR.set(v)) { … }} sets the variable for a block.
     *
     * @param value the new value
     * @return a token for {@link #reset}
     */
    public Token<T> set(T value) {
        Checks.notNull(value, "value");
        ContextState context = Contexts.currentForWrite();
        return new Token<>(this, context, context.put(this, value));
    }

    /**
     * Puts the variable back to what it was before the {@link #set} that returned {@code token}, as
     * {@code ContextVar.reset(token)}: its previous value, or no value at all.
     *
     * @param token the token of a {@code set} of this variable in the current context
     * @throws IllegalStateException if the token was used already (asyncio's {@code RuntimeError})
     * @throws IllegalArgumentException if the token was made by another variable, or in another context
     *     (asyncio's {@code ValueError})
     */
    public void reset(Token<T> token) {
        Checks.notNull(token, "token");
        token.use(this);
    }

    /**
     * The name and default, as asyncio's repr.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ContextVar[name=" + name + (defaultValue == NO_DEFAULT ? "" : ", default=" + defaultValue) + "]";
    }

    /**
     * What {@link ContextVar#set} returns, as asyncio's {@code contextvars.Token}: the variable, the value
     * it replaced, and a one-time way back to it. Closing the token resets the variable (Python 3.14's
     * {@code with var.set(value):}).
     *
     * <pre>{@code
     * try (var t = REQUEST_ID.set("r-7")) {
     *   await(handle(request));           // tasks created here see "r-7"
     * }                                   // REQUEST_ID back to what it was
     * }</pre>
     *
     * <p>This class is thread-safe; a token may be used once.
     *
     * @param <T> the value type
     */
    public static final class Token<T> implements AutoCloseable {
        private final ContextVar<T> var;
        private final Object context;
        private final @Nullable Object previous;
        private boolean used;

        Token(ContextVar<T> var, Object context, @Nullable Object previous) {
            this.var = var;
            this.context = context;
            this.previous = previous;
        }

        /**
         * The variable that made this token, as {@code Token.var}.
         *
         * @return the variable
         */
        public ContextVar<T> var() {
            return var;
        }

        /**
         * The value the variable had before the {@code set}, as {@code Token.old_value}.
         *
         * @return the previous value, or null if it had none ({@link #oldValueMissing()})
         */
        @SuppressWarnings("unchecked")
        public @Nullable T oldValue() {
            return previous == ContextState.ABSENT ? null : (T) previous;
        }

        /**
         * Whether the variable had no value before the {@code set}, as {@code Token.old_value is
         * Token.MISSING}.
         *
         * @return true if there was no previous value
         */
        public boolean oldValueMissing() {
            return previous == ContextState.ABSENT;
        }

        /**
         * Whether {@link ContextVar#reset} was called with this token.
         *
         * @return true once used
         */
        public synchronized boolean used() {
            return used;
        }

        /**
         * Resets the variable with this token, as {@code var.reset(token)}.
         *
         * @throws IllegalStateException if the token was used already
         * @throws IllegalArgumentException if the current context is not the one the token was made in
         */
        @Override
        public void close() {
            use(var);
        }

        void use(ContextVar<?> caller) {
            ContextState current = Contexts.current();
            synchronized (this) {
                if (used) {
                    throw new IllegalStateException(this + " has already been used once");
                }
                if (caller != var) {
                    throw new IllegalArgumentException(this + " was created by a different ContextVar");
                }
                if (current != context) {
                    throw new IllegalArgumentException(this + " was created in a different Context");
                }
                used = true;
            }
            current.put(var, previous);
        }

        /**
         * The variable and whether the token was used, as asyncio's repr.
         *
         * @return a description
         */
        @Override
        public synchronized String toString() {
            return "Token[var=" + var + (used ? ", used" : "") + "]";
        }
    }
}
