package io.asyncio4j.samples.seed001;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Seed 001, exercise 3: the async generator {@code async_fibonacci(n)}, collected with {@code async for}. */
public final class FibonacciExercise {
    private FibonacciExercise() {}

    static AsyncIterable<Long> asyncFibonacci(int n) {
        return generator(y -> {
            long a = 0;
            long b = 1;
            for (int i = 0; i < n; i++) {
                y.yield(a);
                long next = a + b;
                a = b;
                b = next;
                await(sleep(Duration.ofMillis(50)));
            }
        });
    }

    public static List<Long> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<Long> fibs = new ArrayList<>();
            try (var it = asyncFibonacci(10).iterate()) {
                for (long num : it) {
                    fibs.add(num);
                }
            }
            out.println("First 10 Fibonacci numbers: " + fibs);
            return fibs;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
