package io.asyncio4j.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registered tasks of a loop, for {@code allTasks()} and for cancelling leftovers when a run ends.
 * Registering is one CAS on a queue's tail and completion touches nothing: finished tasks are dropped
 * by sweeps that run once as many tasks were added as were live after the previous sweep, so the cost
 * per task stays constant and finished tasks are held at most until the next sweep. (A concurrent hash
 * set, removed from on completion, cost more than the rest of spawning a task together.)
 */
final class TaskRegistry {
    private static final int MIN_SWEEP_INTERVAL = 1024;

    private final ConcurrentLinkedQueue<TaskCore<?>> cores = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile int liveAfterSweep;

    /** Racy on purpose: a lost increment only delays a sweep a little. */
    private volatile int addedSinceSweep;

    void add(TaskCore<?> core) {
        cores.add(core);
        @SuppressWarnings("NonAtomicVolatileUpdate")
        int added = ++addedSinceSweep;
        if (added > Math.max(MIN_SWEEP_INTERVAL, liveAfterSweep) && sweeping.compareAndSet(false, true)) {
            try {
                sweep();
            } finally {
                sweeping.set(false);
            }
        }
    }

    private void sweep() {
        addedSinceSweep = 0;
        int live = 0;
        for (Iterator<TaskCore<?>> it = cores.iterator(); it.hasNext(); ) {
            if (it.next().task().isDone()) {
                it.remove();
            } else {
                live++;
            }
        }
        liveAfterSweep = live;
    }

    /** The registered tasks not done yet. */
    List<TaskCore<?>> live() {
        List<TaskCore<?>> live = new ArrayList<>();
        for (TaskCore<?> core : cores) {
            if (!core.task().isDone()) {
                live.add(core);
            }
        }
        return live;
    }
}
