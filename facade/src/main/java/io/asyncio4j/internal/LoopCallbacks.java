package io.asyncio4j.internal;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.CoroutineDispatcher;
import kotlinx.coroutines.Dispatchers;

/**
 * The callbacks of one loop ({@code callSoon}, {@code callLater}, {@code callAt}): they run one at a
 * time on a kotlinx dispatcher limited to one thread at a time, in the order of their due time and,
 * for equal times, of scheduling. Each timed callback arms a kotlinx timer; when a timer fires, every
 * due callback runs in order, so kotlinx's own tie-breaking between equal delays does not matter.
 */
final class LoopCallbacks {
    /** How early a timed callback may run, as asyncio's clock resolution. */
    private static final double RESOLUTION = 1e-3;

    private final Loop loop;
    private final CoroutineDispatcher serial = Dispatchers.getDefault().limitedParallelism(1, null);
    private final AtomicLong sequence = new AtomicLong();
    private final PriorityQueue<ScheduledCallback> scheduled = new PriorityQueue<>();

    LoopCallbacks(Loop loop) {
        this.loop = loop;
    }

    ScheduledCallback callSoon(Runnable callback) {
        ScheduledCallback handle = newHandle(Clock.now(), callback);
        serial.dispatch(EmptyCoroutineContext.INSTANCE, () -> run(handle));
        return handle;
    }

    ScheduledCallback callAt(double when, Runnable callback) {
        ScheduledCallback handle = newHandle(when, callback);
        synchronized (scheduled) {
            scheduled.add(handle);
        }
        // round up to whole milliseconds: kotlinx's delay never fires before its deadline, so the
        // handle is due when its timer fires
        long nanos = Clock.nanosUntil(when);
        long millis = nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1);
        handle.timer = Coroutines.launchTimerOn(
                loop.scope(),
                serial,
                millis > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000,
                this::runDue);
        return handle;
    }

    void cancel(ScheduledCallback handle) {
        handle.cancelled = true;
        Timers.cancel(handle.timer);
        synchronized (scheduled) {
            scheduled.remove(handle);
        }
    }

    private ScheduledCallback newHandle(double when, Runnable callback) {
        return new ScheduledCallback(
                when, sequence.getAndIncrement(), callback, loop.debug() ? new CreationSite() : null);
    }

    private void runDue() {
        double deadline = Clock.now() + RESOLUTION;
        while (true) {
            ScheduledCallback next;
            synchronized (scheduled) {
                next = scheduled.peek();
                if (next == null || next.when > deadline) {
                    return;
                }
                scheduled.poll();
            }
            run(next);
        }
    }

    private void run(ScheduledCallback handle) {
        if (!handle.cancelled) {
            loop.runCallback(handle.callback, handle, handle.site);
        }
    }
}
