package io.asyncio4j.internal;

import java.time.Duration;

/** Argument checks made at call time, so that bad input fails before anything is scheduled. */
public final class Checks {
    private Checks() {}

    /** Returns {@code value}, or throws a {@link NullPointerException} naming the parameter. */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /** Checks every element of an array argument, naming the first null element. */
    public static <T> T[] noNullElements(T[] values, String name) {
        notNull(values, name);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(name + "[" + i + "] must not be null");
            }
        }
        return values;
    }

    /** Checks every element of a collection argument, naming the first null element. */
    public static <C extends Iterable<?>> C noNullElements(C values, String name) {
        notNull(values, name);
        int i = 0;
        for (Object value : values) {
            if (value == null) {
                throw new NullPointerException(name + "[" + i + "] must not be null");
            }
            i++;
        }
        return values;
    }

    /** Throws an {@link IllegalArgumentException} with {@code rule} unless {@code condition}. */
    public static void argument(boolean condition, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(rule);
        }
    }

    /** Returns {@code value} if it is at least {@code min}, else fails naming the parameter. */
    public static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
        }
        return value;
    }

    /**
     * Converts a duration to nanoseconds, saturating at {@link Long#MAX_VALUE} (far beyond any real
     * wait) and at zero for negative values, which asyncio treats as "already due".
     */
    public static long nanosAtLeastZero(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }
}
