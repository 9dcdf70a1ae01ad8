package io.asyncio4j.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Captures what asyncio4j logs (through System.Logger, backed by java.util.logging in tests). */
public final class LogCapture implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.asyncio4j");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    public LogCapture() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Records whose message contains {@code text}. */
    public List<LogRecord> containing(String text) {
        return records.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains(text))
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
