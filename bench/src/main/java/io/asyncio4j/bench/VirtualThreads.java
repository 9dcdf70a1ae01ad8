package io.asyncio4j.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * JDK 21+ virtual threads reached through method handles, so that this module compiles with {@code
 * --release 17}. The virtual-thread baselines only run on JDK 21+ (the driver runs them on JDK 25).
 */
public final class VirtualThreads {
    private static final MethodHandle START =
            find(Thread.class, "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class));
    private static final MethodHandle PER_TASK =
            find(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));

    private VirtualThreads() {}

    private static MethodHandle find(Class<?> owner, String name, MethodType type) {
        try {
            return MethodHandles.publicLookup().findStatic(owner, name, type);
        } catch (NoSuchMethodException | IllegalAccessException absentBeforeJdk21) {
            return null;
        }
    }

    /** Whether this JVM has virtual threads. */
    public static boolean available() {
        return START != null;
    }

    /** {@code Thread.startVirtualThread(task)}. */
    public static Thread start(Runnable task) {
        check();
        try {
            return (Thread) START.invokeExact(task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
    public static ExecutorService newPerTaskExecutor() {
        check();
        try {
            return (ExecutorService) PER_TASK.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void check() {
        if (START == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+; this is " + Runtime.version());
        }
    }

    /** Joins {@code thread}, turning an interrupt into an unchecked failure. */
    public static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
