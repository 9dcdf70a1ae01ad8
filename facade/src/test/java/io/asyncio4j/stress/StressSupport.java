package io.asyncio4j.stress;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Shared helpers of the reliability suites: sizes (bounded by default, full under {@code -Pstress},
 * chosen by {@code -Dasyncio4j.stress.scale=full|default|<factor>}), the end-of-run invariants (no
 * live task, no thread left behind) and heap measurements after GC.
 */
public final class StressSupport {
    /**
     * Thread name prefixes of the fixed or self-trimming pools a run may leave warm: kotlinx's
     * Default/IO workers and timer thread, the JDK 17 task pool, virtual-thread carriers and timed-park unblockers, the common
     * pool and the JDK's own service threads.
     */
    private static final List<String> POOLS = List.of(
            "DefaultDispatcher-worker",
            "kotlinx.coroutines.DefaultExecutor",
            "asyncio4j-task-",
            "ForkJoinPool",
            "Common-Cleaner",
            "VirtualThread-unblocker", // the JDK's timer for timed parks of virtual threads, started lazily
            "Cleaner-",
            "awaitility",
            "Attach Listener",
            "process reaper",
            "surefire");

    private StressSupport() {}

    /** Whether the full sizes were asked for. */
    public static boolean full() {
        return "full".equals(System.getProperty("asyncio4j.stress.scale", "default"));
    }

    /** {@code bounded} in the default run, {@code fullSize} under {@code -Pstress}, or scaled by a factor. */
    public static int size(int bounded, int fullSize) {
        String scale = System.getProperty("asyncio4j.stress.scale", "default");
        if ("full".equals(scale)) {
            return fullSize;
        }
        if ("default".equals(scale) || scale.isEmpty()) {
            return bounded;
        }
        return (int) Math.max(1, Math.min((long) fullSize, Math.round(bounded * Double.parseDouble(scale))));
    }

    /** Records one suite's figures; printed as {@code [stress] name: ...}. */
    public static void report(String suite, String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("[stress] " + suite + ": " + line);
    }

    /** Names of the live platform threads outside the known pools. */
    public static Set<String> foreignThreads() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && POOLS.stream().noneMatch(t.getName()::startsWith)) {
                names.add(t.getName() + "#" + t.getId());
            }
        }
        return names;
    }

    /** A snapshot to compare against after a run. */
    public static final class Baseline {
        private final Set<String> threads = foreignThreads();
        private final int threadCount = ManagementFactory.getThreadMXBean().getThreadCount();

        /**
         * Waits until no thread outside the known pools is left beyond the baseline, and the whole
         * platform thread count is back within the fixed pools' size of where it started.
         */
        public void assertThreadsReturned() {
            await("threads back to the baseline")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .pollInSameThread()
                    .untilAsserted(() -> {
                        Set<String> extra = new HashSet<>(foreignThreads());
                        extra.removeAll(threads);
                        assertTrue(extra.isEmpty(), "threads left behind: " + extra);
                    });
            // fixed pools: kotlinx Default (cores) + IO (64) + carriers; the JDK 17 task pool trims itself
            int bound =
                    threadCount + 64 + 4 * Runtime.getRuntime().availableProcessors() + poolThreads("asyncio4j-task-");
            int now = ManagementFactory.getThreadMXBean().getThreadCount();
            assertTrue(now <= bound, "platform threads " + now + " > " + bound);
        }
    }

    /** How many live threads have a name starting with {@code prefix}. */
    public static int poolThreads(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    /** Asserts, from inside a run, that no task but the calling one is still live. */
    public static void assertOnlyCurrentTaskLive() {
        await("allTasks() holds only the main task")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    Set<Task<?>> live = new HashSet<>(Asyncio.allTasks());
                    live.remove(Asyncio.currentTask());
                    assertTrue(live.isEmpty(), () -> "live tasks: " + live.size() + " e.g. " + first(live));
                });
    }

    private static String first(Set<Task<?>> tasks) {
        List<Task<?>> list = new ArrayList<>(tasks);
        return list.isEmpty() ? "-" : list.get(0).toString();
    }

    /** Used heap after collecting until it stops shrinking. */
    public static long settledHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] last = {Long.MAX_VALUE};
        long[] best = {Long.MAX_VALUE};
        await("heap settles after GC")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    System.gc();
                    long used = memory.getHeapMemoryUsage().getUsed();
                    boolean stable = used >= last[0] - (512 * 1024);
                    last[0] = used;
                    best[0] = Math.min(best[0], used);
                    return stable;
                });
        return best[0];
    }

    /** The top of the live-object class histogram (a full GC first), to name what a leak retains. */
    public static String histogram(int lines) {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
            String[] all = String.valueOf(text).split("\n");
            return String.join("\n", java.util.Arrays.copyOf(all, Math.min(all.length, lines + 3)));
        } catch (Exception e) {
            return "no histogram: " + e;
        }
    }

    /**
     * Starts {@code threads} jobs on {@code pool} that together send a cancellation request to each task
     * of {@code victims} (indexes into {@code tasks}), interleaved, in the victims' order, yielding now and
     * then so requests land at scattered moments; {@code accepted} counts the requests {@code cancel}
     * accepted, per index. Join the jobs with {@link #joinAll}.
     */
    public static List<java.util.concurrent.Future<?>> cancelConcurrently(
            java.util.concurrent.ExecutorService pool,
            int threads,
            List<? extends Task<?>> tasks,
            List<Integer> victims,
            java.util.concurrent.atomic.AtomicIntegerArray accepted) {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
        for (int c = 0; c < threads; c++) {
            int offset = c;
            jobs.add(pool.submit(() -> {
                go.await();
                for (int k = offset; k < victims.size(); k += threads) {
                    int index = victims.get(k);
                    if (tasks.get(index).cancel("storm")) {
                        accepted.incrementAndGet(index);
                    }
                    if (k % 7 == 0) {
                        Thread.yield();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        return jobs;
    }

    /** Waits for jobs started by {@link #cancelConcurrently}, failing on theirs. */
    public static void joinAll(List<java.util.concurrent.Future<?>> jobs) throws Exception {
        for (java.util.concurrent.Future<?> job : jobs) {
            job.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
