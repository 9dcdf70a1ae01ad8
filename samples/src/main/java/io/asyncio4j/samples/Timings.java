package io.asyncio4j.samples;

/**
 * A sample's measured times, sequential beside concurrent, in seconds; the tour prints them side by
 * side.
 *
 * @param sequential seconds taken one after the other
 * @param concurrent seconds taken together
 */
public record Timings(double sequential, double concurrent) {
    /** Seconds since {@code startNanos}. */
    public static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public String toString() {
        return String.format(
                "sequential %.2f s | concurrent %.2f s | %.1fx faster",
                sequential, concurrent, sequential / concurrent);
    }
}
