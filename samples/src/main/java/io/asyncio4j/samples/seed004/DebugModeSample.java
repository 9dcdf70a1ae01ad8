package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Seed 004, "Debugging: Enable Debug Mode": {@code asyncio.run(main(), debug=True)} is {@code
 * Asyncio.run(main, true)} (or {@code -Dasyncio4j.debug=true}, or {@code ASYNCIO4J_DEBUG=1}, Python's
 * {@code PYTHONASYNCIODEBUG}). asyncio4j then
 *
 * <ul>
 *   <li>logs slow callbacks: a loop callback that blocks (here {@code Thread.sleep}, Python's {@code
 *       time.sleep} mistake) longer than the threshold (100 ms by default, 50 ms here);
 *   <li>logs exceptions never retrieved: Java's form of the "coroutine was never awaited" mistake is a
 *       task that failed and that nobody awaited;
 *   <li>tracks where each task was created, shown in those logs and in {@link Asyncio#dumpTasks()}.
 * </ul>
 *
 * <p>Diagnostics go to the {@code System.Logger} named {@code io.asyncio4j}; this sample copies them to
 * its output.
 */
public final class DebugModeSample {
    private DebugModeSample() {}

    /** Copies what asyncio4j logs to {@code out} (and keeps the messages) while open. */
    static final class ShowLogs extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("io.asyncio4j");
        private final PrintStream out;
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final boolean parents;

        ShowLogs(PrintStream out) {
            this.out = out;
            this.parents = logger.getUseParentHandlers();
            logger.setUseParentHandlers(false);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            messages.add(message);
            String first = message.lines().findFirst().orElse("");
            out.println("  [log " + record.getLevel() + "] " + first
                    + (record.getThrown() != null ? " -- " + record.getThrown() : ""));
            message.lines().skip(1).limit(3).forEach(l -> out.println("  [log]   " + l.strip()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(parents);
        }
    }

    /** Returns the diagnostic messages logged (first line of each). */
    public static List<String> run(PrintStream out) throws Exception {
        try (ShowLogs logs = new ShowLogs(out)) {
            String dump = Asyncio.run(
                    () -> {
                        EventLoop loop = getRunningLoop();
                        out.println("debug mode: " + loop.getDebug());
                        loop.setSlowCallbackDuration(Duration.ofMillis(50));

                        // 1. A slow callback: blocking inside the loop
                        CompletableFuture<Void> after = loop.createFuture();
                        loop.callSoon(() -> {
                            try {
                                Thread.sleep(120); // the mistake: blocks a loop thread
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                        loop.callSoon(() -> after.complete(null));
                        await(after);

                        // 2. A task whose exception nobody retrieves (logged when the run ends)
                        createTask("forgotten", () -> {
                            throw new IllegalStateException("nobody awaited me");
                        });

                        // 3. Creation sites, in the task dump
                        Task<Void> sleeper = createTask("sleeper", () -> await(sleep(Duration.ofSeconds(5))));
                        await(sleep(Duration.ofMillis(20)));
                        String d = dumpTasks();
                        sleeper.cancel();
                        return d;
                    },
                    true);
            out.println("dumpTasks() in debug mode:");
            dump.lines().filter(l -> !l.isBlank()).limit(4).forEach(l -> out.println("  " + l.strip()));
            return logs.messages.stream()
                    .map(m -> m.lines().findFirst().orElse(""))
                    .toList();
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
