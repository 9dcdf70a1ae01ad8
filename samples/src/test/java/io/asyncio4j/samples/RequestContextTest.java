package io.asyncio4j.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RequestContextTest {
    private final Capture c = new Capture();

    @Test
    void everyLogLine_carriesTheIdOfItsOwnRequest() throws Exception {
        List<String> lines = RequestContext.run(c.out);
        for (String id : List.of("req-1", "req-2", "req-3")) {
            String n = id.substring(4);
            assertThat(lines)
                    .contains(
                            "[" + id + "] handling user " + n,
                            "[" + id + "] profile loaded",
                            "[" + id + "] orders queried on a worker thread",
                            "[" + id + "] audit callback",
                            "[" + id + "] done: [profile " + n + ", orders of " + n + "]");
        }
        assertEquals(15, lines.size());
        c.assertContains("response req-2 -> [profile 2, orders of 2]");
    }
}
