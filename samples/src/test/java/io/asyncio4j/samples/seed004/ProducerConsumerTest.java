package io.asyncio4j.samples.seed004;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncio4j.samples.Capture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProducerConsumerTest {
    private final Capture c = new Capture();

    @Test
    void everyItemProducedIsConsumedExactlyOnce() throws Exception {
        List<String> expected = new ArrayList<>();
        for (String producer : List.of("a", "b")) {
            for (int i = 0; i < 6; i++) {
                expected.add(producer + "-" + i);
            }
        }
        expected.sort(null);
        assertEquals(expected, ProducerConsumer.run(c.out));
        c.assertContains("all 12 items consumed");
    }
}
