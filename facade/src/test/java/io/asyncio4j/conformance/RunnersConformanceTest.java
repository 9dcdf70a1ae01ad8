package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Runner;
import io.asyncio4j.Task;
import io.asyncio4j.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ports of CPython's {@code Lib/test/test_asyncio/test_runners.py}. RuntimeError is IllegalStateException. */
@Timeout(30)
class RunnersConformanceTest {

    @Test
    void test_asyncio_run_return() throws Exception {
        // CPython: test_runners.py::test_asyncio_run_return
        assertEquals(42, Asyncio.run(() -> {
            await(sleep(Duration.ZERO));
            return 42;
        }));
    }

    @Test
    void test_asyncio_run_raises() {
        // CPython: test_runners.py::test_asyncio_run_raises
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Asyncio.run(() -> {
                    await(sleep(Duration.ZERO));
                    throw new IllegalArgumentException("spam");
                }));
        assertEquals("spam", e.getMessage());
    }

    @Test
    void test_asyncio_run_debug() throws Exception {
        // CPython: test_runners.py::test_asyncio_run_debug
        Asyncio.run(
                () -> {
                    assertFalse(Asyncio.getRunningLoop().getDebug());
                    return null;
                },
                false);
        Asyncio.run(
                () -> {
                    assertTrue(Asyncio.getRunningLoop().getDebug());
                    return null;
                },
                true);
    }

    @Test
    void test_asyncio_run_from_running_loop() throws Exception {
        // CPython: test_runners.py::test_asyncio_run_from_running_loop
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> Asyncio.run(() -> null)));
        assertThat(e.getMessage()).contains("cannot be called from a running");
    }

    @Test
    void test_asyncio_run_cancels_hanging_tasks() throws Exception {
        // CPython: test_runners.py::test_asyncio_run_cancels_hanging_tasks
        AtomicReference<Task<Void>> loTask = new AtomicReference<>();
        assertEquals(123, Asyncio.run(() -> {
            loTask.set(createTask(() -> await(sleep(Duration.ofMillis(100)))));
            return 123;
        }));
        assertTrue(loTask.get().done());
    }

    @Test
    void test_asyncio_run_reports_hanging_tasks_errors() throws Exception {
        // CPython: test_runners.py::test_asyncio_run_reports_hanging_tasks_errors
        AtomicReference<Task<Void>> loTask = new AtomicReference<>();
        try (LogCapture logs = new LogCapture()) {
            assertEquals(123, Asyncio.run(() -> {
                loTask.set(createTask(() -> {
                    try {
                        await(sleep(Duration.ofSeconds(10)));
                    } catch (CancelledError e) {
                        throw new ArithmeticException("/ by zero at shutdown");
                    }
                    return null;
                }));
                await(sleep(Duration.ZERO));
                return 123;
            }));
            assertTrue(loTask.get().done());
            Conf.exactlyReports(logs, t -> t instanceof ArithmeticException, 1);
        }
    }

    @Test
    void test_asyncio_run_closes_gens_after_hanging_tasks_errors() throws Exception {
        // CPython: test_runners.py::test_asyncio_run_closes_gens_after_hanging_tasks_errors
        AtomicReference<Task<Void>> lazyboy = new AtomicReference<>();
        AtomicBoolean spinnerClosed = new AtomicBoolean();
        AtomicBoolean spinnerStarted = new AtomicBoolean();
        final class FancyExit extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }
        assertThrows(
                FancyExit.class,
                () -> Asyncio.run(() -> {
                    lazyboy.set(createTask(() -> {
                        try {
                            await(Asyncio.<Integer>generator(
                                            y -> { // fidget()
                                                try {
                                                    while (true) {
                                                        y.yield(1);
                                                        await(sleep(Duration.ofSeconds(1)));
                                                    }
                                                } finally {
                                                    spinnerClosed.set(true);
                                                }
                                            })
                                    .forEach(v -> spinnerStarted.set(true)));
                        } catch (CancelledError e) {
                            throw new ArithmeticException("/ by zero");
                        }
                        return null;
                    }));
                    // asyncio's sleep(0) lets lazyboy start and fidget reach its first yield; Java bodies
                    // start in parallel, so wait for that (a generator cancelled before its body ever
                    // ran has no finally to run, in asyncio too)
                    Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(spinnerStarted);
                    Conf.parked(lazyboy.get());
                    throw new FancyExit();
                }));
        assertTrue(lazyboy.get().done());
        assertTrue(spinnerClosed.get());
    }

    @Test
    void test_non_debug() {
        // CPython: test_runners.py::test_non_debug
        try (Runner runner = Runner.create(false)) {
            assertFalse(runner.getLoop().getDebug());
        }
    }

    @Test
    void test_debug() {
        // CPython: test_runners.py::test_debug
        try (Runner runner = Runner.create(true)) {
            assertTrue(runner.getLoop().getDebug());
        }
    }

    @Test
    void test_run() throws Exception {
        // CPython: test_runners.py::test_run (issue 12 item 10)
        Runner runner = Runner.create();
        EventLoop loop;
        try (runner) {
            assertEquals("done", runner.run(() -> {
                await(sleep(Duration.ZERO));
                return "done";
            }));
            loop = runner.getLoop();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, runner::getLoop);
        assertThat(e.getMessage()).contains("Runner is closed");
        assertTrue(loop.isClosed());
    }

    @Test
    void test_explicit_close() {
        // CPython: test_runners.py::test_explicit_close (issue 12 item 10)
        Runner runner = Runner.create();
        EventLoop loop = runner.getLoop();
        runner.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, runner::getLoop);
        assertThat(e.getMessage()).contains("Runner is closed");
        assertTrue(loop.isClosed());
    }

    @Test
    void test_double_close() {
        // CPython: test_runners.py::test_double_close
        Runner runner = Runner.create();
        EventLoop loop = runner.getLoop();
        runner.close();
        assertTrue(loop.isClosed());
        runner.close(); // no-op
        assertTrue(loop.isClosed());
    }

    @Test
    void test_second_with_block_raises() throws Exception {
        // CPython: test_runners.py::test_second_with_block_raises
        List<Integer> ret = new ArrayList<>();
        Runner runner = Runner.create();
        try (runner) {
            runner.run(() -> ret.add(1));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(() -> ret.add(2)));
        assertThat(e.getMessage()).contains("Runner is closed");
        assertEquals(List.of(1), ret);
    }

    @Test
    void test_recursive_run() throws Exception {
        // CPython: test_runners.py::test_recursive_run
        try (Runner runner = Runner.create()) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> runner.run(() -> runner.run(() -> null)));
            assertThat(e.getMessage()).contains("cannot be called from a running event loop");
        }
    }
}
