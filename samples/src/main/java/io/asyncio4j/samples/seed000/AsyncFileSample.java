package io.asyncio4j.samples.seed000;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.AsyncFiles;
import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Seed 000, "Async Context Managers" and exercise 4: {@code async with AsyncFile() as file:} is {@code
 * asyncWith(new AsyncFile(), file -> ...)}; {@code __aenter__}/{@code __aexit__} are {@code aenter()}
 * and {@code aexit(failure)}, returning stages. Exercise 4's resource manager owns a real temporary
 * file: created on entry, written by the body with {@link AsyncFiles}, deleted on exit, even when the
 * body fails.
 */
public final class AsyncFileSample {
    private AsyncFileSample() {}

    /** {@code class AsyncFile} with {@code __aenter__} and {@code __aexit__}. */
    static final class AsyncFile implements AsyncContextManager<AsyncFile> {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<AsyncFile> aenter() {
            events.add("aenter"); // Async setup
            return sleep(Duration.ofMillis(100), this);
        }

        @Override
        public CompletionStage<Boolean> aexit(Throwable failure) {
            events.add("aexit"); // Async cleanup
            return sleep(Duration.ofMillis(100), false);
        }
    }

    /** Exercise 4: a temporary file as an async resource, made with setup and teardown bodies. */
    static AsyncContextManager<Path> temporaryFile(PrintStream out, String prefix) {
        return AsyncContextManager.of(
                () -> {
                    Path file = await(toThread(() -> Files.createTempFile(prefix, ".txt")));
                    out.println("created " + file.getFileName());
                    return file;
                },
                (file, failure) -> {
                    await(toThread(() -> Files.deleteIfExists(file)));
                    out.println("deleted " + file.getFileName()
                            + (failure == null ? "" : " after: " + failure.getMessage()));
                });
    }

    /** What happened: the AsyncFile's events, what the body read back, and whether the files are gone. */
    public record Result(List<String> events, String readBack, boolean deleted) {}

    public static Result run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            AsyncFile manager = new AsyncFile();
            asyncWith(manager, file -> {
                out.println("Using async file");
                manager.events.add("body");
                return null;
            });

            Path[] used = new Path[2];
            String text = asyncWith(temporaryFile(out, "exercise4-"), path -> {
                used[0] = path;
                await(AsyncFiles.writeString(path, "managed resource\n"));
                return await(AsyncFiles.readString(path));
            });
            out.print("read back: " + text);
            try {
                asyncWith(temporaryFile(out, "exercise4-"), path -> {
                    used[1] = path;
                    throw new IllegalStateException("the body failed");
                });
            } catch (IllegalStateException e) {
                out.println("caught: " + e.getMessage());
            }
            boolean deleted = !Files.exists(used[0]) && !Files.exists(used[1]);
            return new Result(List.copyOf(manager.events), text, deleted);
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
