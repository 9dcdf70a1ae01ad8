package io.asyncio4j.samples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asyncio4j.samples.Http;
import io.asyncio4j.samples.LocalHttpServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReadmeExamplesTest {

    @Test
    void readmeExamples_runAndReturnTheGatheredValues() throws Exception {
        try (LocalHttpServer server = LocalHttpServer.start()) {
            ReadmeExamples examples = new ReadmeExamples(Http.client(), URI.create(server.url("/get")));
            assertEquals(List.of("A", "B"), examples.directStyle());
            assertEquals(2, examples.futureStyle().get(30, TimeUnit.SECONDS).size());
        }
    }
}
