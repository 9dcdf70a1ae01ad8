package io.asyncio4j.testing;

import io.asyncio4j.ThreadLocalBridge;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A thread-local that also records, per thread, the value it holds, so a test can check that every
 * thread that ran a piece of work got its previous value back afterwards: after the work, {@link
 * #live()} must hold only the threads that set a value themselves.
 *
 * @param <T> the value type
 */
public final class TrackedThreadLocal<T> {
    private final ThreadLocal<T> local = new ThreadLocal<>();
    private final Map<Thread, T> live = new ConcurrentHashMap<>();

    public @Nullable T get() {
        return local.get();
    }

    public void set(T value) {
        local.set(value);
        live.put(Thread.currentThread(), value);
    }

    public void clear() {
        local.remove();
        live.remove(Thread.currentThread());
    }

    /** The threads holding a value now, with their values. */
    public Map<Thread, T> live() {
        return Map.copyOf(live);
    }

    /** Registers this thread-local as a get/set/clear bridge. */
    public ThreadLocalBridge register(String name) {
        return ThreadLocalBridge.register(name, this::get, this::set, this::clear);
    }
}
