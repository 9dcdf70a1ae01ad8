package io.asyncio4j.samples.seed002;

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
 * Seed 002, "asyncio.gather — Run Multiple Coroutines": five pages fetched over real HTTP from the
 * local httpbin stand-in ({@code /delay/1}, {@code /delay/2}, {@code /delay/1}, {@code /get}, {@code
 * /ip}; a delay unit is a tenth of a second). {@code HttpClient.sendAsync} returns a {@code
 * CompletableFuture}, which {@code await} takes as it is: no wrapper needed.
 */
public final class FetchPages {
    private FetchPages() {}

    /** What fetch_page returns: {@code {'url':..., 'status':..., 'length':...}}. */
    public record Page(String url, int status, int length) {}

    /** The results and the time taken one by one and with gather. */
    public record Result(List<Page> pages, Timings timings) {}

    static Page fetchPage(HttpClient session, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        HttpResponse<String> response = await(session.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        String text = response.body();
        return new Page(url, response.statusCode(), text.length());
    }

    public static Result run(PrintStream out) throws Exception {
        try (LocalHttpServer httpbin = LocalHttpServer.start()) {
            List<String> urls = List.of(
                    httpbin.url("/delay/1"),
                    httpbin.url("/delay/2"),
                    httpbin.url("/delay/1"),
                    httpbin.url("/get"),
                    httpbin.url("/ip"));
            HttpClient session = Http.client();
            return Asyncio.run(() -> {
                long start = System.nanoTime();
                for (String url : urls) {
                    fetchPage(session, url); // one after the other, for comparison
                }
                double sequential = Timings.since(start);
                out.printf("Fetched %d pages one by one in %.2fs%n", urls.size(), sequential);

                start = System.nanoTime();
                // Run all fetches concurrently
                List<Task<Page>> fetches = new ArrayList<>();
                for (String url : urls) {
                    fetches.add(createTask(() -> fetchPage(session, url)));
                }
                List<Page> results = await(gather(fetches));
                double elapsed = Timings.since(start);
                out.printf("Fetched %d pages in %.2fs%n", results.size(), elapsed);
                for (Page result : results) {
                    out.printf("  %s: %d (%d bytes)%n", result.url(), result.status(), result.length());
                }
                return new Result(results, new Timings(sequential, elapsed));
            });
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
