package io.asyncio4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark body once with tiny sizes, so the normal build proves they work; no timing is
 * measured here. Virtual-thread baselines run only on JDK 21+; bodies whose asyncio4j primitive has not
 * landed yet ("not available yet") are skipped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmokeTest {
    private static void assumeRunnable(String runtime) {
        assumeTrue(!runtime.equals(Runtimes.VTHREADS) || VirtualThreads.available(), "needs JDK 21+");
    }

    private static long orSkip(java.util.concurrent.Callable<Long> body) throws Exception {
        try {
            return body.call();
        } catch (UnsupportedOperationException notYet) {
            assumeTrue(false, notYet.getMessage());
            return -1;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a4jFuture", "a4jDirect", "kotlinx", "vthreads", "cf"})
    void w1_tinyBatch_allSleepersComplete(String runtime) throws Exception {
        assumeRunnable(runtime);
        assertEquals(200, W1Sleepers.run(runtime, 200, 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a4jFuture", "a4jDirect", "kotlinx", "vthreads", "cf"})
    void w2_tinyBatch_sumsResults(String runtime) throws Exception {
        assumeRunnable(runtime);
        assertEquals(499_500, W2SpawnAwait.run(runtime, 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "var1", "bridge1", "bridge3"})
    void contextCost_tinyBatch_sumsResults(String carried) throws Exception {
        assertEquals(499_500, ContextCost.run(carried, 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a4jFuture", "a4jDirect", "kotlinx", "vthreads"})
    void w3_tinyBatch_everyItemConsumedOnce(String runtime) throws Exception {
        assumeRunnable(runtime);
        for (int parties : new int[] {1, 4}) {
            assertEquals(49_995_000L, orSkip(() -> W3Queue.run(runtime, 10_000, parties)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a4jFuture", "a4jDirect", "kotlinx", "vthreads"})
    void w4_tinyBatch_allTasksPass(String runtime) throws Exception {
        assumeRunnable(runtime);
        assertEquals(1000, orSkip(() -> W4Semaphore.run(runtime, 1000)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a4jFuture", "a4jDirect", "kotlinx", "vthreads", "cf"})
    void w5_tinyStream_subscriberGetsFilteredSum(String runtime) throws Exception {
        assumeRunnable(runtime);
        assertEquals(CountingSubscriber.expectedSum(10_000), orSkip(() -> W5Stream.run(runtime, 10_000)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a4jFuture", "a4jDirect", "kotlinx", "vthreads", "cf"})
    void w6_tinyBatch_noGuardExpires(String runtime) throws Exception {
        assumeRunnable(runtime);
        assertEquals(499_500, W6WaitFor.run(runtime, 1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"W1 100 10", "W2 100", "W3 1000 1", "W3 1000 4", "W4 100", "W5 1000", "W6 100"})
    void python_tinyWorkload_printsResult(String args) throws Exception {
        java.nio.file.Path script = java.nio.file.Path.of("python", "workloads.py");
        assumeTrue(java.nio.file.Files.exists(script), "run from bench/");
        List<String> command = new java.util.ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args.split(" ")));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException noPython) {
            assumeTrue(false, "python3 not found");
            return;
        }
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.startsWith("RESULT workload=" + args.split(" ")[0]), out);
    }
}
