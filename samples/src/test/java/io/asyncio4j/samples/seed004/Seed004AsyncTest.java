package io.asyncio4j.samples.seed004;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncio4j.samples.Capture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed004AsyncTest {
    private final Capture c = new Capture();

    @Test
    void contextManagersIterators_rowsStreamedStopAfterThree() throws Exception {
        assertEquals(List.of("ann", "ben", "cat"), ContextManagersIterators.run(c.out));
        assertEquals(List.of("row: ann", "row: ben", "row: cat"), c.lines());
    }
}
