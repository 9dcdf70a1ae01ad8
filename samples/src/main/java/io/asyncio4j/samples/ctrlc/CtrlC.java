package io.asyncio4j.samples.ctrlc;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.toThread;

import io.asyncio4j.Asyncio;
import io.asyncio4j.KeyboardInterrupt;
import io.asyncio4j.Task;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C, as {@code asyncio.run} handles it: the first SIGINT cancels the main task, every {@code
 * finally} runs (main's, then the tasks it left behind, which {@code run} cancels), and {@code run}
 * throws {@link KeyboardInterrupt}. Python:
 *
 * <pre>
 * async def main():
 *     worker = asyncio.create_task(serve())      # finally: "closing its connection"
 *     try:
 *         await asyncio.sleep(3600)
 *     finally:
 *         print("main: cleaning up")
 * try:
 *     asyncio.run(main())
 * except KeyboardInterrupt:
 *     print("stopped")
 * </pre>
 *
 * <p>So that no one has to press a key, the program presses it itself: a task sends SIGINT to this very
 * process ({@code kill -INT <pid>}) 0.2 s after main starts waiting. Run it by name and press Ctrl-C
 * yourself with the argument {@code --wait}.
 *
 * <p>asyncio4j takes Ctrl-C, as Python does, only in a run on the JVM's main thread. The tour runs inside
 * Maven's JVM on another thread, where a SIGINT would stop Maven; so {@link #run(PrintStream)} runs this
 * program in a child JVM (same {@code java}, same class path) and shows what it printed.
 */
public final class CtrlC {
    private CtrlC() {}

    /** The program, on the JVM's main thread; {@code --wait} waits for a real Ctrl-C (an hour at most). */
    public static void main(String[] args) throws Exception {
        boolean human = args.length > 0 && args[0].equals("--wait");
        program(System.out, human);
    }

    static void program(PrintStream out, boolean human) throws Exception {
        try {
            Asyncio.run(() -> {
                Task<Void> worker = createTask("worker", () -> {
                    try {
                        await(sleep(Duration.ofHours(1))); // serving, forever
                    } finally {
                        out.println("worker: cancelled by run's cleanup, closing its connection");
                    }
                });
                if (!human) {
                    createTask("ctrl-c", () -> {
                        await(sleep(Duration.ofMillis(200)));
                        out.println("(sending SIGINT to this process, as Ctrl-C would)");
                        await(toThread(CtrlC::sigintToSelf));
                    });
                }
                try {
                    out.println("main: waiting; " + (human ? "press Ctrl-C" : "Ctrl-C comes in 0.2 s"));
                    await(sleep(human ? Duration.ofHours(1) : Duration.ofSeconds(5)));
                    out.println("main: no Ctrl-C arrived (is SIGINT ignored in this process? "
                            + "a background job ignores it)");
                } finally {
                    out.println("main: finally runs, then asyncio.run cancels the tasks main left: "
                            + (worker.done() ? "none" : "the worker"));
                }
            });
            out.println("run returned normally");
        } catch (KeyboardInterrupt e) {
            out.println("run threw KeyboardInterrupt, after every finally: \"" + e.getMessage() + "\"");
        }
    }

    private static int sigintToSelf() throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        return new ProcessBuilder("kill", "-INT", pid).inheritIO().start().waitFor();
    }

    /**
     * The tour's entry point: runs {@link #main} in a child JVM and prints its lines, indented.
     *
     * @return how the child's run ended
     */
    public static String run(PrintStream out) throws Exception {
        if (System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win")) {
            out.println("(skipped: this sample sends a POSIX signal)");
            return "skipped";
        }
        out.println("in a child JVM, on its main thread:");
        List<String> command = new ArrayList<>();
        if (works("env", "--default-signal=INT", "true")) {
            command.addAll(List.of("env", "--default-signal=INT")); // a background job starts with SIGINT ignored
        }
        command.addAll(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath(),
                CtrlC.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println("  | " + line);
                lines.add(line);
            }
        }
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
        out.println("child JVM exit status: " + child.exitValue());
        boolean stopped = lines.stream().anyMatch(l -> l.startsWith("run threw KeyboardInterrupt"));
        return stopped ? "KeyboardInterrupt, after main's and the worker's finally" : "no Ctrl-C was handled";
    }

    /** The class path of this program: Maven's exec:java puts it in a class loader, java -cp in a property. */
    private static String classPath() {
        if (CtrlC.class.getClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Paths.get(url.toURI()).toString());
                } catch (Exception notAFile) {
                    // skip it
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
