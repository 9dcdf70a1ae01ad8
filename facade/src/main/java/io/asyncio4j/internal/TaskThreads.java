package io.asyncio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run direct-style task bodies: one virtual thread per body on JDK 21+, found at run
 * time so the library stays {@code --release 17}; on JDK 17 a work-stealing pool whose workers
 * compensate when a body blocks in {@code await} (through {@link ForkJoinPool#managedBlock}), so
 * bodies waiting on each other cannot starve the pool.
 */
public final class TaskThreads {
    private TaskThreads() {}

    private static final ExecutorService BODIES = create();

    /** Whether bodies run on virtual threads (JDK 21+). */
    public static final boolean VIRTUAL = isVirtualExecutor(BODIES);

    /** The executor that starts task bodies. */
    public static ExecutorService bodies() {
        return BODIES;
    }

    private static boolean isVirtualExecutor(ExecutorService executor) {
        return executor instanceof VirtualThreads;
    }

    /** Starts each body on a new virtual thread; never shut down (the threads are daemons). */
    private static final class VirtualThreads extends java.util.concurrent.AbstractExecutorService {
        private final ThreadFactory factory;

        VirtualThreads(ThreadFactory factory) {
            this.factory = factory;
        }

        @Override
        public void execute(Runnable body) {
            factory.newThread(body).start();
        }

        @Override
        public void shutdown() {
            throw new UnsupportedOperationException("the task threads are never shut down");
        }

        @Override
        public java.util.List<Runnable> shutdownNow() {
            throw new UnsupportedOperationException("the task threads are never shut down");
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
    }

    private static ExecutorService create() {
        if (!Boolean.getBoolean("asyncio4j.platformThreads")) {
            try {
                // Thread.ofVirtual().factory(): one virtual thread per body, without the thread
                // registry that newVirtualThreadPerTaskExecutor keeps for its close()
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> builder = Class.forName("java.lang.Thread$Builder$OfVirtual");
                Object ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builder))
                        .invoke();
                ThreadFactory factory = (ThreadFactory)
                        lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class))
                                .invoke(ofVirtual);
                return new VirtualThreads(factory);
            } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException absentBeforeJdk21) {
                // fall through to the platform-thread pool
            } catch (Throwable unexpected) {
                throw new ExceptionInInitializerError(unexpected);
            }
        }
        // Wide on purpose: a body that blocks outside await (a latch, JDBC, Thread.sleep) holds its
        // worker uncompensated, and tasks it created wait in that worker's queue until another worker
        // steals them; with only a core's worth of workers that could be never.
        int parallelism = Math.max(64, 4 * Runtime.getRuntime().availableProcessors());
        AtomicInteger ids = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory threads = pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("asyncio4j-task-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // A blocked body is compensated by a spare worker up to the pool's hard limit; past it the body
        // simply blocks (saturate returns true) instead of failing with RejectedExecutionException.
        return new ForkJoinPool(parallelism, threads, null, true, 0, 0x7fff, 1, pool -> true, 30, TimeUnit.SECONDS);
    }
}
