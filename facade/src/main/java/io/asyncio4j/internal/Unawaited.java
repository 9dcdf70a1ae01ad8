package io.asyncio4j.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Debug mode's counterpart of asyncio's "coroutine … was never awaited": an operation's task (a sleep,
 * a queue's get or put, an acquire, a wait) whose outcome nobody observed is logged with its creation
 * site when the task is collected or its loop closes, whichever comes first, once.
 *
 * <p>Observing is what a user does with a task: {@code await}, {@code join}/{@code get}/{@code
 * result}/{@code exception}, composing it ({@code thenApply}, {@code gather}, {@code wait}, {@code
 * waitFor}, …, anything that makes a dependent stage or registers a listener through the task), {@code
 * addDoneCallback}, and {@code cancel}. The library's own bookkeeping ({@link TaskCore#observe}, {@link
 * Futures#whenDone}) does not count. Work that runs whether or not anyone awaits it ({@code
 * createTask}, {@code gather}, {@code shield}, {@code toThread}, body forms) is never reported, as
 * asyncio only warns about coroutines. Only operations created in debug mode are watched; outside it
 * nothing is allocated.
 *
 * <p>Holds no reference to the task, so the task can be collected.
 */
public final class Unawaited {
    private final CreationSite site;
    private volatile boolean observed;
    private final AtomicBoolean logged = new AtomicBoolean();

    private Unawaited(CreationSite site) {
        this.site = site;
    }

    /** Starts watching {@code core}, created at {@code site}. */
    static Unawaited watch(TaskCore<?> core, CreationSite site) {
        Unawaited watch = new Unawaited(site);
        Diagnostics.whenCollected(core.task(), watch::report);
        core.loop().diagnostics().track(watch);
        return watch;
    }

    void observed() {
        observed = true;
    }

    /** Whether nothing is left to do: observed, or reported already. */
    boolean settled() {
        return observed || logged.get();
    }

    /** Logs the report unless the task was observed or the report was logged before. */
    void report() {
        if (!observed && logged.compareAndSet(false, true)) {
            Diagnostics.neverAwaited(LibraryFrames.operation(site), site);
        }
    }
}
