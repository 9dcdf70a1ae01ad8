package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncFiles;
import io.asyncio4j.Asyncio;
import io.asyncio4j.Outcome;
import io.asyncio4j.Semaphore;
import io.asyncio4j.Task;
import io.asyncio4j.samples.Http;
import io.asyncio4j.samples.LocalHttpServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 002, "Example 3: Async File Processor": files downloaded from the local server at most {@code
 * max_concurrent} at a time and written to a temporary directory in 8 KiB chunks with {@link
 * AsyncFiles} (the seed's aiofiles), then text files processed concurrently: lines and words counted.
 */
public final class FileProcessor {
    static final int CHUNK = 8192;

    private final Semaphore semaphore;
    private final PrintStream out;
    private final AtomicInteger downloaded = new AtomicInteger();
    private int total;

    FileProcessor(int maxConcurrent, PrintStream out) {
        this.semaphore = new Semaphore(maxConcurrent);
        this.out = out;
    }

    /** Download a file asynchronously. */
    Path downloadFile(HttpClient session, String url, Path outputPath) throws Exception {
        return semaphore.asyncWith(() -> {
            HttpResponse<byte[]> response = await(session.sendAsync(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()));
            byte[] body = response.body();
            await(AsyncFiles.writeBytes(outputPath, new byte[0])); // open(output_path, 'wb')
            for (int at = 0; at < body.length; at += CHUNK) { // iter_chunked(8192)
                await(AsyncFiles.appendBytes(
                        outputPath, Arrays.copyOfRange(body, at, Math.min(body.length, at + CHUNK))));
            }
            out.printf(
                    "  downloaded %d/%d: %s (%d bytes)%n",
                    downloaded.incrementAndGet(), total, outputPath.getFileName(), body.length);
            return outputPath;
        });
    }

    /** Lines and words of one file. */
    public record Counts(String file, int lines, int words) {}

    /** Process a text file asynchronously. */
    Counts processTextFile(Path filepath) throws Exception {
        String content = await(AsyncFiles.readString(filepath));
        String[] lines = content.split("\n", -1); // content.split('\n')
        int wordCount = 0;
        for (String line : lines) {
            wordCount += line.isBlank() ? 0 : line.strip().split("\\s+").length;
        }
        return new Counts(filepath.getFileName().toString(), lines.length, wordCount);
    }

    /** Download multiple files concurrently. */
    List<Outcome<Path>> batchDownload(List<String> urls, Path outputDir) throws Exception {
        Files.createDirectories(outputDir);
        HttpClient session = Http.client();
        total = urls.size();
        List<Task<Path>> tasks = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            Path outputPath = outputDir.resolve("file_" + i + ".dat");
            tasks.add(createTask(() -> downloadFile(session, url, outputPath)));
        }
        return await(gatherOutcomes(tasks)); // return_exceptions=True
    }

    /** What the sample did. */
    public record Result(int downloaded, int maxInFlight, List<Counts> counts) {}

    public static Result run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("asyncio4j-downloads");
        try (LocalHttpServer server = LocalHttpServer.start()) {
            return Asyncio.run(() -> {
                FileProcessor processor = new FileProcessor(3, out);
                List<String> urls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    urls.add(server.url("/files/report-" + i + ".txt?lines=" + (500 * (i + 1)) + "&slow"));
                }
                out.println("batch download of " + urls.size() + " files, at most 3 at a time:");
                List<Outcome<Path>> results = processor.batchDownload(urls, dir);
                List<Path> files = new ArrayList<>();
                for (Outcome<Path> r : results) {
                    files.add(r.get());
                }

                // Process the text files that exist
                List<Task<Counts>> tasks = new ArrayList<>();
                for (Path f : files) {
                    if (Files.exists(f)) {
                        tasks.add(createTask(() -> processor.processTextFile(f)));
                    }
                }
                List<Counts> counts = await(gather(tasks));
                for (Counts result : counts) {
                    out.println(result.file() + ": " + result.lines() + " lines, " + result.words() + " words");
                }
                return new Result(files.size(), server.maxInFlight(), counts);
            });
        } finally {
            try (var paths = Files.list(dir)) {
                for (Path p : paths.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
