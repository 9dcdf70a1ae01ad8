package io.asyncio4j;

import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.Sync;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import kotlinx.coroutines.CompletableJob;
import kotlinx.coroutines.JobKt;
import kotlinx.coroutines.channels.Channel;
import org.jspecify.annotations.Nullable;

/**
 * The FIFO queue: a kotlinx {@code Channel} of the items (not public API). Waiting puts and gets are
 * kotlinx {@code select}s between the channel and an abort signal, so a cancelled get never takes an
 * item and a cancelled put never adds one; the channel serves waiters first come, first served.
 */
final class ChannelQueue<E> implements QueueImpl<E> {
    /** A waiting put: aborted by a cancellation request or by shutdown. */
    private static final class Waiter {
        final CompletableJob abort = JobKt.Job(null);
        volatile boolean byShutdown;
    }

    private final int maxsize;
    private final Channel<E> channel;
    private final AtomicInteger size = new AtomicInteger();
    private final QueueTasks tasks = new QueueTasks();
    private final Set<Waiter> putters = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;
    /**
     * Serializes the non-waiting channel operations. A kotlinx buffered channel counts a send as
     * occupying its cell before the item is readable there, so an unguarded {@code trySend} racing
     * another could report the queue full while a {@code tryReceive} still finds it empty: not
     * linearizable (Lincheck found it). Waiting puts and gets stay lock-free inside kotlinx.
     */
    private final Object nowait = new Object();

    ChannelQueue(int maxsize) {
        this.maxsize = Math.max(0, maxsize);
        this.channel = Sync.newChannel(maxsize);
    }

    @Override
    public Task<Void> put(E item) {
        if (shutdown) {
            return SyncSupport.failed(new QueueShutDown());
        }
        tasks.added();
        int sent = trySend(item);
        if (sent == 0) {
            return SyncSupport.done(null);
        }
        if (sent == 2) {
            tasks.removed();
            return SyncSupport.failed(new QueueShutDown());
        }
        OpCore<Void> core = OpCore.create();
        Waiter waiter = new Waiter();
        putters.add(waiter);
        io.asyncio4j.internal.Futures.whenDone(core, () -> putters.remove(waiter)); // bookkeeping: not an await
        Sync.launchSend(
                core.loop().scope(),
                channel,
                item,
                waiter.abort,
                () -> {
                    size.incrementAndGet();
                    core.completeValue(null);
                },
                () -> {
                    tasks.removed();
                    core.completeFailure(new QueueShutDown());
                },
                () -> {
                    tasks.removed();
                    if (waiter.byShutdown) {
                        core.completeFailure(new QueueShutDown());
                    } else {
                        core.completeCancelled(null);
                    }
                });
        core.onCancel(message -> waiter.abort.complete());
        if (shutdown) {
            abortForShutdown(waiter);
        }
        return core.task();
    }

    private static void abortForShutdown(Waiter waiter) {
        waiter.byShutdown = true;
        waiter.abort.complete();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Task<E> get() {
        Object item = tryReceive();
        if (item == Sync.CLOSED) {
            return SyncSupport.failed(new QueueShutDown());
        }
        if (item != Sync.EMPTY) {
            return SyncSupport.done((E) item);
        }
        OpCore<E> core = OpCore.create();
        CompletableJob abort = JobKt.Job(null);
        Sync.launchReceive(
                core.loop().scope(),
                channel,
                abort,
                received -> {
                    size.decrementAndGet();
                    // only this coroutine completes the task, so the value always lands
                    core.completeValue(received);
                },
                () -> core.completeFailure(new QueueShutDown()),
                () -> core.completeCancelled(null));
        core.onCancel(message -> abort.complete());
        return core.task();
    }

    @Override
    public void putNowait(E item) {
        if (shutdown) {
            throw new QueueShutDown();
        }
        tasks.added();
        int sent = trySend(item);
        if (sent == 0) {
            return;
        }
        tasks.removed();
        throw sent == 1 ? new QueueFull() : new QueueShutDown();
    }

    @Override
    @SuppressWarnings("unchecked")
    public E getNowait() {
        Object item = tryReceive();
        if (item == Sync.CLOSED) {
            throw new QueueShutDown();
        }
        if (item == Sync.EMPTY) {
            throw new QueueEmpty();
        }
        return (E) item;
    }

    private int trySend(E item) {
        synchronized (nowait) {
            int sent = Sync.trySend(channel, item);
            if (sent == 0) {
                size.incrementAndGet();
            }
            return sent;
        }
    }

    private @Nullable Object tryReceive() {
        synchronized (nowait) {
            Object item = Sync.tryReceive(channel);
            if (item != Sync.EMPTY && item != Sync.CLOSED) {
                size.decrementAndGet();
            }
            return item;
        }
    }

    @Override
    public int qsize() {
        int n = Math.max(0, size.get());
        return maxsize > 0 ? Math.min(n, maxsize) : n;
    }

    @Override
    public int maxsize() {
        return maxsize;
    }

    @Override
    public void taskDone() {
        tasks.taskDone();
    }

    @Override
    public Task<Void> join() {
        return tasks.join();
    }

    @Override
    public void shutdown(boolean immediate) {
        shutdown = true;
        for (Waiter waiter : putters) {
            abortForShutdown(waiter); // before closing, so that no waiting put lands after the drain
        }
        channel.close(null); // waiting gets see the end once the buffer is empty
        if (immediate) {
            Object item;
            while ((item = tryReceive()) != Sync.EMPTY && item != Sync.CLOSED) {
                tasks.removed();
            }
        }
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }
}
