package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.FileChunkIterator;
import io.asyncio4j.internal.FileLineIterator;
import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.Sneaky;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Whole-file reads and writes that return at once with a {@link Task}, the asyncio4j counterpart of
 * Python's {@code aiofiles} ({@code async with aiofiles.open(p) as f: await f.read()}).
 *
 * <p>Each operation runs over an {@link AsynchronousFileChannel}: the caller's task holds no thread
 * while the operating system reads or writes (on Linux the JDK performs file I/O on its own small pool,
 * never on a task thread), and in direct style {@code await(AsyncFiles.readString(path))} parks the task
 * as any other {@code await} does.
 *
 * <pre>{@code
 * import static io.asyncio4j.Asyncio.*;
 *
 * Asyncio.run(() -> {
 *   await(AsyncFiles.writeString(path, "first line\n"));
 *   await(AsyncFiles.appendString(path, "second line\n"));
 *   String text = await(AsyncFiles.readString(path));     // "first line\nsecond line\n"
 *   return text.lines().count();                          // 2
 * });
 * }</pre>
 *
 * <p><b>Completion.</b> A read completes with the file's whole content; a write or append completes
 * with the number of bytes written. I/O errors ({@link java.nio.file.NoSuchFileException}, {@link
 * java.nio.file.AccessDeniedException}, any {@link IOException}) complete the task exceptionally and are
 * thrown unwrapped by {@code await}; only null arguments are thrown at call time ({@link
 * NullPointerException} naming the parameter).
 *
 * <p><b>Cancellation.</b> Cancelling the returned task (or a task awaiting it) closes the channel at
 * once, abandoning the I/O in flight, and the task ends with {@link CancelledError}. A cancelled write
 * or append may have written part of its data. A request that arrives after the I/O finished changes
 * nothing.
 *
 * <p><b>Differences from aiofiles.</b> There is no file object to open and close: each call opens the
 * file, does the whole transfer and closes it. {@link #appendBytes(Path, byte[])} writes at the end of
 * the file as it was when the channel was opened ({@code AsynchronousFileChannel} has no {@code APPEND}
 * mode), so concurrent appends to one file must be serialized by the caller (a {@code Lock}).
 *
 * <p>This class is thread-safe: every method may be called from any thread, in or outside a running
 * loop.
 */
public final class AsyncFiles {
    /** The size of the buffer used to read a file whose size is unknown or growing. */
    private static final int CHUNK = 64 * 1024;

    private AsyncFiles() {}

    // ---- streaming

    /**
     * The file as a stream of chunks of up to {@code chunkSize} bytes, as {@code while chunk := await
     * f.read(size)} over an aiofiles file. Each consumption opens the file at its first element, reads
     * one chunk per element the consumer asks for (never ahead of it), and closes the file however the
     * consumption ends: at the end of the file, on early exit ({@code take}, {@code first}, a
     * {@code break} out of a direct-style loop), on failure and on cancellation. Only the last chunk may
     * be shorter than {@code chunkSize}.
     *
     * <pre>{@code
     * long bytes = await(AsyncFiles.chunks(path, 8192).toList()).stream().mapToLong(c -> c.length).sum();
     * }</pre>
     *
     * <p>A missing or unreadable file fails the stream with the {@link IOException} of the open, thrown
     * unwrapped to the consumer; cancelling the consumer abandons the read in flight and closes the file.
     *
     * @param path the file to read
     * @param chunkSize the largest chunk, in bytes
     * @return the file's chunks, in order
     * @throws NullPointerException if {@code path} is null
     * @throws IllegalArgumentException if {@code chunkSize} is not positive
     */
    public static AsyncIterable<byte[]> chunks(Path path, int chunkSize) {
        Checks.notNull(path, "path");
        Checks.atLeast(chunkSize, 1, "chunkSize");
        return AsyncIterable.fromIterator(() -> new FileChunkIterator(path, chunkSize));
    }

    /**
     * The file's lines decoded as UTF-8, as {@code async for line in f} over an aiofiles file; the same
     * as {@link #lines(Path, Charset)} with {@link StandardCharsets#UTF_8}.
     *
     * @param path the file to read
     * @return the file's lines, without their terminators
     * @throws NullPointerException if {@code path} is null
     */
    public static AsyncIterable<String> lines(Path path) {
        return lines(path, StandardCharsets.UTF_8);
    }

    /**
     * The file's lines, read in chunks of 64 KiB and decoded with {@code charset}, as {@code async for
     * line in f} over an aiofiles file. A line ends at {@code \n} or {@code \r\n}, which is not part of
     * it (unlike Python, as {@link java.io.BufferedReader#readLine()}); a last line without terminator
     * is a line; an empty file has none. The file is opened at the first element and closed however the
     * consumption ends, as for {@link #chunks(Path, int)}.
     *
     * <pre>{@code
     * long words = await(AsyncFiles.lines(path)
     *         .map(line -> line.isBlank() ? 0 : line.trim().split("\\s+").length)
     *         .toList()).stream().mapToLong(Integer::longValue).sum();
     * }</pre>
     *
     * <p>Bytes that are not valid in {@code charset} fail the stream with a {@link
     * java.nio.charset.CharacterCodingException} (as {@link java.nio.file.Files#lines(Path, Charset)});
     * I/O errors fail it with their {@link IOException}; both are thrown unwrapped to the consumer.
     *
     * @param path the file to read
     * @param charset the file's encoding
     * @return the file's lines, without their terminators
     * @throws NullPointerException if {@code path} or {@code charset} is null
     */
    public static AsyncIterable<String> lines(Path path, Charset charset) {
        Checks.notNull(path, "path");
        Checks.notNull(charset, "charset");
        return AsyncIterable.fromIterator(() -> new FileLineIterator(new FileChunkIterator(path, CHUNK), charset));
    }

    // ---- reading

    /**
     * Reads the whole file as bytes, as {@code await f.read()} on a file opened with {@code 'rb'}.
     *
     * @param path the file to read
     * @return a task completing with the file's bytes; cancelling it closes the channel and ends it with
     *     {@link CancelledError}
     * @throws NullPointerException if {@code path} is null
     */
    public static Task<byte[]> readBytes(Path path) {
        Checks.notNull(path, "path");
        OpCore<byte[]> core = OpCore.create();
        AsynchronousFileChannel channel = open(core, path, StandardOpenOption.READ);
        if (channel != null) {
            new Reader(core, channel).start();
        }
        return core.task();
    }

    /**
     * Reads the whole file as UTF-8 text, as {@code await f.read()} on a file opened with {@code 'r'}.
     * Malformed input is replaced, as {@link String#String(byte[], Charset)} does.
     *
     * @param path the file to read
     * @return a task completing with the file's text; cancelling it closes the channel and ends it with
     *     {@link CancelledError}
     * @throws NullPointerException if {@code path} is null
     */
    public static Task<String> readString(Path path) {
        return readString(path, StandardCharsets.UTF_8);
    }

    /**
     * Reads the whole file as text in {@code charset}. Malformed input is replaced, as {@link
     * String#String(byte[], Charset)} does.
     *
     * @param path the file to read
     * @param charset the file's encoding
     * @return a task completing with the file's text; cancelling it closes the channel and ends it with
     *     {@link CancelledError}
     * @throws NullPointerException if {@code path} or {@code charset} is null
     */
    public static Task<String> readString(Path path, Charset charset) {
        Checks.notNull(path, "path");
        Checks.notNull(charset, "charset");
        OpCore<String> core = OpCore.create();
        Task<byte[]> bytes = readBytes(path);
        core.onCancel(message -> bytes.cancel(message));
        bytes.whenComplete((value, failure) -> {
            if (failure == null) {
                core.completeValue(new String(value, charset));
            } else {
                core.completeFailure(Sneaky.unwrap(failure));
            }
        });
        return core.task();
    }

    // ---- writing

    /**
     * Writes {@code data} as the file's whole content, creating the file or truncating it, as {@code
     * await f.write(data)} on a file opened with {@code 'wb'}.
     *
     * @param path the file to write
     * @param data the bytes; the array must not be modified until the task is done
     * @return a task completing with the number of bytes written; cancelling it closes the channel (the
     *     file may be partly written) and ends it with {@link CancelledError}
     * @throws NullPointerException if {@code path} or {@code data} is null
     */
    public static Task<Long> writeBytes(Path path, byte[] data) {
        Checks.notNull(path, "path");
        Checks.notNull(data, "data");
        return write(
                path,
                data,
                false,
                StandardOpenOption.WRITE,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Writes {@code text} in UTF-8 as the file's whole content, creating the file or truncating it, as
     * {@code await f.write(text)} on a file opened with {@code 'w'}.
     *
     * @param path the file to write
     * @param text the text
     * @return a task completing with the number of bytes written; cancelling it closes the channel (the
     *     file may be partly written) and ends it with {@link CancelledError}
     * @throws NullPointerException if {@code path} or {@code text} is null
     */
    public static Task<Long> writeString(Path path, CharSequence text) {
        return writeString(path, text, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code text} in {@code charset} as the file's whole content, creating or truncating it.
     *
     * @param path the file to write
     * @param text the text
     * @param charset the encoding
     * @return a task completing with the number of bytes written; cancelling it closes the channel (the
     *     file may be partly written) and ends it with {@link CancelledError}
     * @throws NullPointerException if an argument is null
     */
    public static Task<Long> writeString(Path path, CharSequence text, Charset charset) {
        Checks.notNull(text, "text");
        Checks.notNull(charset, "charset");
        return writeBytes(path, text.toString().getBytes(charset));
    }

    /**
     * Appends {@code data} at the end of the file, creating it if needed, as {@code await f.write(data)}
     * on a file opened with {@code 'ab'}. The end is the file's size when the channel was opened:
     * serialize concurrent appends to one file yourself.
     *
     * @param path the file to append to
     * @param data the bytes; the array must not be modified until the task is done
     * @return a task completing with the number of bytes written; cancelling it closes the channel (part
     *     of the data may have been appended) and ends it with {@link CancelledError}
     * @throws NullPointerException if {@code path} or {@code data} is null
     */
    public static Task<Long> appendBytes(Path path, byte[] data) {
        Checks.notNull(path, "path");
        Checks.notNull(data, "data");
        return write(path, data, true, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    }

    /**
     * Appends {@code text} in UTF-8 at the end of the file, creating it if needed, as {@code await
     * f.write(text)} on a file opened with {@code 'a'}; see {@link #appendBytes(Path, byte[])}.
     *
     * @param path the file to append to
     * @param text the text
     * @return a task completing with the number of bytes written; cancelling it closes the channel and
     *     ends it with {@link CancelledError}
     * @throws NullPointerException if {@code path} or {@code text} is null
     */
    public static Task<Long> appendString(Path path, CharSequence text) {
        return appendString(path, text, StandardCharsets.UTF_8);
    }

    /**
     * Appends {@code text} in {@code charset} at the end of the file, creating it if needed; see {@link
     * #appendBytes(Path, byte[])}.
     *
     * @param path the file to append to
     * @param text the text
     * @param charset the encoding
     * @return a task completing with the number of bytes written; cancelling it closes the channel and
     *     ends it with {@link CancelledError}
     * @throws NullPointerException if an argument is null
     */
    public static Task<Long> appendString(Path path, CharSequence text, Charset charset) {
        Checks.notNull(text, "text");
        Checks.notNull(charset, "charset");
        return appendBytes(path, text.toString().getBytes(charset));
    }

    // ---- implementation

    private static Task<Long> write(Path path, byte[] data, boolean append, OpenOption... options) {
        OpCore<Long> core = OpCore.create();
        AsynchronousFileChannel channel = open(core, path, options);
        if (channel != null) {
            long start;
            try {
                start = append ? channel.size() : 0L;
            } catch (IOException e) {
                closeQuietly(channel);
                core.completeFailure(e);
                return core.task();
            }
            new Writer(core, channel, ByteBuffer.wrap(data), start).start();
        }
        return core.task();
    }

    /** Opens the channel and installs the cancel hook; on failure completes the task and returns null. */
    private static @Nullable AsynchronousFileChannel open(OpCore<?> core, Path path, OpenOption... options) {
        AsynchronousFileChannel channel;
        try {
            channel = AsynchronousFileChannel.open(path, options);
        } catch (IOException | RuntimeException e) {
            core.completeFailure(e);
            return null;
        }
        core.onCancel(message -> {
            closeQuietly(channel);
            core.completeCancelled(message);
        });
        return channel;
    }

    /**
     * Ends a transfer whose I/O failed. The cancel hook closes the channel before it completes the
     * task, so an I/O failing in between (closed channel) must end the task cancelled, not failed.
     */
    private static void failedIo(OpCore<?> core, AsynchronousFileChannel channel, Throwable failure) {
        closeQuietly(channel);
        if (core.cancelling() > 0) {
            core.completeCancelled(core.cancelMessage());
        } else {
            core.completeFailure(failure);
        }
    }

    private static void closeQuietly(AsynchronousFileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do: the task's outcome is already decided
        }
    }

    /** Reads chunk after chunk into a growing array until end of file. */
    private static final class Reader implements CompletionHandler<Integer, Void> {
        private final OpCore<byte[]> core;
        private final AsynchronousFileChannel channel;
        private byte[] content;
        private int length;
        private ByteBuffer buffer;

        Reader(OpCore<byte[]> core, AsynchronousFileChannel channel) {
            this.core = core;
            this.channel = channel;
            int expected = CHUNK;
            try {
                expected = (int) Math.min(Math.max(channel.size() + 1, 1), Integer.MAX_VALUE - 8);
            } catch (IOException ignored) {
                // unknown size: grow from one chunk
            }
            this.content = new byte[expected];
            this.buffer = ByteBuffer.wrap(content);
        }

        void start() {
            readNext();
        }

        private void readNext() {
            if (core.task().isDone()) {
                closeQuietly(channel);
                return;
            }
            if (length == content.length) {
                content = Arrays.copyOf(content, Math.max(CHUNK, content.length * 2));
            }
            buffer = ByteBuffer.wrap(content, length, content.length - length);
            try {
                channel.read(buffer, length, null, this);
            } catch (RuntimeException e) {
                failed(e, null);
            }
        }

        @Override
        public void completed(Integer read, @Nullable Void attachment) {
            if (read < 0) {
                closeQuietly(channel);
                core.completeValue(length == content.length ? content : Arrays.copyOf(content, length));
                return;
            }
            length += read;
            readNext();
        }

        @Override
        public void failed(Throwable failure, @Nullable Void attachment) {
            failedIo(core, channel, failure);
        }
    }

    /** Writes until the buffer is drained. */
    private static final class Writer implements CompletionHandler<Integer, Void> {
        private final OpCore<Long> core;
        private final AsynchronousFileChannel channel;
        private final ByteBuffer buffer;
        private final long start;

        Writer(OpCore<Long> core, AsynchronousFileChannel channel, ByteBuffer buffer, long start) {
            this.core = core;
            this.channel = channel;
            this.buffer = buffer;
            this.start = start;
        }

        void start() {
            writeNext();
        }

        private void writeNext() {
            if (core.task().isDone()) {
                closeQuietly(channel);
                return;
            }
            if (!buffer.hasRemaining()) {
                try {
                    channel.close();
                } catch (IOException e) {
                    core.completeFailure(e);
                    return;
                }
                core.completeValue((long) buffer.position());
                return;
            }
            try {
                channel.write(buffer, start + buffer.position(), null, this);
            } catch (RuntimeException e) {
                failed(e, null);
            }
        }

        @Override
        public void completed(Integer written, @Nullable Void attachment) {
            writeNext();
        }

        @Override
        public void failed(Throwable failure, @Nullable Void attachment) {
            failedIo(core, channel, failure);
        }
    }
}
