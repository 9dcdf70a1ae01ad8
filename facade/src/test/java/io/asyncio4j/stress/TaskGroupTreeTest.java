package io.asyncio4j.stress;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import io.asyncio4j.TaskGroupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TaskGroup trees five levels deep, both forms ({@code run(body)} and try-with-resources) mixed, with
 * failures injected at random leaves: every leaf failure that was thrown is reported exactly once in
 * the nested {@link TaskGroupException}s, nothing else is reported, and no task of the tree is left
 * running (the long-sleeping siblings end cancelled, every started body ran its {@code finally} once).
 */
@Timeout(600)
class TaskGroupTreeTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final int DEPTH = 5;

    /** A leaf's injected failure, identified by its leaf id. */
    static final class LeafFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long id;

        LeafFailure(long id) {
            super("leaf " + id, null, false, false);
            this.id = id;
        }
    }

    @Test
    void taskGroupTree_randomFailingLeaves_eachFailureReportedOnce_noSiblingLeftRunning() throws Exception {
        trees(StressSupport.size(6, 6), 3);
    }

    @Test
    @Tag("stress")
    void taskGroupTree_manyTreesFourWide_eachFailureReportedOnce_noSiblingLeftRunning() throws Exception {
        trees(StressSupport.size(20, 200), 4);
    }

    private static void trees(int count, int width) throws Exception {
        StressSupport.Baseline baseline = new StressSupport.Baseline();
        long start = System.nanoTime();
        long[] totals = new long[4]; // tasks, thrown failures, cancelled leaves, trees without failure
        Asyncio.run(() -> {
            for (int tree = 0; tree < count; tree++) {
                Tree t = new Tree(new SplittableRandom(tree * 31L + width), width, tree % 4 == 3 ? 0.0 : 0.02);
                Set<Long> reported = new HashSet<>();
                try {
                    t.node(0);
                    if (!t.thrown.isEmpty()) {
                        fail("leaves failed but the root group reported nothing: " + t.thrown);
                    }
                } catch (TaskGroupException | IllegalStateException e) {
                    collectFailure(e, reported);
                }
                assertEquals(t.thrown, reported, "every thrown failure reported exactly once, nothing else");
                for (Task<?> task : t.tasks) {
                    assertTrue(task.isDone(), "left running: " + task);
                }
                assertEquals(t.started.get(), t.finished.get(), "every started body ran its finally once");
                if (t.thrown.isEmpty()) {
                    totals[3]++;
                } else {
                    assertTrue(t.cancelledLeaves.get() > 0, "a failure cancelled its sleeping siblings");
                }
                totals[0] += t.tasks.size();
                totals[1] += t.thrown.size();
                totals[2] += t.cancelledLeaves.get();
                StressSupport.assertOnlyCurrentTaskLive();
            }
            return null;
        });
        baseline.assertThreadsReturned();
        StressSupport.report(
                "TaskGroupTree/width" + width,
                "%d trees (depth %d), %d tasks, %d failures injected and reported once, %d leaves cancelled,"
                        + " %d trees without failure, %.1f s",
                count,
                DEPTH,
                totals[0],
                totals[1],
                totals[2],
                totals[3],
                (System.nanoTime() - start) / 1e9);
    }

    /** Flattens nested groups; a failure reported twice fails the test. */
    private static void collect(TaskGroupException group, Set<Long> reported) {
        for (Throwable e : group.exceptions()) {
            collectFailure(e, reported);
        }
    }

    private static void collectFailure(Throwable e, Set<Long> reported) {
        if (e instanceof TaskGroupException) {
            collect((TaskGroupException) e, reported);
        } else if (e instanceof LeafFailure) {
            assertTrue(reported.add(((LeafFailure) e).id), "reported twice: " + e);
        } else if (e instanceof IllegalStateException && "TaskGroup is shutting down".equals(e.getMessage())) {
            // try-with-resources form: a child failed while the block was still creating tasks; the
            // group's own report rides along as the suppressed exception (documented on TaskGroup)
            Throwable[] suppressed = e.getSuppressed();
            assertEquals(1, suppressed.length, "the group's report is suppressed on the refusal");
            collectFailure(suppressed[0], reported);
        } else {
            fail("unexpected failure in the tree", e);
        }
    }

    private static final class Tree {
        final SplittableRandom random;
        final int width;
        final double failureRate;
        final Set<Long> thrown = ConcurrentHashMap.newKeySet();
        final List<Task<?>> tasks = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger cancelledLeaves = new AtomicInteger();
        final AtomicLong ids = new AtomicLong();
        /** One leaf that always fails (when failures are on), so no tree waits for its long sleepers. */
        final long target;

        Tree(SplittableRandom random, int width, double failureRate) {
            this.random = random;
            this.width = width;
            this.failureRate = failureRate;
            this.target = failureRate == 0 ? -1 : random.nextLong(1, (long) Math.pow(width, DEPTH) + 1);
        }

        /** Runs a node at {@code level}: an inner node opens a group of children, a leaf sleeps or fails. */
        Void node(int level) throws Exception {
            if (level == DEPTH) {
                return leaf();
            }
            SplittableRandom mine;
            synchronized (random) {
                mine = random.split();
            }
            if (mine.nextBoolean()) {
                return TaskGroup.run(tg -> {
                    for (int i = 0; i < width; i++) {
                        tasks.add(tg.createTask(() -> body(level + 1)));
                    }
                    return null;
                });
            }
            try (TaskGroup tg = TaskGroup.open()) {
                for (int i = 0; i < width; i++) {
                    tasks.add(tg.createTask(() -> body(level + 1)));
                }
            }
            return null;
        }

        private Void body(int level) throws Exception {
            started.incrementAndGet();
            try {
                return node(level);
            } finally {
                finished.incrementAndGet();
            }
        }

        private Void leaf() throws Exception {
            long id = ids.incrementAndGet();
            double roll;
            long micros;
            synchronized (random) {
                roll = random.nextDouble();
                micros = random.nextLong(0, 3_000);
            }
            if (id == target || roll < failureRate) {
                await(Asyncio.sleep(Duration.ofNanos(micros * 1_000)));
                thrown.add(id);
                throw new LeafFailure(id);
            }
            try {
                if (roll < 0.5) {
                    await(Asyncio.sleep(Duration.ofNanos(micros * 1_000))); // finishes normally
                } else {
                    // only a cancellation ends it (trees without failures have no long sleepers)
                    await(Asyncio.sleep(failureRate == 0 ? Duration.ofNanos(micros * 1_000) : LONG));
                }
                return null;
            } catch (CancelledError e) {
                cancelledLeaves.incrementAndGet();
                throw e;
            }
        }
    }
}
