package io.asyncio4j.bench;

import io.asyncio4j.Asyncio;
import io.asyncio4j.ContextVar;
import io.asyncio4j.Task;
import io.asyncio4j.ThreadLocalBridge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The cost per task of carrying context (issue 16): W2's future-style batch ({@code createTask(() -> i)}
 * × n, then one {@code await(gather(tasks))}, n = 200,000; JMH single shot, quoted as ns per task), with
 * nothing carried and with 1 or 3 registered values. The task bodies read nothing: the difference is
 * what every task pays to capture the creator's context and to install and restore it around its body
 * and its completion.
 *
 * <ul>
 *   <li>{@code none} (the baseline): no {@code ContextVar} ever set, no bridge registered, in this JVM
 *       (JMH forks one per configuration), so contexts are off and task creation pays one volatile read.
 *   <li>{@code var1}: one {@code ContextVar} set in the main task: each task copies the context (one
 *       object, the variables' array is shared) and its body runs with it installed.
 *   <li>{@code bridge1}, {@code bridge3}: 1 or 3 {@code ThreadLocal}s registered with {@code
 *       ThreadLocalBridge} and set in the main task: each task reads them at creation and sets and
 *       restores them around its body.
 * </ul>
 *
 * <p>Command: {@code java -jar bench/target/benchmarks.jar ContextCost -f 1 -wi 2 -i 5 -bm ss} (figures
 * and the exact command in {@code bench/RESULTS.md}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ContextCost {
    /** What each task carries. */
    @Param({"none", "var1", "bridge1", "bridge3"})
    public String carried;

    /** Tasks per batch. */
    @Param("200000")
    public int n;

    private static final ContextVar<String> REQUEST_ID = ContextVar.create("request_id");
    private static final List<ThreadLocal<String>> LOCALS = new ArrayList<>();
    private static final List<ThreadLocalBridge> BRIDGES = new ArrayList<>();

    /** One batch; returns the sum of the task results. */
    @Benchmark
    public long spawnAwait() throws Exception {
        return run(carried, n);
    }

    /** Runs one batch of {@code n} trivial tasks carrying {@code carried}; returns the sum of their results. */
    public static long run(String carried, int n) throws Exception {
        int bridges = carried.equals("bridge1") ? 1 : carried.equals("bridge3") ? 3 : 0;
        synchronized (BRIDGES) {
            while (BRIDGES.size() < bridges) {
                ThreadLocal<String> local = new ThreadLocal<>();
                LOCALS.add(local);
                BRIDGES.add(ThreadLocalBridge.register(local));
            }
        }
        return Asyncio.run(() -> {
            if (carried.equals("var1")) {
                REQUEST_ID.set("r-1");
            }
            for (int i = 0; i < bridges; i++) {
                LOCALS.get(i).set("value " + i);
            }
            List<Task<Integer>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                tasks.add(Asyncio.createTask(() -> index));
            }
            long sum = 0;
            for (int v : Asyncio.await(Asyncio.gather(tasks))) {
                sum += v;
            }
            return sum;
        });
    }
}
