package io.asyncio4j.internal;

import io.asyncio4j.QueueEmpty;
import io.asyncio4j.QueueFull;
import io.asyncio4j.QueueShutDown;
import io.asyncio4j.Task;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import kotlinx.coroutines.sync.Semaphore;
import kotlinx.coroutines.sync.SemaphoreKt;
import org.jspecify.annotations.Nullable;

/**
 * The queue behind {@code Queue}, {@code LifoQueue} and {@code PriorityQueue}: the items live in a
 * plain structure (a FIFO deque, a LIFO stack or a priority heap) guarded by the queue's lock, and all
 * waiting is done by two kotlinx {@code Semaphore}s, the same fair machinery as {@code Semaphore}:
 * {@code items} counts the items getters may take, {@code slots} the room putters may fill (absent
 * when unbounded).
 *
 * <p>A waiting get or put is a {@link Waiter} on one of them, resumed inline by the {@code release()}
 * that hands it the permit, so it takes its item (or stores it) in the same step, and {@code cancel()}
 * on its task withdraws it inside the call: true means it took nothing. A permit that reaches a
 * withdrawn getter goes back to the next getter, so the item stays in the queue in its place (a kotlinx
 * {@code Channel} hands the item itself to a receiver, and a receiver cancelled just after that could
 * only put it back at the tail, breaking FIFO order: that is why the FIFO queue is built this way too).
 * Outcomes are delivered on the loop's executor, never under the lock or inside another task's
 * call. The non-waiting paths take the permit and the item in one locked step, so that no observer
 * sees one without the other (Lincheck found {@code qsize()} lagging {@code full()} otherwise).
 *
 * <p>For the same reason every release of a permit, and every start of a wait, happens under the
 * lock. kotlinx may hand a released permit to an acquire that is still entering its wait (its
 * elimination path), and that acquire then runs {@link Waiter#taken} in its own thread, later. Were
 * the wait started outside the lock, a put could hold its slot while its item was not yet stored:
 * another put would then find no room in a queue holding one item of two, and wait, and an item added
 * after could come out first (Lincheck, {@code lincheck_fifoWaitersCancelledAtOnce_linearizable}).
 * Under the lock that hand-over completes before anyone else looks.
 *
 * <p>The lock is a {@link ReentrantLock}, not the store's monitor: with producers and consumers on
 * two cores, a contended monitor spins, and W3 direct style measured bimodal with it (0.5 or 1.5 µs per
 * item in one process); a contended {@code ReentrantLock} parks the waiting (virtual) thread instead,
 * which halved W3 4P/4C in direct style, cut it by a third in future style and removed the slow mode
 * (interleaved runs, bench/FINDINGS.md).
 */
public final class StoreQueue<E> {
    /** The structure: FIFO deque, LIFO stack or priority heap. */
    public interface Store<E> {
        void add(E item);

        E take();

        int size();

        /** Puts back an item just taken, where {@link #take()} takes from (its place in the order). */
        void putBack(E item);

        /** Removes this very item (identity), if still stored; true if it was. */
        boolean removeStored(E item);

        /** Refuses an item the store cannot hold, before anything changes; returns it. */
        default E check(E item) {
            return item;
        }
    }

    public static <E> Store<E> fifo() {
        return deque(false);
    }

    public static <E> Store<E> lifo() {
        return deque(true);
    }

    /** A deque store taking from the end it adds to (LIFO) or from the other end (FIFO). */
    private static <E> Store<E> deque(boolean lastIn) {
        ArrayDeque<E> deque = new ArrayDeque<>();
        return new Store<E>() {
            @Override
            public void add(E item) {
                deque.addLast(item);
            }

            @Override
            public E take() {
                return lastIn ? deque.removeLast() : deque.removeFirst();
            }

            @Override
            public int size() {
                return deque.size();
            }

            @Override
            public void putBack(E item) {
                if (lastIn) {
                    deque.addLast(item);
                } else {
                    deque.addFirst(item);
                }
            }

            @Override
            public boolean removeStored(E item) {
                return removeIdentical(deque.descendingIterator(), item); // the latest is nearest the tail
            }
        };
    }

