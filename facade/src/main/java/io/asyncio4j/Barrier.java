package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.SyncSupport;
import java.util.concurrent.CompletableFuture;

/**
 * A barrier for a fixed number of tasks, as Python's {@code asyncio.Barrier} (3.11): each party calls
 * {@link #waitFor()}, and all of them proceed once {@link #parties()} have arrived; the barrier then
 * starts over for the next round. Unlike {@link java.util.concurrent.CyclicBarrier}, waiting never
 * blocks a thread, there is no barrier action, and {@link BrokenBarrierError} is unchecked.
 *
 * <pre>{@code
 * Barrier barrier = new Barrier(3);
 * // in each of three task bodies
 * int index = await(barrier.waitFor()); // 0, 1 or 2: the arrival order
 * }</pre>
 *
 * <p><b>Rounds:</b> when the last party arrives, the waits of that round complete together and later
 * arrivals belong to the next round. asyncio has a "draining" state in between, while woken parties
 * retake its internal lock one by one, and a {@code reset()} or {@code abort()} then fails the parties
 * not yet resumed; here a completed wait keeps its index, and a reset or abort affects only the
 * parties still waiting. <b>Cancellation:</b> cancelling a wait withdraws that party, as in asyncio: it no longer
 * counts towards the round and the barrier is not broken; a wait whose round has already completed
 * keeps its index. <b>Thread-safety:</b> this class is thread-safe; everything a party did before
 * arriving happens-before the completion of the round's waits.
 */
public final class Barrier {
    private final int parties;
    private int count; // guarded by this: parties waiting in the current round
    private boolean broken; // guarded by this
    private CompletableFuture<Void> round = new CompletableFuture<>(); // guarded by this

    /**
     * Creates a barrier for {@code parties} tasks, as {@code asyncio.Barrier(parties)}.
     *
     * @param parties how many tasks must arrive, at least 1
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        this.parties = Checks.atLeast(parties, 1, "parties");
    }

    /**
     * Arrives and waits for the other parties: asyncio's {@code wait()} (renamed because Java's {@link
     * Object#wait()} is final). The task completes with this party's arrival index in the round, 0 for
     * the first and {@code parties() - 1} for the last, as asyncio returns it. Cancelling the task
     * withdraws this party (see the class comment) and ends it with {@link CancelledError}.
     *
     * @return a task completing with the arrival index; failed with {@link BrokenBarrierError} if the
     *     barrier is broken, or gets aborted or reset before the round completes
     */
    public Task<Integer> waitFor() {
        CompletableFuture<Void> mine;
        int index;
        CompletableFuture<Void> tripped = null;
        synchronized (this) {
            if (broken) {
                return SyncSupport.failed(new BrokenBarrierError());
            }
            mine = round;
            index = count++;
            if (count == parties) {
                tripped = round;
                round = new CompletableFuture<>();
                count = 0;
            }
        }
        if (tripped != null) {
            tripped.complete(null);
            return SyncSupport.done(index);
        }
        OpCore<Integer> core = OpCore.create();
        mine.whenComplete((v, failure) -> {
            if (failure == null) {
                core.completeValue(index);
            } else {
                core.completeFailure(new BrokenBarrierError());
            }
        });
        core.onWithdraw(message -> {
            synchronized (this) {
                if (round != mine || mine.isDone()) {
                    return false; // the round tripped or broke first: that outcome stands
                }
                count--;
            }
            core.completeCancelled(null);
            return true;
        });
        return core.task();
    }

    /**
     * Resets the barrier to its empty state, as asyncio's {@code reset()}: the parties waiting now fail
     * with {@link BrokenBarrierError}, and a broken barrier becomes usable again.
     */
    public void reset() {
        CompletableFuture<Void> old;
        synchronized (this) {
            broken = false;
            if (count == 0) {
                return;
            }
            old = round;
            round = new CompletableFuture<>();
            count = 0;
        }
        old.completeExceptionally(new BrokenBarrierError());
    }

    /**
     * Breaks the barrier, as asyncio's {@code abort()}: the parties waiting now and every later {@link
     * #waitFor()} fail with {@link BrokenBarrierError} until {@link #reset()}.
     */
    public void abort() {
        CompletableFuture<Void> old;
        synchronized (this) {
            broken = true;
            old = round;
            round = new CompletableFuture<>();
            count = 0;
        }
        old.completeExceptionally(new BrokenBarrierError());
    }

    /**
     * The number of parties needed, as asyncio's {@code parties}.
     *
     * @return the parties
     */
    public int parties() {
        return parties;
    }

    /**
     * The number of parties waiting in the current round, as asyncio's {@code n_waiting}.
     *
     * @return the waiting parties
     */
    public synchronized int nWaiting() {
        return count;
    }

    /**
     * Whether the barrier is broken, as asyncio's {@code broken}.
     *
     * @return true after {@link #abort()} until {@link #reset()}
     */
    public synchronized boolean broken() {
        return broken;
    }

    @Override
    public synchronized String toString() {
        return "Barrier[parties=" + parties + ", waiting=" + count + (broken ? ", broken" : "") + "]";
    }
}
