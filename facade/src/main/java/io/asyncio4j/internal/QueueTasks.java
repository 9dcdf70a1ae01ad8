package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The unfinished-task count behind {@code taskDone()} and {@code join()} of every queue. An item is
 * counted before it becomes visible to getters, so a fast consumer's {@code taskDone()} can never run
 * ahead of the count. The count and the waiting joins change in one locked step: a join completes only
 * when the count was zero at some moment after it started (asyncio's {@code _finished} event, set and
 * cleared with the count), never because of a zero that a concurrent put has already undone.
 */
public final class QueueTasks {
    private int unfinished; // guarded by this
    private final Set<OpCore<Void>> joins = new LinkedHashSet<>(); // guarded by this

    public synchronized void added() {
        unfinished++;
    }

    /** Undoes {@link #added()} for an item that never entered the queue, or drops a drained one. */
    public void removed() {
        List<OpCore<Void>> done;
        synchronized (this) {
            if (unfinished == 0) {
                return;
            }
            done = decrement();
        }
        finish(done);
    }

    public void taskDone() {
        List<OpCore<Void>> done;
        synchronized (this) {
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone() called too many times");
            }
            done = decrement();
        }
        finish(done);
    }

    /** Decrements the count; at zero, takes the joins to complete (after the monitor is left). */
    private @Nullable List<OpCore<Void>> decrement() {
        if (--unfinished > 0 || joins.isEmpty()) {
            return null;
        }
        List<OpCore<Void>> done = new ArrayList<>(joins);
        joins.clear();
        return done;
    }

    private static void finish(@Nullable List<OpCore<Void>> done) {
        if (done != null) {
            for (OpCore<Void> join : done) {
                join.completeValue(null); // outside the monitor: user callbacks may run here
            }
        }
    }

    /** Completes once the count is zero; cancelling it withdraws only this join. */
    public Task<Void> join() {
        OpCore<Void> core;
        synchronized (this) {
            if (unfinished == 0) {
                return SyncSupport.done(null);
            }
            core = OpCore.create();
            core.undoWith(OpCore.Undo.NOTHING); // asyncio's join waits on an Event: the same wake-up rule
            joins.add(core);
        }
        core.onWithdraw(message -> {
            synchronized (this) {
                if (!joins.remove(core)) {
                    return false; // the count reached zero first: it completes normally
                }
            }
            core.completeCancelled(null);
            return true;
        });
        return core.task();
    }

    public synchronized int unfinished() {
        return unfinished;
    }
}