    private static <E> boolean removeIdentical(java.util.Iterator<E> it, E item) {
        while (it.hasNext()) {
            if (it.next() == item) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<Object> NATURAL = (a, b) -> ((Comparable) a).compareTo(b);

    /** A heap ordered by {@code comparator}, or by the items' natural order when it is null. */
    public static <E> Store<E> priority(@Nullable Comparator<? super E> comparator) {
        java.util.PriorityQueue<E> heap = new java.util.PriorityQueue<>(comparator != null ? comparator : NATURAL);
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

            @Override
            public void putBack(E item) {
                heap.add(item);
            }

            @Override
            public boolean removeStored(E item) {
                return removeIdentical(heap.iterator(), item);
            }

            @Override
            public E check(E item) {
                if (comparator == null && !(item instanceof Comparable)) {
                    throw new ClassCastException("item of " + item.getClass().getName()
                            + " is not Comparable; create the queue with a Comparator");
                }
                return item;
            }
        };
    }

    private final int maxsize;
    private final Store<E> store; // guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private final Semaphore items = SemaphoreKt.Semaphore(Integer.MAX_VALUE, Integer.MAX_VALUE);
    private final @Nullable Semaphore slots;
    private final QueueTasks tasks = new QueueTasks();
    private final Set<Op<?>> waiters = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown; // written under the queue's lock
    private volatile int size; // the store's size, written under the lock after each change; see qsize()

    public StoreQueue(int maxsize, Store<E> store) {
        this.maxsize = Math.max(0, maxsize);
        this.store = store;
        this.slots = maxsize > 0 ? SemaphoreKt.Semaphore(maxsize, 0) : null;
    }

    /** Stores an item and makes it takeable; the caller holds a slot (or the queue is unbounded). */
    private void add(E item) {
        lock.lock();
        try {
            store.add(item);
            size = store.size();
            items.release(); // a waiting getter takes it inline, under this lock
        } finally {
            lock.unlock();
        }
    }

    /** Takes an item; the caller holds an {@code items} permit. */
    private E take() {
        lock.lock();
        try {
            E item = store.take();
            size = store.size();
            if (slots != null) {
                slots.release(); // a waiting putter stores its item inline, under this lock
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Undoes a completed get whose awaiter was cancelled before it resumed: the item goes back to the
     * head, with its permit (to the next getter, if one waits). False if the queue was shut down or its
     * room was refilled meanwhile: the item then stays with the getter.
     */
    private boolean unget(E item) {
        lock.lock();
        try {
            if (shutdown || (slots != null && !slots.tryAcquire())) {
                return false;
            }
            store.putBack(item);
            size = store.size();
            items.release();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Undoes a completed put whose awaiter was cancelled before it resumed: its item leaves the queue
     * if nobody took it yet, and its room goes to the next putter. False if the item was taken.
     */
    private boolean unput(E item) {
        lock.lock();
        try {
            if (!store.removeStored(item)) {
                return false;
            }
            size = store.size();
            if (!items.tryAcquire()) {
                throw new AssertionError("a stored item without its permit");
            }
            if (slots != null) {
                slots.release();
            }
        } finally {
            lock.unlock();
        }
        tasks.removed();
        return true;
    }

    /** Takes an item's permit and the item in one step; null when there is none. */
    private @Nullable E tryTakeNow() {
        lock.lock();
        try {
            return items.tryAcquire() ? take() : null;
        } finally {
            lock.unlock();
        }
    }

    public Task<Void> put(E item) {
        store.check(item);
        lock.lock();
        try {
            if (shutdown) {
                return SyncSupport.failed(new QueueShutDown());
            }
            if (slots == null || slots.tryAcquire()) {
                tasks.added();
                add(item);
                return SyncSupport.done(null);
            }
        } finally {
            lock.unlock();
        }
        // no room: the waiter (its task, its job) is made outside the lock, which the other side needs,
        // and starts waiting under it (see the class comment), unless room came meanwhile
        @SuppressWarnings("NullAway") // bounded: a put waits only for room
        Semaphore room = slots;
        Put put = new Put(OpCore.create(), item, room);
        lock.lock();
        try {
            if (shutdown) {
                return put.unused(null, new QueueShutDown());
            }
            tasks.added(); // counted from this step on, also while waiting for room
            if (!room.tryAcquire()) {
                return put.begin(room);
            }
            add(item);
        } finally {
            lock.unlock();
        }
        return put.unused(null, null);
    }

    public Task<E> get() {
        E now = tryTakeNow();
        if (now != null) {
            return SyncSupport.done(now);
        }
        if (shutdown) {
            return SyncSupport.failed(new QueueShutDown());
        }
        Get get = new Get(OpCore.create()); // outside the lock, as a waiting put's
        lock.lock();
        try {
            if (!items.tryAcquire()) {
                return shutdown ? get.unused(null, new QueueShutDown()) : get.begin(items);
            }
            now = take();
        } finally {
            lock.unlock();
        }
        return get.unused(now, null);
    }

    public void putNowait(E item) {
        store.check(item);
        lock.lock();
        try {
            if (shutdown) {
                throw new QueueShutDown();
            }
            if (slots != null && !slots.tryAcquire()) {
                throw new QueueFull();
            }
            tasks.added();
            add(item);
        } finally {
            lock.unlock();
        }
    }

    public E getNowait() {
        E item = tryTakeNow();
        if (item != null) {
            return item;
        }
        throw shutdown ? new QueueShutDown() : new QueueEmpty();
    }

    /**
     * The number of stored items, without the lock: {@code size} is written under it at the step that
     * changes the store, so one volatile read sees the queue as of its latest completed change
     * (linearizable, as {@code full()} and {@code empty()}, which read it too). A producer that checks
     * {@code full()} before each {@code putNowait} took the lock twice per item before.
     */
    public int qsize() {
        return size;
    }

    public int maxsize() {
        return maxsize;
    }

    public void taskDone() {
        tasks.taskDone();
    }

    public Task<Void> join() {
        return tasks.join();
    }

    public void shutdown(boolean immediate) {
        int drained = 0;
        lock.lock();
        try {
            shutdown = true; // under the lock: a put stores its item before this or fails after it
            if (immediate) {
                while (items.tryAcquire()) {
                    take();
                    drained++;
                }
            }
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < drained; i++) {
            tasks.removed();
        }
        // waiting gets exist only while the queue is empty; waiting puts never get room now
        for (Op<?> waiter : waiters) {
            waiter.abort();
        }
    }

    public boolean isShutdown() {
        return shutdown;
    }

    /** A waiting get or put: its task completes on the loop's executor once it took or stored its item. */
    private abstract class Op<T> extends Waiter implements OpCore.Withdraw, Runnable {
        final OpCore<T> core;
        private @Nullable T value;
        private @Nullable Throwable failure;

        Op(OpCore<T> core) {
            super(core.loop());
            this.core = core;
        }

        /**
         * The operation completed without waiting after all (room or an item came, or the queue was shut
         * down, while the waiter was made): drops the waiter and completes the task with {@code value} or
         * {@code error} now.
         */
        final Task<T> unused(@Nullable T value, @Nullable Throwable error) {
            withdraw(); // never started: this only ends its job
            if (error == null) {
                core.completeValue(value);
            } else {
                core.completeFailure(error);
            }
            return core.task();
        }

        /** Starts waiting; the caller holds the queue's lock and has seen the queue not shut down. */
        Task<T> begin(Semaphore semaphore) {
            waiters.add(this);
            core.onWithdraw(this);
            start(semaphore);
            return core.task();
        }

        /** Delivers an outcome reached inline (under the lock maybe) from the loop's executor. */
        final void deliver(@Nullable T result, @Nullable Throwable error) {
            waiters.remove(this);
            value = result;
            failure = error;
            // from the executor, not handed to the parked body (OpCore.handOff): this runs under the
            // queue's lock, and a body woken here would at once contend for it; measured, the
            // hand-off made W3 no faster (same bimodal 0.6 / 1.8 µs per item as without it; measured
            // again with huge pages on 2026-12-03: 0.33-0.41 against 0.34-0.49 µs, no difference)
            core.loop().executor().execute(this);
        }

        @Override
        public void run() {
            Throwable error = failure;
            if (error != null) {
                undo();
                core.completeFailure(error);
            } else {
                core.completeValue(value);
            }
        }

        @Override
        public boolean withdraw(@Nullable String message) {
            if (!withdraw()) {
                return false;
            }
            if (waiters.remove(this)) {
                undo();
            }
            core.completeCancelled(null);
            return true;
        }

        /** Shutdown: a waiter that took nothing yet fails with {@link QueueShutDown}. */
        final void abort() {
            if (withdraw() && waiters.remove(this)) {
                undo();
                core.completeFailure(new QueueShutDown());
            }
        }

        @Override
        protected void aborted(Throwable cause) {
            if (waiters.remove(this)) {
                undo();
            }
            core.completeFailure(new io.asyncio4j.CancelledError(core.cancelMessage()));
        }

        /** Undoes what the operation counted before it waited. */
        void undo() {}
    }

    private final class Get extends Op<E> {
        Get(OpCore<E> core) {
            super(core);
        }

        @Override
        protected void taken() {
            E item = take(); // the item leaves the queue now, in the releasing thread
            core.undoWith(() -> unget(item));
            deliver(item, null);
        }

        @Override
        protected void giveBack() {
            lock.lock();
            try { // held already when the permit came from a release or a start
                items.release(); // withdrawn first: the item stays, for the next getter
            } finally {
                lock.unlock();
            }
        }
    }

    private final class Put extends Op<Void> {
        private final E item;
        private final Semaphore room;

        Put(OpCore<Void> core, E item, Semaphore room) {
            super(core);
            this.item = item;
            this.room = room;
        }

        @Override
        protected void taken() {
            boolean stored;
            lock.lock();
            try {
                stored = !shutdown; // asyncio re-checks after waking; one step with the insert
                if (stored) {
                    add(item);
                } else {
                    room.release();
                }
            } finally {
                lock.unlock();
            }
            if (stored) {
                core.undoWith(() -> unput(item));
                deliver(null, null);
            } else {
                deliver(null, new QueueShutDown()); // run() undoes the count
            }
        }

        @Override
        protected void giveBack() {
            lock.lock();
            try { // held already when the permit came from a release or a start
                room.release();
            } finally {
                lock.unlock();
            }
        }

        @Override
        void undo() {
            tasks.removed();
        }
    }
}
