package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reentrant misuse: each gives a clear error at once and leaves the task, the loop and the library
 * usable afterwards.
 */
@Timeout(30)
class ReentrantMisuseTest {
    private static final Duration SHORT = Duration.ofMillis(5);

    @Test
    void run_insideATask_throwsIllegalState_outerRunContinues() throws Exception {
        assertEquals("outer", Asyncio.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> "inner"));
            assertThat(e.getMessage()).contains("running event loop");
            Task<String> child = Asyncio.createTask(() -> {
                assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> "nested in child"));
                return await(Asyncio.sleep(SHORT, "child"));
            });
            assertEquals("child", await(child));
            return "outer";
        }));
        assertEquals("again", Asyncio.run(() -> "again"));
    }

    @Test
    void runnerRun_insideATask_throwsIllegalState_runnerStillUsable() throws Exception {
        try (Runner runner = Runner.create()) {
            assertEquals("ok", runner.run(() -> {
                assertThrows(IllegalStateException.class, () -> runner.run(() -> "nested"));
                assertThrows(IllegalStateException.class, runner::close);
                return "ok";
            }));
            assertEquals("second", runner.run(() -> await(Asyncio.sleep(SHORT, "second"))));
        }
    }

    @Test
    void awaitingOwnTask_fromItsBody_throwsIllegalState_taskStillCompletes() throws Exception {
        Asyncio.run(() -> {
            Task<String> self = Asyncio.createTask(() -> {
                Task<?> me = Asyncio.currentTask();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(me));
                assertThat(e.getMessage()).contains("cannot await itself");
                assertThrows(IllegalStateException.class, () -> me.await());
                return await(Asyncio.sleep(SHORT, "still fine"));
            });
            assertEquals("still fine", await(self));
            return null;
        });
    }

    @Test
    void taskGroup_closedTwice_throwsIllegalState_refusesTasks_taskUsable() throws Exception {
        Asyncio.run(() -> {
            TaskGroup tg = TaskGroup.open();
            Task<String> child = tg.createTask(() -> await(Asyncio.sleep(SHORT, "c")));
            tg.close();
            assertEquals("c", child.result());
            IllegalStateException twice = assertThrows(IllegalStateException.class, tg::close);
            assertThat(twice.getMessage()).contains("closed twice");
            assertThrows(IllegalStateException.class, () -> tg.createTask(() -> "late"));
            assertEquals("next", TaskGroup.run(g -> await(g.createTask(() -> "next"))));
            return null;
        });
    }

    @Test
    void taskGroup_closedFromAnotherTask_throwsIllegalState_ownerClosesItNormally() throws Exception {
        Asyncio.run(() -> {
            TaskGroup tg = TaskGroup.open();
            Task<String> child = tg.createTask(() -> await(Asyncio.sleep(SHORT, "c")));
            Task<Void> intruder = Asyncio.createTask(() -> {
                tg.close();
                return null;
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(intruder));
            assertThat(e.getMessage()).contains("closed by the task that opened it");
            tg.close(); // the owner still closes it and waits for its child
            assertEquals("c", child.result());
            return null;
        });
    }

    @Test
    void taskGroupAndTimeout_outsideATask_throwIllegalState_thenWorkInsideARun() throws Exception {
        assertThrows(IllegalStateException.class, TaskGroup::open);
        assertThrows(IllegalStateException.class, () -> TaskGroup.run(tg -> null));
        assertThrows(IllegalStateException.class, () -> Asyncio.timeout(SHORT, t -> null));
        assertEquals("v", Asyncio.run(() -> TaskGroup.run(tg -> Asyncio.timeout(Duration.ofSeconds(5), t -> "v"))));
    }

    @Test
    void timeoutHandle_rescheduledAfterExit_throwsIllegalState_taskUsable() throws Exception {
        Asyncio.run(() -> {
            io.asyncio4j.Timeout[] handle = new io.asyncio4j.Timeout[1];
            Asyncio.timeout(Duration.ofSeconds(5), t -> handle[0] = t);
            assertThrows(IllegalStateException.class, () -> handle[0].reschedule(1.0));
            assertEquals("after", await(Asyncio.sleep(SHORT, "after")));
            return null;
        });
    }

    @Test
    void lock_reacquiredByItsHolder_doesNotThrow_releaseTwiceThrows_lockStillUsable() throws Exception {
        // asyncio's Lock has no owner: acquiring a lock you hold waits (tryAcquire says no); only
        // releasing an unlocked lock is misuse
        Asyncio.run(() -> {
            Lock lock = new Lock();
            await(lock.acquire());
            assertFalse(lock.tryAcquire());
            lock.release();
            assertThrows(IllegalStateException.class, lock::release);
            await(lock.acquire());
            lock.release();
            return null;
        });
    }
}
