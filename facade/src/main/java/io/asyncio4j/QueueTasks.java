package io.asyncio4j;

/**
 * The unfinished-task count behind {@code taskDone()} and {@code join()} of every queue (not public
 * API). An item is counted before it becomes visible to getters, so a fast consumer's {@code
 * taskDone()} can never run ahead of the count.
 */
final class QueueTasks {
    private int unfinished; // guarded by this
    private final Event finished = Event.create();

    QueueTasks() {
        finished.set();
    }

    synchronized void added() {
        if (unfinished++ == 0) {
            finished.clear();
        }
    }

    /** Undoes {@link #added()} for an item that never entered the queue, or drops a drained one. */
    void removed() {
        boolean zero;
        synchronized (this) {
            if (unfinished == 0) {
                return;
            }
            zero = --unfinished == 0;
        }
        if (zero) {
            finished.set();
        }
    }

    void taskDone() {
        boolean zero;
        synchronized (this) {
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone() called too many times");
            }
            zero = --unfinished == 0;
        }
        if (zero) {
            finished.set();
        }
    }

    Task<Void> join() {
        return finished.waitFor();
    }

    synchronized int unfinished() {
        return unfinished;
    }
}
