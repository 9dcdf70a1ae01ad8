package io.asyncio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The state behind a public {@code Context}: an immutable map from context variables to values,
 * swapped atomically on each {@code set} (copy-on-write, so that copying a context is O(1): the copy
 * shares the array), and the values of the registered thread-local bridges captured with it. asyncio
 * keeps a HAMT for the map; a context rarely holds more than a handful of variables, so a small array
 * of alternating keys and values is faster here and allocates less.
 */
public final class ContextState {
    static final Object[] NO_VARS = new Object[0];
    /** Returned by lookups for a variable without a value (null is a value). */
    public static final Object ABSENT = new Object();

    private static final VarHandle VARS;
    private static final VarHandle ENTERED_BY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            VARS = lookup.findVarHandle(ContextState.class, "vars", Object[].class);
            ENTERED_BY = lookup.findVarHandle(ContextState.class, "enteredBy", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through VARS
    private volatile Object[] vars;

    /** The bridges whose values were captured with this context, or null when none were registered. */
    final Contexts.Bridge @Nullable [] bridges;

    /** The captured values of {@link #bridges}, same order; null stands for "not set" (cleared). */
    final @Nullable Object @Nullable [] bridged;

    @SuppressWarnings("unused") // through ENTERED_BY
    private volatile @Nullable Thread enteredBy;

    /** The public view of this state, made once by the API layer. */
    public volatile @Nullable Object view;

    ContextState(Object[] vars, Contexts.Bridge @Nullable [] bridges, @Nullable Object @Nullable [] bridged) {
        this.vars = vars;
        this.bridges = bridges;
        this.bridged = bridged;
    }

    Object[] vars() {
        return vars;
    }

    /** The value of {@code key}, or {@link #ABSENT}. */
    public @Nullable Object lookup(Object key) {
        return find(vars, key);
    }

    static @Nullable Object find(Object[] map, Object key) {
        for (int i = 0; i < map.length; i += 2) {
            if (map[i] == key) {
                return map[i + 1];
            }
        }
        return ABSENT;
    }

    /** Sets {@code key} to {@code value} (ABSENT removes it); returns the previous value or ABSENT. */
    public @Nullable Object put(Object key, @Nullable Object value) {
        while (true) {
            Object[] current = vars;
            int at = -1;
            for (int i = 0; i < current.length; i += 2) {
                if (current[i] == key) {
                    at = i;
                    break;
                }
            }
            Object old = at < 0 ? ABSENT : current[at + 1];
            Object[] next;
            if (value == ABSENT) {
                if (at < 0) {
                    return ABSENT;
                }
                next = new Object[current.length - 2];
                System.arraycopy(current, 0, next, 0, at);
                System.arraycopy(current, at + 2, next, at, current.length - at - 2);
            } else if (at < 0) {
                next = Arrays.copyOf(current, current.length + 2);
                next[current.length] = key;
                next[current.length + 1] = value;
            } else {
                next = current.clone();
                next[at + 1] = value;
            }
            if (VARS.compareAndSet(this, current, next)) {
                return old;
            }
        }
    }

    /** The number of variables with a value. */
    public int size() {
        return vars.length / 2;
    }

    /** A snapshot of the keys and values, alternating. */
    public Object[] entries() {
        return vars.clone();
    }

    /** A new state with the same variables and captured bridge values (asyncio's {@code Context.copy()}). */
    public ContextState copy() {
        return new ContextState(vars, bridges, bridged);
    }

    /** Marks this state entered by the calling thread; false if some thread has it entered already. */
    boolean tryEnter() {
        return ENTERED_BY.compareAndSet(this, null, Thread.currentThread());
    }

    void leave() {
        enteredBy = null;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        Object[] map = vars;
        for (int i = 0; i < map.length; i += 2) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(map[i]).append('=').append(map[i + 1] == this ? "(this)" : map[i + 1]);
        }
        return s.append('}').toString();
    }
}
