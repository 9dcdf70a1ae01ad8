package io.asyncio4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The hand-over between a running-ahead generator body, its only producer, and the coroutine collecting
 * it, its only consumer: a ring of slots that each side walks without a lock. An element costs the
 * producer one slot write and one volatile write; the consumer reads the producer's position once per
 * batch. Either side waits (on a future the other completes) only when the ring is full or empty, or
 * the demand is used up.
 *
 * <p>The demand rule: elements in the ring, plus the one the consumer is passing on, plus those the
 * consumer's subscriber has received ({@link Demand#outstanding()}), never exceed what it requested. The
 * consumer releases an element's slot only when it comes back for the next one, by which time the
 * element reached the subscriber or an operator dropped it, and the producer reads the consumer's
 * position before the delivered count: an element released in between is counted twice, never zero
 * times, so the producer may under-estimate what it may produce but never over-estimate it.
 *
 * <p>Waking: each side publishes its wait (a volatile write of the future) and then checks the other
 * side's position again, and each side, after moving its position, reads the other's wait; a volatile
 * write orders the two steps on both sides, so one of them always sees the other.
 */
final class RunAheadBuffer extends RunAheadPadAfter {
    /** About 40 µs of {@code Thread.onSpinWait()} on the bench machine (19 ns each): see spin(). */
    static final int MAX_SPINS = 2048;

    /** About 0.3 µs: a side that stopped spinning still notices when the other is quick again. */
    private static final int MIN_SPINS = 16;

    private static final VarHandle HEAD;
    private static final VarHandle DATA;
    private static final VarHandle ROOM;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RunAheadConsumerSide.class, "head", long.class);
            DATA = lookup.findVarHandle(RunAheadShared.class, "data", CompletableFuture.class);
            ROOM = lookup.findVarHandle(RunAheadShared.class, "room", CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * @param capacity slots, a power of two
     * @param demand what the consumer asked for and received
     */
    RunAheadBuffer(int capacity, Demand demand) {
        super(capacity, demand);
    }

    // ---- producer side

    /**
     * Stores {@code value}, or returns a future to await before trying again: the ring is full or the
     * demand is used up.
     */
    @Nullable
    CompletableFuture<Void> offer(Object value) {
        long t = tail;
        if (budget <= 0 && (budget = budget(t)) <= 0) {
            CompletableFuture<Void> wait = new CompletableFuture<>();
            room = wait;
            if ((budget = budget(t)) <= 0) {
                producerSpins = spin(wait, producerSpins);
                return wait; // if it is done already, the caller's await returns at once and it offers again
            }
            ROOM.compareAndSet(this, wait, null); // no wait after all (or the consumer completed it)
        }
        ring[(int) t & mask] = value;
        tail = t + 1;
        budget--;
        wake(DATA, data);
        return null;
    }

    private long budget(long t) {
        long held = t - head; // first: see the class comment
        long wanted = demand.outstanding();
        long free = ring.length - held;
        return wanted == Long.MAX_VALUE ? free : Math.min(free, wanted - held);
    }

    /** The producer ended: after its elements, the consumer gets {@code endValue}. */
    void finish(Object endValue) {
        end = endValue;
        wake(DATA, data);
    }

    // ---- consumer side

    /**
     * The next element; else the end ({@link GeneratorCore#END} or the producer's failure, wrapped in
     * {@link Ended}); else a {@link GeneratorCore.Wait} for a moment when one of them may be there. Only
     * the end and the wait are wrapped: an element may be anything, a future or an exception included.
     */
    Object poll() {
        long n = next;
        if (n != head) {
            HEAD.setRelease(this, n); // the element returned last time was passed on: its slot is free
        }
        while (true) {
            if (n < seenTail) {
                int slot = (int) n & mask;
                Object item = ring[slot];
                ring[slot] = null;
                next = n + 1;
                if (room != null) {
                    wakeProducerIf(mask >> 1); // not per element: it would wake for each slot freed
                }
                return item;
            }
            VarHandle.fullFence(); // the release above, before reading the producer's wait
            wakeProducerIf(0);
            seenTail = tail;
            if (n < seenTail) {
                continue;
            }
            Object e = end;
            if (e != null) {
                seenTail = tail; // the elements stored before the end
                if (n < seenTail) {
                    continue;
                }
                return new Ended(e);
            }
            CompletableFuture<Void> wait = new CompletableFuture<>();
            data = wait;
            if (tail != n || end != null) {
                DATA.compareAndSet(this, wait, null); // no wait after all (or the producer completed it)
                continue;
            }
            consumerSpins = spin(wait, consumerSpins);
            if (wait.isDone()) {
                continue;
            }
            return new GeneratorCore.Wait(wait);
        }
    }

    /**
     * Spins on {@code wait} for up to {@code limit} rounds and returns the limit for the next wait of the
     * same side: doubled if the wait ended while spinning, halved if not. A side that parks pays for its
     * own wake-up and the other side's (a virtual thread's carrier, a dispatcher worker): about 20 to 50
     * µs each on the 2-core bench machine, against 30 to 100 ns per element when both keep running. So
     * each side spins about as long as such a wake-up takes while the other keeps pace, and hardly at all
     * once the other is slow (a body waiting on I/O between its yields, a slow subscriber).
     */
    private static int spin(CompletableFuture<Void> wait, int limit) {
        for (int i = 0; i < limit; i++) {
            if (wait.isDone()) {
                return Math.min(MAX_SPINS, limit * 2);
            }
            Thread.onSpinWait();
        }
        return wait.isDone() ? Math.min(MAX_SPINS, limit * 2) : Math.max(MIN_SPINS, limit / 2);
    }

    /** Wakes a waiting producer if it may now store more than {@code threshold} elements. */
    private void wakeProducerIf(long threshold) {
        CompletableFuture<Void> waiter = room;
        if (waiter != null && budget(tail) > threshold) {
            wake(ROOM, waiter);
        }
    }

    /** More demand arrived: a producer waiting for it may go on. */
    void wakeProducer() {
        wake(ROOM, room);
    }

    /** The generator was closed: a consumer waiting for an element looks again. */
    void wakeConsumer() {
        wake(DATA, data);
    }

    private void wake(VarHandle field, @Nullable CompletableFuture<Void> waiter) {
        if (waiter != null && field.compareAndSet(this, waiter, null)) {
            waiter.complete(null);
        }
    }

    /** The end of the elements: {@link GeneratorCore#END} or the producer's failure. */
    static final class Ended {
        final Object value;

        Ended(Object value) {
            this.value = value;
        }
    }
}

