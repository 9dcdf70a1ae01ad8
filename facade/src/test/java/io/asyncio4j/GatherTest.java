package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.gatherOutcomes;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GatherTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void gather_resultsInArgumentOrder_whateverTheCompletionOrder() throws Exception {
        List<Integer> result = Asyncio.run(() -> {
            CompletableFuture<Integer> first = new CompletableFuture<>();
            CompletableFuture<Integer> second = new CompletableFuture<>();
            CompletableFuture<Integer> third = new CompletableFuture<>();
            Task<List<Integer>> all = gather(first, second, third);
            third.complete(3);
            first.complete(1);
            assertFalse(all.isDone());
            second.complete(2);
            return await(all);
        });
        assertEquals(List.of(1, 2, 3), result);
    }

    @Test
    void gather_callables_runConcurrently() throws Exception {
        List<String> result = Asyncio.run(() -> {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            // the first body can only finish if the second one runs at the same time
            return await(gather(
                    () -> {
                        await(gate);
                        return "a";
                    },
                    () -> {
                        gate.complete(null);
                        return "b";
                    }));
        });
        assertEquals(List.of("a", "b"), result);
    }

    @Test
    void gather_firstFailure_propagatesUnwrapped_othersKeepRunning() throws Exception {
        Asyncio.run(() -> {
            Task<String> slow = createTask(() -> {
                await(sleep(Duration.ofMillis(100)));
                return "slow";
            });
            Task<String> failing = createTask(() -> {
                throw new IOException("disk");
            });
            IOException e = assertThrows(IOException.class, () -> await(gather(slow, failing)));
            assertEquals("disk", e.getMessage());
            assertEquals("slow", await(slow));
            return null;
        });
    }

    @Test
    void gather_cancelled_cancelsEveryUnfinishedChild() throws Exception {
        Asyncio.run(() -> {
            Task<Void> a = createTask(() -> await(sleep(LONG)));
            Task<Void> b = createTask(() -> await(sleep(LONG)));
            Task<Integer> done = createTask(() -> 1);
            await(done);
            Task<List<Object>> all = gather(a, b, done);
            assertTrue(all.cancel("stop"));
            CancelledError e = assertThrows(CancelledError.class, () -> await(all));
            // as in asyncio, the first cancelled child ends the gather; the others follow
            assertThrows(CancelledError.class, () -> await(a));
            assertThrows(CancelledError.class, () -> await(b));
            assertFalse(done.isCancelled());
            assertThat(e.getMessage()).isEqualTo("stop");
            return null;
        });
    }

    @Test
    void gather_cancelledChild_failsGatherWithCancelledError() throws Exception {
        Asyncio.run(() -> {
            Task<Void> a = createTask(() -> await(sleep(LONG)));
            Task<Integer> b = createTask(() -> 2);
            Task<List<Object>> all = gather(a, b);
            a.cancel("child");
            assertThrows(CancelledError.class, () -> await(all));
            assertFalse(all.isCancelled() && all.cancelling() > 0);
            return null;
        });
    }

    @Test
    void gather_awaitedByCancelledTask_cancelsChildren() throws Exception {
        Asyncio.run(() -> {
            List<Task<Void>> children = new ArrayList<>();
            Task<Object> parent = createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    children.add(createTask(() -> await(sleep(LONG))));
                }
                return await(gather(children));
            });
            Parked.untilAwaiting(parent);
            parent.cancel("outer");
            assertThrows(CancelledError.class, () -> await(parent));
            // as in asyncio, the first cancelled child ends the gather; the others follow
            for (Task<Void> child : children) {
                assertThrows(CancelledError.class, () -> await(child));
            }
            return null;
        });
    }

    @Test
    void gatherOutcomes_valuesAndExceptionsInOrder_neverFails() throws Exception {
        Asyncio.run(() -> {
            Task<String> ok = createTask(() -> "ok");
            Task<String> bad = createTask(() -> {
                throw new IllegalArgumentException("bad");
            });
            Task<String> cancelled = createTask(() -> {
                await(sleep(LONG));
                return "never";
            });
            cancelled.cancel("c");
            List<Outcome<String>> outcomes = await(gatherOutcomes(ok, bad, cancelled));
            assertEquals(3, outcomes.size());
            assertEquals("ok", outcomes.get(0).get());
            assertTrue(outcomes.get(0).isSuccess());
            Outcome.Failure<String> failure = (Outcome.Failure<String>) outcomes.get(1);
            assertInstanceOf(IllegalArgumentException.class, failure.exception());
            assertFalse(failure.isCancelled());
            assertThrows(IllegalArgumentException.class, failure::get);
            assertTrue(((Outcome.Failure<String>) outcomes.get(2)).isCancelled());
            assertInstanceOf(CancelledError.class, ((Outcome.Failure<String>) outcomes.get(2)).exception());
            return null;
        });
    }

    @Test
    void gatherOutcomes_cancelled_stillEndsCancelled() throws Exception {
        Asyncio.run(() -> {
            Task<Void> a = createTask(() -> await(sleep(LONG)));
            Task<List<Outcome<Void>>> all = gatherOutcomes(a);
            all.cancel("stop");
            assertThrows(CancelledError.class, () -> await(all));
            assertTrue(a.isCancelled());
            return null;
        });
    }

    @Test
    void gather_empty_givesEmptyList() throws Exception {
        assertEquals(List.of(), Asyncio.run(() -> await(gather(List.<CompletableFuture<String>>of()))));
    }

    @Test
    void gather_sameFutureTwice_appearsTwice() throws Exception {
        Asyncio.run(() -> {
            Task<Integer> t = createTask(() -> 7);
            assertEquals(List.of(7, 7), await(gather(t, t)));
            return null;
        });
    }

    @Test
    void gather_resultIsUnmodifiable_andAllowsNulls() throws Exception {
        Asyncio.run(() -> {
            List<Object> r = await(gather(sleep(Duration.ZERO), createTask(() -> "x")));
            assertEquals(java.util.Arrays.asList(null, "x"), r);
            assertThrows(UnsupportedOperationException.class, () -> r.add("y"));
            return null;
        });
    }

    @Test
    void gather_nullArguments_failAtOnce() {
        NullPointerException e =
                assertThrows(NullPointerException.class, () -> gather((CompletableFuture<String>) null));
        assertThat(e.getMessage()).contains("awaitables[0]");
        assertThrows(NullPointerException.class, () -> gather((List<CompletableFuture<String>>) null));
        assertThrows(NullPointerException.class, () -> gather(() -> 1, null));
    }

    @Test
    void gather_outsideRun_worksOnTheGlobalLoop() throws Exception {
        Task<String> t = createTask(() -> "global");
        assertEquals(List.of("global"), gather(t).get());
        assertSame(t, Asyncio.ensureFuture(t));
    }
}
