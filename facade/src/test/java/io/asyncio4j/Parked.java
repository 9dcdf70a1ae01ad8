package io.asyncio4j;

import java.time.Duration;
import org.awaitility.Awaitility;

/** Test helper: waits until a task's body is parked in an {@code await}, instead of sleeping. */
final class Parked {
    private Parked() {}

    static void untilAwaiting(Task<?> task) {
        Awaitility.await()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .atMost(Duration.ofSeconds(10))
                .until(() -> task.waitingOn() != null || task.isDone());
    }
}
