package io.asyncio4j.bench;

import java.util.concurrent.Callable;

/**
 * Prints which asyncio4j variants exist in this build, one line {@code AVAILABLE workload runtime} or
 * {@code MISSING workload runtime reason}, by running each body once with a tiny size. The driver uses it
 * to skip (and mark "not available yet") variants whose primitive has not landed in the facade.
 */
public final class Probe {
    private Probe() {}

    /**
     * Entry point.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        for (String runtime : new String[] {Runtimes.A4J_FUTURE, Runtimes.A4J_DIRECT}) {
            probe("W1", runtime, () -> W1Sleepers.run(runtime, 10, 1));
            probe("W2", runtime, () -> W2SpawnAwait.run(runtime, 10));
            probe("W3", runtime, () -> W3Queue.run(runtime, 100, 1));
            probe("W4", runtime, () -> W4Semaphore.run(runtime, 10));
            probe("W5", runtime, () -> W5Stream.run(runtime, 100));
            probe("W6", runtime, () -> W6WaitFor.run(runtime, 10));
        }
        probe("W5A", Runtimes.A4J_DIRECT, () -> W5Anext.run(Runtimes.A4J_DIRECT, 10));
        System.exit(0);
    }

    private static void probe(String workload, String runtime, Callable<Long> body) {
        try {
            body.call();
            System.out.println("AVAILABLE " + workload + " " + runtime);
        } catch (UnsupportedOperationException e) {
            System.out.println("MISSING " + workload + " " + runtime + " " + e.getMessage());
        } catch (Exception e) {
            System.out.println("MISSING " + workload + " " + runtime + " failed: " + e);
        }
    }
}
