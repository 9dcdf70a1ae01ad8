package io.asyncio4j.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A failed task's exception, waiting to be retrieved; logged once if it never is, when the task is
 * collected or its run ends. Holds no reference to the task, so the task can be collected.
 */
public final class UnretrievedReport {
    private final String taskName;
    private final Throwable failure;
    private final @Nullable CreationSite site;
    private volatile boolean retrieved;
    private final AtomicBoolean logged = new AtomicBoolean();

    UnretrievedReport(String taskName, Throwable failure, @Nullable CreationSite site) {
        this.taskName = taskName;
        this.failure = failure;
        this.site = site;
    }

    void retrieved() {
        retrieved = true;
    }

    /** Whether nothing is left to do for it: retrieved, or logged already. */
    boolean settled() {
        return retrieved || logged.get();
    }

    /** True the first time it is called for a report that was not retrieved. */
    boolean claimLog() {
        return !retrieved && logged.compareAndSet(false, true);
    }

    String taskName() {
        return taskName;
    }

    Throwable failure() {
        return failure;
    }

    @Nullable
    CreationSite site() {
        return site;
    }
}
