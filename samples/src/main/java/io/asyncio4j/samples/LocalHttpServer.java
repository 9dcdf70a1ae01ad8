package io.asyncio4j.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The samples' stand-in for httpbin.org, api.github.com and example.com: a real HTTP server on
 * 127.0.0.1 with an ephemeral port, serving requests concurrently (one pooled thread per request in
 * flight), started and stopped by the sample that needs it.
 *
 * <ul>
 *   <li>{@code /delay/{n}}: answers after n delay units (a tenth of a second by default: the seeds'
 *       seconds scaled down), with httpbin's JSON;
 *   <li>{@code /get}, {@code /ip}, {@code /user-agent}, {@code /headers}: httpbin's JSON answers;
 *   <li>{@code /users/{login}}: a GitHub-like JSON user record; {@code /api/users}, {@code /api/orders},
 *       {@code /api/inventory}: small JSON documents for the poller;
 *   <li>{@code /site/...}: a small site of linked HTML pages for the scraper (one link is broken);
 *   <li>{@code /files/{name}?lines=n}: a text file of n lines to download;
 *   <li>anything else: 404.
 * </ul>
 *
 * <p>It counts the requests it served and the most it served at once, so samples can show what a
 * semaphore did.
 */
public final class LocalHttpServer implements AutoCloseable {
    /** The pages of the small site: path to the links it holds (relative or absolute hrefs). */
    static final Map<String, List<String>> SITE = Map.ofEntries(
            Map.entry(
                    "/site/index.html",
                    List.of("about.html", "blog/index.html", "products.html", "/site/missing.html")),
            Map.entry("/site/about.html", List.of("index.html", "team.html", "https://example.org/elsewhere")),
            Map.entry("/site/team.html", List.of("about.html", "jobs.html")),
            Map.entry("/site/jobs.html", List.of("team.html")),
            Map.entry("/site/products.html", List.of("product/1.html", "product/2.html", "product/3.html")),
            Map.entry("/site/product/1.html", List.of("../products.html", "2.html")),
            Map.entry("/site/product/2.html", List.of("../products.html", "3.html")),
            Map.entry("/site/product/3.html", List.of("../products.html", "1.html")),
            Map.entry("/site/blog/index.html", List.of("post-1.html", "post-2.html", "../index.html")),
            Map.entry("/site/blog/post-1.html", List.of("post-2.html", "index.html")),
            Map.entry("/site/blog/post-2.html", List.of("post-1.html", "index.html")));

    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration delayUnit;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private LocalHttpServer(Duration delayUnit) throws IOException {
        this.delayUnit = delayUnit;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server whose {@code /delay/n} waits n tenths of a second. */
    public static LocalHttpServer start() throws IOException {
        return start(Duration.ofMillis(100));
    }

    /** Starts a server whose {@code /delay/n} waits n times {@code delayUnit}. */
    public static LocalHttpServer start(Duration delayUnit) throws IOException {
        return new LocalHttpServer(delayUnit);
    }

    /** The base address, {@code http://127.0.0.1:port}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The absolute URL of {@code path}. */
    public String url(String path) {
        return base() + path;
    }

    /** How many requests were served. */
    public int requests() {
        return requests.get();
    }

    /** The most requests served at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            respond(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void respond(HttpExchange exchange) throws IOException, InterruptedException {
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        if (path.startsWith("/delay/")) {
            int n = Integer.parseInt(path.substring("/delay/".length()));
            Thread.sleep(delayUnit.toMillis() * n); // the slow server the seeds talk to
            send(exchange, 200, "application/json", httpbinJson(exchange, path));
        } else if (path.equals("/get")) {
            send(exchange, 200, "application/json", httpbinJson(exchange, path));
        } else if (path.equals("/ip")) {
            send(exchange, 200, "application/json", "{\"origin\": \"127.0.0.1\"}");
        } else if (path.equals("/user-agent")) {
            send(exchange, 200, "application/json", "{\"user-agent\": \"" + header(exchange, "User-Agent") + "\"}");
        } else if (path.equals("/headers")) {
            send(exchange, 200, "application/json", "{\"headers\": " + headersJson(exchange) + "}");
        } else if (path.startsWith("/users/")) {
            String login = path.substring("/users/".length());
            send(exchange, 200, "application/json", userJson(login));
        } else if (path.startsWith("/api/")) {
            String name = path.substring("/api/".length());
            send(
                    exchange,
                    200,
                    "application/json",
                    "{\"endpoint\": \"" + name + "\", \"count\": " + name.length() + "}");
        } else if (SITE.containsKey(path)) {
            send(exchange, 200, "text/html", page(path));
        } else if (path.startsWith("/files/")) {
            int lines = 10;
            for (String param : query.split("&")) {
                if (param.startsWith("lines=")) {
                    lines = Integer.parseInt(param.substring("lines=".length()));
                }
            }
            if (query.contains("slow")) {
                Thread.sleep(delayUnit.toMillis());
            }
            send(exchange, 200, "text/plain", fileText(path.substring("/files/".length()), lines));
        } else {
            send(exchange, 404, "text/plain", "404 Not Found: " + path);
        }
    }

    /** The text of {@code /files/name?lines=n}: n numbered lines of five words. */
    public static String fileText(String name, int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            text.append("line ").append(i).append(" of ").append(name).append('\n');
        }
        return text.toString();
    }

    private static String userJson(String login) {
        int id = Math.abs(login.hashCode() % 100000);
        String name = login.substring(0, 1).toUpperCase(Locale.ROOT) + login.substring(1);
        return "{\"login\": \"" + login + "\", \"id\": " + id + ", \"name\": \"" + name
                + "\", \"type\": \"Organization\", \"public_repos\": " + (login.length() * 7) + "}";
    }

    private static String page(String path) {
        String links = SITE.get(path).stream()
                .map(href -> "  <li><a href=\"" + href + "\">" + href + "</a></li>")
                .collect(Collectors.joining("\n"));
        return "<!doctype html>\n<html><head><title>" + path + "</title></head>\n<body>\n<h1>" + path + "</h1>\n<ul>\n"
                + links + "\n</ul>\n</body></html>\n";
    }

    private String httpbinJson(HttpExchange exchange, String path) {
        return "{\"args\": {}, \"headers\": " + headersJson(exchange) + ", \"origin\": \"127.0.0.1\", \"url\": \""
                + url(path) + "\"}";
    }

    private static String header(HttpExchange exchange, String name) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? "" : value.replace("\"", "'");
    }

    private static String headersJson(HttpExchange exchange) {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders()
                .forEach((k, v) -> headers.put(k, String.join(",", v).replace("\"", "'")));
        return headers.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }
}
