package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.Asyncio;
import io.asyncio4j.Semaphore;
import io.asyncio4j.Task;
import io.asyncio4j.samples.LocalHttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;

/**
 * Seed 002, "Async HTTP with aiohttp": {@code AsyncHTTPClient}, an async context manager owning the
 * session, with a semaphore capping the requests in flight, connection limits and timeouts, and {@code
 * fetch_many} gathering. aiohttp's {@code TCPConnector(limit=100, limit_per_host=10)} has no {@code
 * HttpClient} setting; the JDK pools connections per host by itself, so the semaphore is the limit.
 * {@code ClientTimeout(total=30)} is the request timeout; a {@code ClientError} is an {@link
 * IOException}.
 */
public final class HttpClientSample {
    static final class AsyncHTTPClient implements AsyncContextManager<AsyncHTTPClient> {
        private final Semaphore semaphore;
        private HttpClient session;
        private java.util.concurrent.ExecutorService executor;

        AsyncHTTPClient(int maxConcurrent) {
            this.semaphore = new Semaphore(maxConcurrent);
        }

        @Override
        public CompletionStage<AsyncHTTPClient> aenter() {
            executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "http-client");
                t.setDaemon(true);
                return t;
            });
            session = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(HttpClient.Builder.NO_PROXY)
                    .connectTimeout(Duration.ofSeconds(30))
                    .executor(executor)
                    .build();
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletionStage<Boolean> aexit(Throwable failure) {
            executor.shutdown(); // await self.session.close()
            session = null;
            return CompletableFuture.completedFuture(false);
        }

        /** Fetch a single URL with rate limiting. */
        Map<String, Object> fetch(String url) throws Exception {
            return semaphore.asyncWith(() -> {
                try {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .build();
                    HttpResponse<String> response =
                            await(session.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("url", url);
                    result.put("status", response.statusCode());
                    result.put("content", response.body());
                    result.put("headers", response.headers().map());
                    return result;
                } catch (IOException e) {
                    return Map.of("url", url, "error", String.valueOf(e));
                }
            });
        }

        /** Fetch multiple URLs concurrently. */
        List<Map<String, Object>> fetchMany(List<String> urls) throws Exception {
            List<Task<Map<String, Object>>> tasks = new ArrayList<>();
            for (String url : urls) {
                tasks.add(createTask(() -> fetch(url)));
            }
            return await(gather(tasks));
        }
    }

    private HttpClientSample() {}

    /** Returns one line per result. */
    public static List<String> run(PrintStream out) throws Exception {
        try (LocalHttpServer httpbin = LocalHttpServer.start()) {
            List<String> urls = List.of(
                    httpbin.url("/get"),
                    httpbin.url("/ip"),
                    httpbin.url("/user-agent"),
                    httpbin.url("/headers"),
                    "http://127.0.0.1:1/refused"); // nothing listens there: a connection error
            return Asyncio.run(() -> asyncWith(new AsyncHTTPClient(5), client -> {
                List<String> lines = new ArrayList<>();
                for (Map<String, Object> result : client.fetchMany(urls)) {
                    String line = result.containsKey("error")
                            ? "Error: " + result.get("url")
                            : "Success: " + result.get("url") + ": " + result.get("status");
                    out.println(line + (result.containsKey("error") ? ": " + result.get("error") : ""));
                    lines.add(line.replace(httpbin.base(), ""));
                }
                return lines;
            }));
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