// The state in layers, so that the fields each side writes at every element sit on cache lines of their
// own (a superclass's fields are laid out first): the consumer's writes must not evict the producer's
// line, and the other way round. 64 bytes of padding between them.

/** Written rarely: when a side waits or the producer ends. */
abstract class RunAheadShared {
    final @Nullable Object[] ring;
    final int mask;
    final Demand demand;
    volatile @Nullable CompletableFuture<Void> data; // the consumer waits for an element
    volatile @Nullable CompletableFuture<Void> room; // the producer waits for room or demand
    volatile @Nullable Object end; // set once by the producer after its last element

    RunAheadShared(int capacity, Demand demand) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        this.ring = new Object[capacity];
        this.mask = capacity - 1;
        this.demand = demand;
    }
}

abstract class RunAheadPadBeforeProducer extends RunAheadShared {
    long p0, p1, p2, p3, p4, p5, p6, p7;

    RunAheadPadBeforeProducer(int capacity, Demand demand) {
        super(capacity, demand);
    }
}

/** Written by the producer at every element. */
abstract class RunAheadProducerSide extends RunAheadPadBeforeProducer {
    volatile long tail; // elements stored
    long budget; // elements it may still store without looking again
    int producerSpins = RunAheadBuffer.MAX_SPINS; // how long it spins before parking: see spin()

    RunAheadProducerSide(int capacity, Demand demand) {
        super(capacity, demand);
    }
}

abstract class RunAheadPadBeforeConsumer extends RunAheadProducerSide {
    long q0, q1, q2, q3, q4, q5, q6, q7;

    RunAheadPadBeforeConsumer(int capacity, Demand demand) {
        super(capacity, demand);
    }
}

/** Written by the consumer at every element. */
abstract class RunAheadConsumerSide extends RunAheadPadBeforeConsumer {
    volatile long head; // elements passed on: their slots are free
    long next; // the next element to take (head + 1 while one is out)
    long seenTail; // elements it knows are stored
    int consumerSpins = RunAheadBuffer.MAX_SPINS; // how long it spins before waiting: see spin()

    RunAheadConsumerSide(int capacity, Demand demand) {
        super(capacity, demand);
    }
}

abstract class RunAheadPadAfter extends RunAheadConsumerSide {
    long r0, r1, r2, r3, r4, r5, r6, r7;

    RunAheadPadAfter(int capacity, Demand demand) {
        super(capacity, demand);
    }
}
