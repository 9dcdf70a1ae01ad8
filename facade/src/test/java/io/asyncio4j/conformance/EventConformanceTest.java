package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.conformance.PrimitivesSupport.RACES;
import static io.asyncio4j.conformance.PrimitivesSupport.done;
import static io.asyncio4j.conformance.PrimitivesSupport.endsCancelled;
import static io.asyncio4j.conformance.PrimitivesSupport.parked;
import static io.asyncio4j.conformance.PrimitivesSupport.staysPending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Event;
import io.asyncio4j.Task;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's {@code test_locks.py::EventTests} ({@code wait()} is {@code waitFor()}), plus issue 13 item 4. */
@Timeout(60)
class EventConformanceTest {

    private static Task<Boolean> waiter(Event ev, List<Integer> result, int n) {
        return createTask(() -> {
            await(ev.waitFor());
            result.add(n);
            return true;
        });
    }

    @Test
    void test_wait() throws Exception {
        // EventTests::test_wait
        Asyncio.run(() -> {
            Event ev = new Event();
            assertThat(ev.isSet()).isFalse();
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t1 = waiter(ev, result, 1);
            parked(t1);
            Task<Boolean> t2 = waiter(ev, result, 2);
            parked(t2);
            assertThat(result).isEmpty();
            Task<Boolean> t3 = waiter(ev, result, 3);
            ev.set();
            await(Asyncio.gather(t1, t2, t3));
            // asyncio's [3, 1, 2] is its run order; in Java the woken bodies run in parallel
            assertThat(result).containsExactlyInAnyOrder(1, 2, 3);
            return null;
        });
    }

    @Test
    void test_wait_on_set() throws Exception {
        // EventTests::test_wait_on_set
        Asyncio.run(() -> {
            Event ev = new Event();
            ev.set();
            Task<Void> w = ev.waitFor();
            assertThat(w.isDone()).isTrue(); // asyncio returns True at once
            await(w);
            return null;
        });
    }

    @Test
    void test_wait_cancel() throws Exception {
        // EventTests::test_wait_cancel
        Asyncio.run(() -> {
            Event ev = new Event();
            Task<Void> wait = ev.waitFor();
            Asyncio.getRunningLoop().callSoon(wait::cancel);
            assertThatThrownBy(() -> await(wait)).isInstanceOf(CancelledError.class);
            return null;
        });
    }

    @Test
    void test_clear() {
        // EventTests::test_clear
        Event ev = new Event();
        assertThat(ev.isSet()).isFalse();
        ev.set();
        assertThat(ev.isSet()).isTrue();
        ev.clear();
        assertThat(ev.isSet()).isFalse();
    }

    @Test
    void test_clear_with_waiters() throws Exception {
        // EventTests::test_clear_with_waiters
        Asyncio.run(() -> {
            Event ev = new Event();
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t = waiter(ev, result, 1);
            parked(t);
            assertThat(result).isEmpty();
            ev.set();
            ev.clear();
            assertThat(ev.isSet()).isFalse();
            ev.set();
            ev.set();
            assertThat(await(t)).isTrue();
            assertThat(result).containsExactly(1);
            return null;
        });
    }

    // ---- issue 13, item 4

    @Test
    void cancelThenSet_opFuture_endsCancelled() throws Exception {
        for (int round = 0; round < RACES; round++) {
            Event ev = new Event();
            Task<Void> a = ev.waitFor();
            Task<Void> b = ev.waitFor();
            assertThat(a.cancel())
                    .as("round %d: cancel() of a parked wait", round)
                    .isTrue();
            ev.set();
            endsCancelled(a, "round " + round + ": cancelled wait");
            done(b, "round " + round + ": other waiter");
        }
    }

    @Test
    void cancelThenSet_taskBody_endsCancelledNotWoken() throws Exception {
        Asyncio.run(() -> {
            for (int round = 0; round < RACES; round++) {
                Event ev = new Event();
                AtomicBoolean woke = new AtomicBoolean();
                Task<Void> a = createTask(() -> {
                    await(ev.waitFor());
                    woke.set(true);
                    return null;
                });
                parked(a);
                a.cancel("race");
                ev.set();
                endsCancelled(a, "round " + round + ": cancelled waiter");
                assertThat(woke.get())
                        .as("round %d: the cancelled waiter went on", round)
                        .isFalse();
            }
            return null;
        });
    }

    @Test
    void cancelAfterSet_opFutureCompleted_cancelReturnsFalse() throws Exception {
        for (int round = 0; round < RACES; round++) {
            Event ev = new Event();
            Task<Void> a = ev.waitFor();
            ev.set();
            assertThat(a.cancel()).as("round %d: cancel() after set()", round).isFalse();
            done(a, "round " + round + ": woken wait");
        }
    }

    @Test
    void cancelledWait_isWithdrawn_laterWaitStillPending() throws Exception {
        Event ev = new Event();
        Task<Void> a = ev.waitFor();
        assertThat(a.cancel()).isTrue();
        Task<Void> b = ev.waitFor();
        assertThat(staysPending(b)).isTrue();
        ev.set();
        done(b, "b");
        endsCancelled(a, "a");
    }
}
