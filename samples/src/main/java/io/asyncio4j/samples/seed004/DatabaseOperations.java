package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import io.asyncio4j.samples.SampleDb;
import java.io.PrintStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004, "Async Database Operations": JDBC is blocking, so every call goes through {@code toThread}
 * (the seeds' advice for blocking libraries); inserts run concurrently on their own connections, then
 * one query reads them back. The database is an embedded H2 in memory.
 */
public final class DatabaseOperations {
    private DatabaseOperations() {}

    static int insertUser(String url, int id, String name) throws Exception {
        return await(toThread(() -> {
            try (Connection c = SampleDb.connect(url)) {
                return SampleDb.execute(
                        c, "INSERT INTO users VALUES (" + id + ", '" + name + "', '" + name + "@example.com')");
            }
        }));
    }

    /** Returns the rows read back. */
    public static List<String> run(PrintStream out) throws Exception {
        String url = SampleDb.newUrl("seed004");
        try (Connection keepAlive = SampleDb.connect(url)) {
            return Asyncio.run(() -> {
                await(toThread(() -> SampleDb.execute(
                        keepAlive, "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40), email VARCHAR(80))")));
                List<Task<Integer>> inserts = new ArrayList<>();
                String[] names = {"alice", "bob", "carol", "dave", "erin"};
                for (int i = 0; i < names.length; i++) {
                    int id = i + 1;
                    String name = names[i];
                    inserts.add(createTask(() -> insertUser(url, id, name)));
                }
                List<Integer> counts = await(gather(inserts));
                out.println("inserted "
                        + counts.stream().mapToInt(Integer::intValue).sum() + " rows concurrently");
                List<String> rows =
                        await(toThread(() -> SampleDb.query(keepAlive, "SELECT id, name FROM users ORDER BY id")));
                rows.forEach(out::println);
                return rows;
            });
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
