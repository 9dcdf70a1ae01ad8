package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventTest {
    @Test
    void set_wakesEveryWaiter_andLaterWaitsCompleteAtOnce() throws Exception {
        Asyncio.run(() -> {
            Event e = new Event();
            assertFalse(e.isSet());
            List<Task<Void>> waiters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                waiters.add(e.waitFor());
            }
            Task<Void> body = createTask(() -> await(e.waitFor()));
            assertFalse(waiters.get(0).isDone());
            Parked.untilAwaiting(body); // parked in the wait, not yet to call it
            e.set();
            e.clear(); // waiters already woken stay woken
            await(Asyncio.gather(waiters));
            await(body);
            assertFalse(e.isSet());
            assertFalse(e.waitFor().isDone());
            e.set();
            assertTrue(e.waitFor().isDone());
            return null;
        });
    }

    @Test
    void cancel_waitersFutureAndDirectStyle_withdrawOnlyThem() throws Exception {
        Asyncio.run(() -> {
            Event e = new Event();
            Task<Void> a = e.waitFor();
            Task<Void> b = e.waitFor();
            Task<Void> body = createTask(() -> await(e.waitFor()));
            await(sleep(Duration.ofMillis(10)));
            a.cancel("a");
            body.cancel("body");
            assertEquals("a", assertThrows(CancelledError.class, () -> await(a)).getMessage());
            assertThrows(CancelledError.class, () -> await(body));
            e.set();
            await(b);
            return null;
        });
    }
}
