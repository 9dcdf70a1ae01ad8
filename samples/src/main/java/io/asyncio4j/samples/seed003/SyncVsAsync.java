package io.asyncio4j.samples.seed003;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncFiles;
import io.asyncio4j.Asyncio;
import io.asyncio4j.samples.Http;
import io.asyncio4j.samples.LocalHttpServer;
import io.asyncio4j.samples.SampleDb;
import io.asyncio4j.samples.Timings;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

/**
 * Seed 003, "Why Asynchronous?": an API call, a database query and a large file read, first one after
 * the other, then together with gather. All three are real: the API is the local HTTP server ({@code
 * /delay/2}, 0.2 s), the database is H2 through {@code toThread} (a query that takes 0.2 s) and the file
 * is read with {@link AsyncFiles}.
 */
public final class SyncVsAsync {
    private final HttpClient client = Http.client();
    private final String apiUrl;
    private final Connection db;
    private final Path largeFile;

    private SyncVsAsync(String apiUrl, Connection db, Path largeFile) {
        this.apiUrl = apiUrl;
        this.db = db;
        this.largeFile = largeFile;
    }

    String fetchDataFromApi() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl)).build();
        return "api: HTTP "
                + await(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                        .statusCode();
    }

    String fetchDataFromDatabase() throws Exception {
        List<String> rows = await(toThread(() -> {
            SampleDb.query(db, "CALL SLEEP(200)"); // a slow query; JDBC blocks, so it runs in a thread
            return SampleDb.query(db, "SELECT name FROM users ORDER BY id");
        }));
        return "database: " + rows;
    }

    String readLargeFile() throws Exception {
        String text = await(AsyncFiles.readString(largeFile));
        return "file: " + text.lines().count() + " lines";
    }

    /** The three results (from gather) and both timings. */
    public record Result(List<String> results, Timings timings) {}

    public static Result run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("asyncio4j-seed003");
        Path file = dir.resolve("large.txt");
        try (LocalHttpServer api = LocalHttpServer.start();
                Connection db = SampleDb.connect(SampleDb.newUrl("seed003"))) {
            SampleDb.createUsers(db);
            SampleDb.installSleep(db);
            Files.writeString(file, LocalHttpServer.fileText("large.txt", 50_000));
            SyncVsAsync app = new SyncVsAsync(api.url("/delay/2"), db, file);
            return Asyncio.run(() -> {
                // Synchronous style - waiting one by one
                long start = System.nanoTime();
                String result1 = app.fetchDataFromApi();
                String result2 = app.fetchDataFromDatabase();
                String result3 = app.readLargeFile();
                double sequential = Timings.since(start);
                out.printf("one by one: %s; %s; %s (%.2f s)%n", result1, result2, result3, sequential);

                // Asynchronous - running concurrently
                start = System.nanoTime();
                List<String> results =
                        await(gather(app::fetchDataFromApi, app::fetchDataFromDatabase, app::readLargeFile));
                double concurrent = Timings.since(start);
                out.printf("gather: %s (%.2f s)%n", results, concurrent);
                return new Result(results, new Timings(sequential, concurrent));
            });
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
