package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import io.asyncio4j.samples.SampleDb;
import java.io.PrintStream;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Seed 002, "Async Context Managers": {@code AsyncDatabaseConnection}, here over a real embedded H2
 * database: {@code aenter} connects and {@code aexit} closes through {@code toThread}, and {@code
 * execute} runs the query in a thread too (JDBC blocks).
 */
public final class DatabaseConnection {
    private DatabaseConnection() {}

    static final class AsyncDatabaseConnection implements AsyncContextManager<AsyncDatabaseConnection> {
        private final String dbUrl;
        private final PrintStream out;
        private volatile Connection connection;

        AsyncDatabaseConnection(String dbUrl, PrintStream out) {
            this.dbUrl = dbUrl;
            this.out = out;
        }

        @Override
        public CompletionStage<AsyncDatabaseConnection> aenter() {
            out.println("Connecting to " + dbUrl);
            return toThread(() -> {
                connection = SampleDb.connect(dbUrl);
                SampleDb.createUsers(connection);
                return this;
            });
        }

        @Override
        public CompletionStage<Boolean> aexit(Throwable failure) {
            out.println("Closing connection to " + dbUrl);
            return toThread(() -> {
                connection.close();
                connection = null;
                return false; // Don't suppress exceptions
            });
        }

        Task<List<String>> execute(String query) {
            out.println("Executing: " + query);
            return toThread(() -> SampleDb.query(connection, query));
        }

        boolean isOpen() {
            return connection != null;
        }
    }

    /** The query's rows and whether the connection was closed afterwards. */
    public record Result(List<String> rows, boolean closed) {}

    public static Result run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            AsyncDatabaseConnection manager = new AsyncDatabaseConnection(SampleDb.newUrl("seed002"), out);
            List<String> rows = asyncWith(manager, db -> {
                List<String> result = await(db.execute("SELECT * FROM users"));
                out.println(result);
                return result;
            });
            return new Result(rows, !manager.isOpen());
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
