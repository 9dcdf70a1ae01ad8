package io.asyncio4j.bench;

/**
 * Runs one benchmark body {@code times} times in this JVM and prints each batch's time: the entry point
 * for profiling a single variant under JFR, e.g. {@code java -XX:StartFlightRecording=filename=w2.jfr
 * -cp bench/target/benchmarks.jar io.asyncio4j.bench.Repeat W2 a4jFuture 200000 20}, then {@code jfr
 * print --events jdk.ExecutionSample w2.jfr}.
 */
public final class Repeat {
    private Repeat() {}

    /**
     * Entry point.
     *
     * @param args workload (W1..W6, or W5A: {@link W5Anext}), runtime, n, times, and for W3 the number of parties
     * @throws Exception if the body fails
     */
    public static void main(String[] args) throws Exception {
        String workload = args[0];
        String runtime = args[1];
        int n = Integer.parseInt(args[2]);
        int times = Integer.parseInt(args[3]);
        int parties = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            switch (workload) {
                case "W1":
                    W1Sleepers.run(runtime, n, 1000);
                    break;
                case "W2":
                    W2SpawnAwait.run(runtime, n);
                    break;
                case "W3":
                    W3Queue.run(runtime, n, parties);
                    break;
                case "W4":
                    W4Semaphore.run(runtime, n);
                    break;
                case "W5":
                    W5Stream.run(runtime, n);
                    break;
                case "W5A":
                    W5Anext.run(runtime, n);
                    break;
                case "W6":
                    W6WaitFor.run(runtime, n);
                    break;
                default:
                    throw new IllegalArgumentException(workload);
            }
            long ns = System.nanoTime() - start;
            System.out.printf(
                    "%s %s batch %d: %.1f ms, %.0f ns per op%n", workload, runtime, i, ns / 1e6, (double) ns / n);
        }
        System.exit(0);
    }
}
