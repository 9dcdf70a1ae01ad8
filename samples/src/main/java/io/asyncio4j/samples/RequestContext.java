package io.asyncio4j.samples;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.ContextVar;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import io.asyncio4j.ThreadLocalBridge;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * asyncio's {@code contextvars} in a request handler: a request id set once per request flows through a
 * {@link TaskGroup}, a {@code toThread} database call and a loop callback into every log line, while
 * three requests are handled at the same time.
 *
 * <p>Two ways to carry it: a {@link ContextVar} for the code you write ({@code REQUEST_ID.get()}), and a
 * {@link ThreadLocalBridge} for a thread-local a library reads, here the "MDC" a java.util.logging
 * handler prints in front of every line, as SLF4J layouts print {@code %X{requestId}}.
 */
public final class RequestContext {
    private RequestContext() {}

    static final ContextVar<String> REQUEST_ID = ContextVar.create("request_id", "-");

    /** What a logging library keeps per thread (SLF4J's MDC); the log handler below reads it. */
    static final ThreadLocal<String> MDC = new ThreadLocal<>();

    private static final Logger LOG = Logger.getLogger("io.asyncio4j.samples.requests");

    /** Handles one request: two concurrent lookups in a task group, one of them a blocking call. */
    static String handle(String requestId, int userId) throws Exception {
        REQUEST_ID.set(requestId); // for our code
        MDC.set(requestId); // for the logging library
        LOG.info("handling user " + userId);
        List<String> parts = TaskGroup.run(tg -> {
            Task<String> profile = tg.createTask(() -> {
                await(sleep(Duration.ofMillis(30 + 10L * userId)));
                LOG.info("profile loaded");
                return "profile " + userId;
            });
            Task<String> orders = tg.createTask(() -> await(toThread(() -> {
                Thread.sleep(20); // a blocking JDBC call, on a worker thread
                LOG.info("orders queried on a worker thread");
                return "orders of " + userId;
            })));
            return List.of(await(profile), await(orders));
        });
        getRunningLoop().callSoon(() -> LOG.info("audit callback"));
        await(sleep(Duration.ofMillis(5)));
        LOG.info("done: " + parts);
        return REQUEST_ID.get() + " -> " + parts;
    }

    /** Handles three requests concurrently; returns the log lines, each prefixed with its request id. */
    public static List<String> run(PrintStream out) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                // a layout reading the MDC on the logging thread, as %X{requestId}
                String line = "[" + MDC.get() + "] " + record.getMessage();
                lines.add(line);
                out.println(line);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        LOG.setUseParentHandlers(false);
        LOG.addHandler(handler);
        // once, at start-up: MDC travels with tasks, callbacks and workers from now on
        ThreadLocalBridge bridge = ThreadLocalBridge.register(MDC);
        try {
            List<String> results = Asyncio.run(
                    () -> await(gather(() -> handle("req-1", 1), () -> handle("req-2", 2), () -> handle("req-3", 3))));
            results.forEach(r -> out.println("response " + r));
        } finally {
            bridge.close();
            LOG.removeHandler(handler);
        }
        return lines;
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
