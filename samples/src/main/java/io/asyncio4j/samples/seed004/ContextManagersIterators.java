package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.AsyncIterable;
import io.asyncio4j.Asyncio;
import io.asyncio4j.samples.SampleDb;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004, "Async Context Managers" and "Async Iterators": a JDBC connection opened and closed on a
 * worker thread ({@code AsyncContextManager.closingInThread}), and the rows of a query streamed as an
 * async generator that fetches each row in a thread and closes its result set when the consumer stops.
 */
public final class ContextManagersIterators {
    private ContextManagersIterators() {}

    /** Streams the rows of {@code sql}, one blocking fetch per row on a worker thread. */
    static AsyncIterable<String> rows(Connection connection, String sql) {
        return generator(y -> {
            Statement statement = await(toThread(connection::createStatement));
            try (statement;
                    ResultSet rs = await(toThread(() -> statement.executeQuery(sql)))) {
                while (await(toThread(rs::next))) {
                    y.yield(rs.getString(1));
                }
            }
        });
    }

    /** Returns the names iterated, stopping after three. */
    public static List<String> run(PrintStream out) throws Exception {
        String url = SampleDb.newUrl("seed004-iter");
        return Asyncio.run(() -> asyncWith(AsyncContextManager.closingInThread(() -> SampleDb.connect(url)), db -> {
            await(toThread(() -> {
                SampleDb.execute(db, "CREATE TABLE users (name VARCHAR(20))");
                return SampleDb.execute(db, "INSERT INTO users VALUES ('ann'), ('ben'), ('cat'), ('dan'), ('eve')");
            }));
            List<String> names = new ArrayList<>();
            try (var it = rows(db, "SELECT name FROM users ORDER BY name").iterate()) {
                for (String name : it) {
                    out.println("row: " + name);
                    names.add(name);
                    if (names.size() == 3) {
                        break; // closes the generator: its result set and statement are closed
                    }
                }
            }
            return names;
        }));
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
