package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import io.asyncio4j.samples.Http;
import io.asyncio4j.samples.LocalHttpServer;
import io.asyncio4j.samples.Timings;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004, "Concurrent HTTP Requests": ten requests to the local server's {@code /delay/1} (0.1 s
 * each), one by one and then all at once; {@code HttpClient.sendAsync}'s future is awaited as it is.
 */
public final class ConcurrentRequests {
    private ConcurrentRequests() {}

    static int fetchStatus(HttpClient client, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        return await(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .statusCode();
    }

    /** The statuses and both timings. */
    public record Result(List<Integer> statuses, Timings timings) {}

    public static Result run(PrintStream out) throws Exception {
        try (LocalHttpServer server = LocalHttpServer.start()) {
            HttpClient client = Http.client();
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                urls.add(server.url("/delay/1?n=" + i));
            }
            return Asyncio.run(() -> {
                long start = System.nanoTime();
                for (String url : urls) {
                    fetchStatus(client, url);
                }
                double sequential = Timings.since(start);

                start = System.nanoTime();
                List<Task<Integer>> tasks = new ArrayList<>();
                for (String url : urls) {
                    tasks.add(createTask(() -> fetchStatus(client, url)));
                }
                List<Integer> statuses = await(gather(tasks));
                double concurrent = Timings.since(start);
                out.printf(
                        "%d requests: one by one %.2f s, concurrently %.2f s; statuses %s%n",
                        urls.size(), sequential, concurrent, statuses);
                return new Result(statuses, new Timings(sequential, concurrent));
            });
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
