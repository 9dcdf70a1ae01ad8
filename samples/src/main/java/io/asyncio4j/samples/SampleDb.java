package io.asyncio4j.samples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The samples' database: an embedded H2 database in memory, reached through blocking JDBC. Samples call
 * these methods inside {@code Asyncio.toThread(...)}, as the seeds advise for blocking libraries.
 */
public final class SampleDb {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private SampleDb() {}

    /** The URL of a new, empty in-memory database that lives until its last connection closes. */
    public static String newUrl(String name) {
        return "jdbc:h2:mem:" + name + "-" + NEXT.incrementAndGet();
    }

    /** Opens a connection (blocking). */
    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    /** Runs DDL or DML (blocking); returns the update count. */
    public static int execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    /** Runs a query (blocking); returns each row's columns joined by ", ". */
    public static List<String> query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<String> result = new ArrayList<>();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(c > 1 ? ", " : "").append(rows.getString(c));
                }
                result.add(row.toString());
            }
            return result;
        }
    }

    /**
     * Blocks for {@code millis}: installed in a database as the SQL function {@code SLEEP} by {@link
     * #installSleep(Connection)}, to make a query as slow as a real one over the network.
     */
    public static int pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return 0;
    }

    /** Defines the SQL function {@code SLEEP(millis)} (blocking). */
    public static void installSleep(Connection connection) throws SQLException {
        execute(connection, "CREATE ALIAS SLEEP FOR \"io.asyncio4j.samples.SampleDb.pause\"");
    }

    /** Creates and fills the {@code users} table the seeds query (blocking). */
    public static void createUsers(Connection connection) throws SQLException {
        execute(connection, "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40), email VARCHAR(80))");
        execute(
                connection,
                "INSERT INTO users VALUES (1, 'alice', 'alice@example.com'), (2, 'bob', 'bob@example.com'),"
                        + " (3, 'carol', 'carol@example.com')");
    }
}
