package io.asyncio4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scale harness: runs ONE configuration of W1 ({@link W1Sleepers}), W5 ({@link W5Stream}) or W5A ({@link W5Anext}) in this
 * JVM and prints one line {@code RESULT workload=.. runtime=.. n=.. wall_ms=.. rss_kb=.. jdk=..}, where
 * {@code rss_kb} is the process's peak resident set ({@code VmHWM} of {@code /proc/self/status}). The
 * driver ({@code bench/driver.py}) starts one JVM per configuration.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.asyncio4j.bench.Scale W1|W5|W5A RUNTIME N [SLEEP_MS]}.
 */
public final class Scale {
    private Scale() {}

    /**
     * Entry point.
     *
     * @param args workload, runtime, n and, for W1, the sleep in milliseconds (default 10000)
     * @throws Exception if the workload fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Scale W1|W5|W5A RUNTIME N [SLEEP_MS]");
            System.exit(2);
        }
        String workload = args[0];
        String runtime = args[1];
        int n = Integer.parseInt(args[2]);
        long sleepMs = args.length > 3 ? Long.parseLong(args[3]) : 10_000;
        long start = System.nanoTime();
        long check;
        switch (workload) {
            case "W1":
                check = W1Sleepers.run(runtime, n, sleepMs);
                if (check != n) {
                    throw new IllegalStateException("W1 returned " + check);
                }
                break;
            case "W5":
                check = W5Stream.run(runtime, n);
                if (check != CountingSubscriber.expectedSum(n)) {
                    throw new IllegalStateException("W5 sum " + check);
                }
                break;
            case "W5A":
                check = W5Anext.run(runtime, n);
                if (check != (long) n * (n - 1) / 2) {
                    throw new IllegalStateException("W5A sum " + check);
                }
                break;
            default:
                throw new IllegalArgumentException(workload);
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("RESULT workload=" + workload + " runtime=" + runtime + " n=" + n + " wall_ms=" + wallMs
                + " rss_kb=" + peakRssKb() + " jdk=" + Runtime.version().feature());
        System.exit(0);
    }

    /** VmHWM of /proc/self/status in kB, or -1 where there is no procfs. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException absent) {
            // not Linux
        }
        return -1;
    }
}
