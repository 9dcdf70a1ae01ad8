package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BarrierTest {
    @Test
    void create_lessThanOneParty_failsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertTrue(e.getMessage().contains("parties"));
    }

    @Test
    void waitFor_allPartiesArrive_eachGetsItsIndex_thenNextRound() throws Exception {
        Asyncio.run(() -> {
            Barrier b = new Barrier(3);
            for (int round = 0; round < 2; round++) {
                Task<Integer> t0 = b.waitFor();
                Task<Integer> t1 = createTask(() -> await(b.waitFor()));
                await(sleep(Duration.ofMillis(10)));
                assertEquals(2, b.nWaiting());
                assertFalse(t0.isDone());
                int last = await(b.waitFor());
                Set<Integer> indices = new HashSet<>(List.of(await(t0), await(t1), last));
                assertEquals(Set.of(0, 1, 2), indices);
                assertEquals(0, b.nWaiting());
            }
            return null;
        });
    }

    @Test
    void cancel_waitingParty_isWithdrawnWithoutBreaking() throws Exception {
        Asyncio.run(() -> {
            Barrier b = new Barrier(2);
            Task<Integer> body = createTask(() -> await(b.waitFor()));
            await(sleep(Duration.ofMillis(10)));
            assertEquals(1, b.nWaiting());
            body.cancel("stop");
            assertThrows(CancelledError.class, () -> await(body));
            assertEquals(0, b.nWaiting());
            assertFalse(b.broken());
            Task<Integer> a = b.waitFor();
            assertEquals(1, await(b.waitFor()));
            assertEquals(0, await(a));
            return null;
        });
    }

    @Test
    void abort_failsWaitersAndLaterWaits_untilReset() throws Exception {
        Asyncio.run(() -> {
            Barrier b = new Barrier(3);
            Task<Integer> w = b.waitFor();
            b.abort();
            assertTrue(b.broken());
            assertThrows(BrokenBarrierError.class, () -> await(w));
            assertThrows(BrokenBarrierError.class, () -> await(b.waitFor()));
            b.reset();
            assertFalse(b.broken());
            Task<Integer> x = b.waitFor();
            b.reset();
            assertThrows(BrokenBarrierError.class, () -> await(x));
            List<Task<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(b.waitFor());
            }
            assertEquals(3, await(Asyncio.gather(all)).size());
            return null;
        });
    }
}
