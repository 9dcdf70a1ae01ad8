package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Task;
import io.asyncio4j.samples.Http;
import io.asyncio4j.samples.LocalHttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seed 002, "Example 1: Async API Polling": poll several endpoints of the local server concurrently
 * every interval (seconds scaled to tenths); a broken endpoint does not stop the others ({@code
 * return_exceptions=True}). The seed's {@code while True} loop runs in a task that main cancels after
 * three rounds.
 */
public final class ApiPoller {
    private final Map<String, String> endpoints;
    private final Duration interval;
    private final PrintStream out;
    final Map<String, Map<String, Object>> results = new ConcurrentHashMap<>();
    /** Completed with the round count after each round (the sample's way to stop after a few). */
    final List<CompletableFuture<Integer>> roundDone = new ArrayList<>();

    ApiPoller(Map<String, String> endpoints, Duration interval, PrintStream out, int rounds) {
        this.endpoints = endpoints;
        this.interval = interval;
        this.out = out;
        for (int i = 0; i < rounds; i++) {
            roundDone.add(new CompletableFuture<>());
        }
    }

    Void pollEndpoint(HttpClient session, String name, String url) throws Exception {
        HttpResponse<String> response = await(session.sendAsync(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()));
        if (response.statusCode() != 200) {
            throw new IOException(name + ": HTTP " + response.statusCode()); // response.json() would fail
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("data", response.body());
        entry.put("timestamp", LocalDateTime.now().toString());
        entry.put("status", response.statusCode());
        results.put(name, entry);
        return null;
    }

    void pollAll() throws Exception {
        HttpClient session = Http.client();
        List<Callable<Void>> tasks = new ArrayList<>();
        endpoints.forEach((name, url) -> tasks.add(() -> pollEndpoint(session, name, url)));
        await(gatherOutcomes(tasks.stream().map(Asyncio::createTask).toList()));
    }

    Void run() throws Exception {
        int round = 0;
        while (true) {
            pollAll();
            out.println("Polled " + results.size() + " endpoints at " + LocalDateTime.now());
            if (round < roundDone.size()) {
                roundDone.get(round).complete(++round);
            }
            await(sleep(interval));
        }
    }

    /** Polls for three rounds; returns the names of the endpoints that answered. */
    public static List<String> run(PrintStream out, int rounds) throws Exception {
        try (LocalHttpServer api = LocalHttpServer.start()) {
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("users", api.url("/api/users"));
            endpoints.put("orders", api.url("/api/orders"));
            endpoints.put("inventory", api.url("/api/inventory"));
            endpoints.put("broken", api.url("/nowhere"));
            ApiPoller poller = new ApiPoller(endpoints, Duration.ofMillis(100), out, rounds);
            return Asyncio.run(() -> {
                Task<Void> polling = createTask(() -> poller.run()); // asyncio.run(poller.run())
                int done = await(poller.roundDone.get(rounds - 1));
                polling.cancel("enough polling");
                try {
                    await(polling);
                } catch (CancelledError e) {
                    out.println("Poller stopped after " + done + " rounds: " + e.getMessage());
                }
                return new ArrayList<>(new java.util.TreeSet<>(poller.results.keySet()));
            });
        }
    }

    public static List<String> run(PrintStream out) throws Exception {
        return run(out, 3);
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
