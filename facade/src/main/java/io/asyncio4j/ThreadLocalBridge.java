package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.Contexts;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A thread-local that travels with tasks, as a {@link ContextVar} does: register it once, and its value
 * is captured wherever work is created (a task, a callback, a {@code toThread} worker, every case listed
 * in {@link Context}) and installed around every piece of that work on whatever thread runs it, then
 * the thread's previous value is put back, so nothing leaks into the next task a pooled thread runs.
 * This is what keeps SLF4J's MDC, an OpenTelemetry {@code Context} or a security holder intact across
 * {@code createTask}, {@code await} and {@code toThread}. It is kotlinx's {@code ThreadContextElement}
 * ({@code ThreadLocal.asContextElement()}) applied to every task, callback and continuation.
 *
 * <pre>{@code
 * // once, at start-up: SLF4J's MDC as a get/set/clear triple
 * ThreadLocalBridge.register("MDC", MDC::getCopyOfContextMap, MDC::setContextMap, MDC::clear);
 *
 * MDC.put("requestId", "r-42");
 * Asyncio.run(() -> {
 *   await(Asyncio.toThread(() -> { log.info("in a worker"); return null; }));   // requestId=r-42
 *   return null;
 * });
 * }</pre>
 *
 * <p><b>Semantics.</b> A null value means "not set": it is captured as such and installed by clearing.
 * A change a task makes to the thread-local is seen by that task's body for the rest of its run (a body
 * keeps its thread) and by the tasks it creates afterwards, and never by its parent or siblings; in a
 * future-style continuation or a callback it lasts until that piece of work ends. Values are shared, not
 * copied: register an immutable value, or a getter that returns a copy (as MDC's does).
 *
 * <p><b>Cost.</b> Nothing until the first bridge is registered (or variable set); then each created task
 * reads each registered thread-local once, and each piece of work sets and restores it. See {@code
 * bench/RESULTS.md} for the figures. The getter, setter and clearer must be fast and must not throw: a
 * failure is logged and skipped.
 *
 * <p>This class is thread-safe. Registration is process-wide; {@link #close()} unregisters (work created
 * before keeps carrying the value it captured).
 */
public final class ThreadLocalBridge implements AutoCloseable {
    private final Contexts.Bridge bridge;
    private final String name;

    private ThreadLocalBridge(Contexts.Bridge bridge, String name) {
        this.bridge = bridge;
        this.name = name;
    }

    /**
     * Registers {@code threadLocal}: its value travels with every piece of work created from now on.
     * Installing a null value calls {@link ThreadLocal#remove()}.
     *
     * @param threadLocal the thread-local
     * @param <T> the value type
     * @return the registration, to {@link #close()} when the bridge is no longer wanted
     */
    public static <T> ThreadLocalBridge register(ThreadLocal<T> threadLocal) {
        Checks.notNull(threadLocal, "threadLocal");
        String name = threadLocal.toString();
        return new ThreadLocalBridge(
                Contexts.register(name, threadLocal::get, threadLocal::set, threadLocal::remove), name);
    }

    /**
     * Registers a thread-bound value reached through a getter, a setter and a clearer, for holders that
     * are not a plain {@code ThreadLocal}: MDC ({@code MDC::getCopyOfContextMap, MDC::setContextMap,
     * MDC::clear}), a tracing context, a security holder.
     *
     * @param name a name for diagnostics
     * @param getter reads the calling thread's value; null means "not set"
     * @param setter installs a non-null value on the calling thread
     * @param clearer removes the calling thread's value
     * @param <T> the value type
     * @return the registration, to {@link #close()} when the bridge is no longer wanted
     */
    public static <T> ThreadLocalBridge register(
            String name, Supplier<? extends @Nullable T> getter, Consumer<? super T> setter, Runnable clearer) {
        Checks.notNull(name, "name");
        Checks.notNull(getter, "getter");
        Checks.notNull(setter, "setter");
        Checks.notNull(clearer, "clearer");
        return new ThreadLocalBridge(Contexts.register(name, getter, setter, clearer), name);
    }

    /**
     * Unregisters the bridge: work created from now on no longer carries its value (work created before
     * still installs and restores the value it captured). Does nothing the second time.
     */
    @Override
    public void close() {
        Contexts.unregister(bridge);
    }

    /**
     * The bridge's name.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "ThreadLocalBridge[" + name + "]";
    }
}
