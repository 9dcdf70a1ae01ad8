package io.asyncio4j.samples.seed002;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed002AsyncTest {
    private final Capture c = new Capture();

    @Test
    void databaseConnection_realH2_closedAfterBlock() throws Exception {
        DatabaseConnection.Result r = DatabaseConnection.run(c.out);
        assertEquals(3, r.rows().size());
        assertTrue(r.rows().get(0).startsWith("1, alice"), r.rows()::toString);
        assertTrue(r.closed());
        c.assertOrder("Executing: SELECT * FROM users");
        assertTrue(c.lines().get(0).startsWith("Connecting to jdbc:h2:mem:"), c::text);
        assertTrue(c.lines().get(c.lines().size() - 1).startsWith("Closing connection to"), c::text);
    }

    @Test
    void managedResource_setupUseTeardown() throws Exception {
        Map<String, Object> db = ManagedResource.run(c.out);
        assertEquals(false, db.get("active"));
        c.assertOrder(
                "Setting up database",
                "Using {name=database, active=true}",
                "Tearing down database",
                "Resource released: {name=database, active=false}");
    }

    @Test
    void asyncRange_andCounter() throws Exception {
        assertEquals(
                List.of(
                        "Got: 0",
                        "Got: 1",
                        "Got: 2",
                        "Got: 3",
                        "Got: 4",
                        "Count: 1",
                        "Count: 2",
                        "Count: 3",
                        "Count: 4",
                        "Count: 5"),
                AsyncRange.run(c.out));
    }

    @Test
    void httpClient_fourOkOneConnectionError() throws Exception {
        assertEquals(
                List.of(
                        "Success: /get: 200",
                        "Success: /ip: 200",
                        "Success: /user-agent: 200",
                        "Success: /headers: 200",
                        "Error: http://127.0.0.1:1/refused"),
                HttpClientSample.run(c.out));
    }
}
