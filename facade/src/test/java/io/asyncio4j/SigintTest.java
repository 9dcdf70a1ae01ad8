package io.asyncio4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C, for real: each test starts {@link SigintChild} in a child JVM (same java, same class path),
 * waits until its main task is inside its sleep, sends it SIGINT with {@code kill -INT}, and checks what
 * the child printed and how fast it ended.
 *
 * <p>Bound: the issue asks that the process end within 2 s of the signal; {@link #BOUND_MILLIS} is that
 * bound, measured from the {@code kill} to the child's exit (JVM start-up is not counted, and the child
 * needs a few tens of milliseconds on this 2-core machine). Raise it only for a slow CI runner, and say so
 * here.
 *
 * <p>Signals and shells: a process started in the background of a non-interactive shell inherits SIGINT
 * as ignored, and the JVM then never sees it (see the shared TOOLING notes). So the child is started
 * through a launcher that resets SIGINT to its default ({@code env --default-signal=INT}, coreutils 8.31+,
 * else a two-line Python {@code exec}), and each test first reads the child's {@code SigIgn} mask from
 * {@code /proc}: if SIGINT is still ignored there, the test is skipped rather than failed. POSIX only.
 */
@Timeout(120)
class SigintTest {
    private static final long BOUND_MILLIS = 2_000;
    private static final long STARTUP_SECONDS = 60; // a cold JVM on a busy 2-core machine

    @Test
    void sigint_cancelsMain_finallyRuns_runThrowsKeyboardInterrupt_exitsWithin2s() throws Exception {
        Child child = Child.start("once");
        child.awaitLine("sleeping");
        long sent = child.sigint();
        int status = child.awaitExit();
        long took = (System.nanoTime() - sent) / 1_000_000;
        assertThat(child.lines()).containsSubsequence("sleeping", "finally ran", "KeyboardInterrupt");
        assertThat(child.lines()).doesNotContain("slept", "run returned");
        assertEquals(0, status, "the child caught KeyboardInterrupt and returned: " + child.lines());
        assertTrue(took < BOUND_MILLIS, "ended " + took + " ms after SIGINT");
    }

    @Test
    void afterRun_previousHandlerIsBack_sigintStopsTheJvmAsBefore() throws Exception {
        Child child = Child.start("restore");
        child.awaitLine("sleeping");
        child.sigint();
        child.awaitLine("after run");
        long sent = child.sigint();
        int status = child.awaitExit();
        long took = (System.nanoTime() - sent) / 1_000_000;
        assertEquals(130, status, "the JVM's own handler exits with 128 + SIGINT: " + child.lines());
        assertThat(child.lines()).containsSubsequence("finally ran", "KeyboardInterrupt", "after run");
        assertThat(child.lines()).doesNotContain("not stopped");
        assertTrue(took < BOUND_MILLIS, "ended " + took + " ms after SIGINT");
    }

    @Test
    void secondSigint_whileMainCleansUp_stopsAtOnce() throws Exception {
        Child child = Child.start("twice");
        child.awaitLine("sleeping");
        child.sigint();
        child.awaitLine("cleaning up");
        long sent = child.sigint();
        int status = child.awaitExit();
        long took = (System.nanoTime() - sent) / 1_000_000;
        assertEquals(130, status, child.lines().toString());
        assertThat(child.lines()).doesNotContain("cleanup done", "KeyboardInterrupt");
        assertTrue(took < BOUND_MILLIS, "ended " + took + " ms after the second SIGINT");
    }

    @Test
    void runOffTheMainThread_doesNotTakeSigint() throws Exception {
        Child child = Child.start("thread");
        child.awaitLine("sleeping");
        child.sigint();
        int status = child.awaitExit();
        assertEquals(130, status, "the JVM's handler stopped it: " + child.lines());
        assertThat(child.lines()).doesNotContain("finally ran");
    }

    /** A child JVM running {@link SigintChild}, its output collected line by line. */
    private static final class Child {
        private final Process process;
        private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final Thread reader;

        private Child(Process process) {
            this.process = process;
            reader = new Thread(this::pump, "sigint-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String scenario) throws Exception {
            assumeFalse(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win"), "POSIX signals");
            String java =
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(launcher());
            command.addAll(List.of(
                    java,
                    "-XX:+IgnoreUnrecognizedVMOptions",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    SigintChild.class.getName(),
                    scenario));
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            return new Child(process);
        }

        /** A prefix that resets SIGINT to its default before starting java, or none when none works. */
        private static List<String> launcher() {
            if (works("env", "--default-signal=INT", "true")) {
                return List.of("env", "--default-signal=INT");
            }
            if (works("python3", "-c", "pass")) {
                return List.of(
                        "python3",
                        "-c",
                        "import os,signal,sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                                + " os.execvp(sys.argv[1], sys.argv[1:])");
            }
            return List.of();
        }

        private static boolean works(String... command) {
            try {
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        /** Whether /proc says the child ignores SIGINT (signal 2, bit 1 of the SigIgn mask). */
        private boolean ignoresSigint() throws IOException {
            Path status = Paths.get("/proc", Long.toString(process.pid()), "status");
            if (!Files.exists(status)) {
                return false; // not Linux: trust the launcher
            }
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(
                            line.substring("SigIgn:".length()).trim(), 16);
                    return (mask & 0x2) != 0;
                }
            }
            return false;
        }

        private void pump() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    pending.add(line);
                }
            } catch (IOException ended) {
                // the child is gone
            }
        }

        /** Waits for {@code expected}, collecting every line before it. */
        void awaitLine(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
            while (true) {
                String line = pending.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    process.destroyForcibly();
                    throw new AssertionError("child never printed '" + expected + "'; printed " + lines());
                }
                seen.add(line);
                if (line.equals(expected)) {
                    return;
                }
            }
        }

        /** Sends SIGINT; returns when it was sent, in {@link System#nanoTime()}. */
        long sigint() throws Exception {
            // read once java runs (the launcher resets the signal just before exec-ing it)
            assumeFalse(ignoresSigint(), "SIGINT is ignored in the child (started from a background job?)");
            long sent = System.nanoTime();
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            assumeTrue(kill.waitFor(20, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT failed");
            return sent;
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child still running 30 s after SIGINT; printed " + lines());
            }
            reader.join(TimeUnit.SECONDS.toMillis(10)); // its last lines
            return process.exitValue();
        }

        /** Every line printed so far, including those after the last awaited one once the child ended. */
        List<String> lines() {
            pending.drainTo(seen);
            return seen;
        }
    }
}
