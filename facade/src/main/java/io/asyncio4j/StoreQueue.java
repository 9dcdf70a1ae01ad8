package io.asyncio4j;

import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.Sync;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.sync.Semaphore;
import kotlinx.coroutines.sync.SemaphoreKt;
import org.jspecify.annotations.Nullable;

/**
 * The LIFO and priority queues (not public API): the items live in a plain structure guarded by this
 * object, and all waiting is done by two kotlinx {@code Semaphore}s, the same fair machinery as {@link
 * Semaphore}: {@code items} counts the items getters may take, {@code slots} the room putters may fill
 * (absent when unbounded). A get holds an {@code items} permit before it touches the structure, so a
 * cancelled get (which kotlinx guarantees holds no permit) never took an item; a put holds a {@code
 * slots} permit before it adds one.
 */
final class StoreQueue<E> implements QueueImpl<E> {
    /** The structure: LIFO stack or priority heap. */
    interface Store<E> {
        void add(E item);

        E take();

        int size();
    }

    static <E> Store<E> lifo() {
        ArrayDeque<E> deque = new ArrayDeque<>();
        return new Store<E>() {
            @Override
            public void add(E item) {
                deque.addLast(item);
            }

            @Override
            public E take() {
                return deque.removeLast();
            }

            @Override
            public int size() {
                return deque.size();
            }
        };
    }

    static <E> Store<E> priority(Comparator<? super E> comparator) {
        java.util.PriorityQueue<E> heap = new java.util.PriorityQueue<>(comparator);
        return new Store<E>() {
            @Override
            public void add(E item) {
                heap.add(item);
            }

            @Override
            public E take() {
                E item = heap.poll();
                if (item == null) {
                    throw new AssertionError("an items permit without an item");
                }
                return item;
            }

            @Override
            public int size() {
                return heap.size();
            }
        };
    }

    /** A waiting put or get: its job is cancelled by a cancellation request or by shutdown. */
    private static final class Waiter {
        volatile @Nullable Job job;
        volatile boolean byShutdown;

        void abort(boolean shutdown) {
            if (shutdown) {
                byShutdown = true;
            }
            Job j = job;
            if (j != null) {
                j.cancel(null);
            }
        }
    }

    private final int maxsize;
    private final Store<E> store; // guarded by itself
    private final Semaphore items = SemaphoreKt.Semaphore(Integer.MAX_VALUE, Integer.MAX_VALUE);
    private final @Nullable Semaphore slots;
    private final QueueTasks tasks = new QueueTasks();
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    StoreQueue(int maxsize, Store<E> store) {
        this.maxsize = Math.max(0, maxsize);
        this.store = store;
        this.slots = maxsize > 0 ? SemaphoreKt.Semaphore(maxsize, 0) : null;
    }

    private void add(E item) {
        synchronized (store) {
            store.add(item);
            items.release(); // under the lock: resuming a waiting get is dispatched, never inline
        }
    }

    /**
     * Takes a slot and stores the item in one step under the store's lock, so that no observer sees
     * the slot gone while the item is not yet there (Lincheck found qsize() lagging "full").
     */
    private boolean tryAddNow(E item) {
        synchronized (store) {
            if (slots != null && !slots.tryAcquire()) {
                return false;
            }
            tasks.added();
            add(item); // the monitor is reentrant: one locked step with the slot taken above
        }
        return true;
    }

    /** Takes an item's permit and the item in one step; null when there is none. */
    private @Nullable E tryTakeNow() {
        synchronized (store) {
            return items.tryAcquire() ? take() : null; // reentrant: one locked step with the permit
        }
    }

    /** Takes an item; the caller holds an {@code items} permit. */
    private E take() {
        E item;
        synchronized (store) {
            item = store.take();
            if (slots != null) {
                slots.release();
            }
        }
        return item;
    }

    @Override
    public Task<Void> put(E item) {
        if (shutdown) {
            return SyncSupport.failed(new QueueShutDown());
        }
        if (tryAddNow(item)) {
            return SyncSupport.done(null);
        }
        tasks.added();
        Semaphore room = slots;
        if (room == null) {
            throw new AssertionError("an unbounded queue refused an item");
        }
        OpCore<Void> core = OpCore.create();
        Waiter waiter = new Waiter();
        waiters.add(waiter);
        io.asyncio4j.internal.Futures.whenDone(core, () -> waiters.remove(waiter)); // bookkeeping: not an await
        waiter.job = Sync.launchAcquire(
                core.loop().scope(),
                room,
                () -> {
                    if (shutdown) { // asyncio re-checks after waking
                        room.release();
                        tasks.removed();
                        core.completeFailure(new QueueShutDown());
                        return;
                    }
                    add(item);
                    core.completeValue(null); // only this coroutine completes the task
                },
                failure -> {
                    tasks.removed();
                    core.completeFailure(failed(waiter, core, failure));
                });
        core.onCancel(message -> waiter.abort(false));
        if (shutdown) {
            waiter.abort(true);
        }
        return core.task();
    }

    private static Throwable failed(Waiter waiter, OpCore<?> core, Throwable failure) {
        return waiter.byShutdown ? new QueueShutDown() : SyncSupport.cancelledOr(core, failure);
    }

    @Override
    public Task<E> get() {
        E now = tryTakeNow();
        if (now != null) {
            return SyncSupport.done(now);
        }
        if (shutdown) {
            return SyncSupport.failed(new QueueShutDown());
        }
        OpCore<E> core = OpCore.create();
        Waiter waiter = new Waiter();
        waiters.add(waiter);
        io.asyncio4j.internal.Futures.whenDone(core, () -> waiters.remove(waiter)); // bookkeeping: not an await
        waiter.job = Sync.launchAcquire(
                core.loop().scope(),
                items,
                () -> core.completeValue(take()), // only this coroutine completes the task
                failure -> core.completeFailure(failed(waiter, core, failure)));
        core.onCancel(message -> waiter.abort(false));
        if (shutdown) {
            waiter.abort(true);
        }
        return core.task();
    }

    @Override
    public void putNowait(E item) {
        if (shutdown) {
            throw new QueueShutDown();
        }
        if (!tryAddNow(item)) {
            throw new QueueFull();
        }
    }

    @Override
    public E getNowait() {
        E item = tryTakeNow();
        if (item != null) {
            return item;
        }
        throw shutdown ? new QueueShutDown() : new QueueEmpty();
    }

    @Override
    public int qsize() {
        synchronized (store) {
            return store.size();
        }
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
        if (immediate) {
            while (tryTakeNow() != null) {
                tasks.removed();
            }
        }
        // waiting gets exist only while the queue is empty; waiting puts never get room now
        for (Waiter waiter : waiters) {
            waiter.abort(true);
        }
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }
}
