package io.asyncio4j.samples.seed003;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.AsyncIterable;
import io.asyncio4j.AsyncIterator;
import io.asyncio4j.Asyncio;
import io.asyncio4j.StopAsyncIteration;
import io.asyncio4j.samples.SampleDb;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Seed 003, "Async Context Manager" and "Async Iterator": {@code AsyncDatabaseConnection} (opening
 * takes 1 s and closing 0.5 s in the seed, tenths here; the connection is a real H2 one, opened and
 * closed through {@code toThread}) and {@code AsyncCounter(5)} ticking every 0.05 s.
 */
public final class ContextAndIterator {
    private ContextAndIterator() {}

    static final class AsyncDatabaseConnection implements AsyncContextManager<AsyncDatabaseConnection> {
        private final PrintStream out;
        private final String url = SampleDb.newUrl("seed003-ctx");
        private Connection connection;

        AsyncDatabaseConnection(PrintStream out) {
            this.out = out;
        }

        @Override
        public CompletionStage<AsyncDatabaseConnection> aenter() {
            out.println("Opening database connection...");
            return sleep(Duration.ofMillis(100))
                    .thenCompose(v -> toThread(() -> {
                        connection = SampleDb.connect(url);
                        SampleDb.execute(connection, "CREATE TABLE users (name VARCHAR(20))");
                        SampleDb.execute(connection, "INSERT INTO users VALUES ('result1'), ('result2')");
                        return this;
                    }));
        }

        @Override
        public CompletionStage<Boolean> aexit(Throwable failure) {
            out.println("Closing database connection...");
            return sleep(Duration.ofMillis(50))
                    .thenCompose(v -> toThread(() -> {
                        connection.close();
                        return false;
                    }));
        }

        List<String> query(String sql) throws Exception {
            await(sleep(Duration.ofMillis(50)));
            return await(toThread(() -> SampleDb.query(connection, sql)));
        }
    }

    static final class AsyncCounter implements AsyncIterator<Integer> {
        private final int maxCount;
        private int current = 0;

        AsyncCounter(int maxCount) {
            this.maxCount = maxCount;
        }

        @Override
        public CompletionStage<Integer> anext() {
            if (current >= maxCount) {
                return CompletableFuture.failedFuture(new StopAsyncIteration());
            }
            current += 1;
            return sleep(Duration.ofMillis(50), current);
        }
    }

    /** The query result and the counts. */
    public record Result(List<String> queryResult, List<Integer> counts) {}

    public static Result run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            List<String> result = asyncWith(new AsyncDatabaseConnection(out), db -> {
                List<String> rows = db.query("SELECT * FROM users");
                out.println("Query result: " + rows);
                return rows;
            });
            List<Integer> counts = new ArrayList<>();
            try (var it = AsyncIterable.fromIterator(() -> new AsyncCounter(5)).iterate()) {
                for (int num : it) {
                    out.println("Count: " + num);
                    counts.add(num);
                }
            }
            return new Result(result, counts);
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
