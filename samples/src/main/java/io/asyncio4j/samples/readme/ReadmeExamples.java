package io.asyncio4j.samples.readme;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.sleep;
import static java.net.http.HttpResponse.BodyHandlers.ofString;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Semaphore;
import io.asyncio4j.Task;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The two examples of the root README, compiled and run (by {@code ReadmeExamplesTest}) so they cannot
 * rot. Keep them identical to the README's code blocks; only the lines marked "setup" are not shown
 * there.
 */
public final class ReadmeExamples {
    private final HttpClient http; // setup
    private final HttpRequest req; // setup
    private final Semaphore limit = new Semaphore(2); // setup
    private final Semaphore semaphore = new Semaphore(2); // setup

    /**
     * Examples that talk to {@code url}.
     *
     * @param http the client
     * @param url a page that answers with text
     */
    public ReadmeExamples(HttpClient http, URI url) {
        this.http = http;
        this.req = HttpRequest.newBuilder(url).build();
    }

    /**
     * The README's direct-style example.
     *
     * @return the gathered values
     * @throws Exception if the request fails
     */
    public List<String> directStyle() throws Exception {
        List<String> results = Asyncio.run(() -> {
            Task<String> a = createTask(() -> {
                await(sleep(Duration.ofSeconds(1)));
                return "A";
            });
            Task<String> b = createTask(() -> {
                await(sleep(Duration.ofSeconds(2)));
                return "B";
            });
            // async with semaphore: the body runs in this task, holding a permit; await any CompletionStage
            String page =
                    limit.asyncWith(() -> await(http.sendAsync(req, ofString())).body());
            System.out.println(page);
            return await(gather(a, b)); // about 2 s, not 3
        });
        return results;
    }

    /**
     * The README's future-style example.
     *
     * @return the gathered values, once done
     */
    public CompletableFuture<List<String>> futureStyle() {
        Task<List<String>> all = Asyncio.gather(
                Asyncio.sleep(Duration.ofSeconds(1), "A"),
                Asyncio.waitFor(http.sendAsync(req, ofString()), Duration.ofSeconds(5))
                        .thenApply(HttpResponse::body));
        all.thenAccept(System.out::println); // no thread is held while any of it waits
        Task<String> fetched =
                semaphore.withPermit(() -> http.sendAsync(req, ofString()).thenApply(HttpResponse::body));
        return all.thenCombine(fetched, (list, page) -> list);
    }
}
