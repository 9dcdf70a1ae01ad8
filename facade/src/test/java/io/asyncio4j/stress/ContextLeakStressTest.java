package io.asyncio4j.stress;

import io.asyncio4j.testing.ContextLeakCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Context variables and a bridged thread-local across 10,000 interleaved tasks on the shared task
 * threads: each sees only its own value in its body, its worker, its callback and its continuation, and
 * no thread keeps a value afterwards. The default run holds a 1,000-task version
 * ({@code ThreadLocalBridgeTest}).
 */
@Tag("stress")
@Timeout(600)
class ContextLeakStressTest {
    @Test
    void noLeak_between10000InterleavedTasks_onTheSharedThreads() throws Exception {
        ContextLeakCheck.interleave(10_000);
    }
}
