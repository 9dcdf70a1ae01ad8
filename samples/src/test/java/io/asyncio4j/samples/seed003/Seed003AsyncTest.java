package io.asyncio4j.samples.seed003;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncio4j.samples.Capture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed003AsyncTest {
    private final Capture c = new Capture();

    @Test
    void contextAndIterator_queryThenCount() throws Exception {
        ContextAndIterator.Result r = ContextAndIterator.run(c.out);
        assertEquals(List.of("result1", "result2"), r.queryResult());
        assertEquals(List.of(1, 2, 3, 4, 5), r.counts());
        c.assertOrder(
                "Opening database connection...",
                "Query result: [result1, result2]",
                "Closing database connection...",
                "Count: 1",
                "Count: 5");
    }
}
