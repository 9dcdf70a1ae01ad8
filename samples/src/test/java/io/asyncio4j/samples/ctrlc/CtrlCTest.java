package io.asyncio4j.samples.ctrlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.asyncio4j.samples.Capture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
class CtrlCTest {
    private final Capture c = new Capture();

    @Test
    void ctrlC_cancelsMain_runsEveryFinally_thenKeyboardInterrupt() throws Exception {
        String outcome = CtrlC.run(c.out);
        List<String> lines = c.lines().stream()
                .filter(l -> l.startsWith("  | "))
                .map(l -> l.substring(4))
                .toList();
        assumeFalse(lines.stream().anyMatch(l -> l.startsWith("main: no Ctrl-C arrived")), "SIGINT ignored here");
        assertThat(outcome).isEqualTo("KeyboardInterrupt, after main's and the worker's finally");
        assertThat(lines)
                .containsSubsequence(
                        "main: waiting; Ctrl-C comes in 0.2 s",
                        "(sending SIGINT to this process, as Ctrl-C would)",
                        "main: finally runs, then asyncio.run cancels the tasks main left: the worker",
                        "worker: cancelled by run's cleanup, closing its connection")
                .anyMatch(l -> l.startsWith("run threw KeyboardInterrupt, after every finally"));
        c.assertContains("child JVM exit status: 0");
    }
}
