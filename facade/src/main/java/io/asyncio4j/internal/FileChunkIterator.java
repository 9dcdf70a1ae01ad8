package io.asyncio4j.internal;

import io.asyncio4j.AsyncIterator;
import io.asyncio4j.StopAsyncIteration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A file read one chunk per {@code anext()} over an {@link AsynchronousFileChannel}, opened at the
 * first {@code anext()} and closed by {@code aclose()}. Nothing is read ahead of the consumer: the
 * iterable adapter calls {@code anext()} again only after the previous element was taken.
 */
public final class FileChunkIterator implements AsyncIterator<byte[]> {
    private final Path path;
    private final int chunkSize;
    private @Nullable AsynchronousFileChannel channel; // guarded by this
    private boolean closed; // guarded by this
    private volatile long position; // advanced by the read that completed before the next anext()

    public FileChunkIterator(Path path, int chunkSize) {
        this.path = path;
        this.chunkSize = chunkSize;
    }

    @Override
    public CompletionStage<byte[]> anext() {
        CompletableFuture<byte[]> next = new CompletableFuture<>();
        AsynchronousFileChannel ch;
        synchronized (this) {
            if (closed) {
                next.completeExceptionally(new StopAsyncIteration("the file iterator was closed"));
                return next;
            }
            ch = channel;
            if (ch == null) {
                try {
                    ch = AsynchronousFileChannel.open(path, StandardOpenOption.READ);
                } catch (IOException | RuntimeException e) {
                    next.completeExceptionally(e);
                    return next;
                }
                channel = ch;
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(chunkSize);
        try {
            ch.read(buffer, position, null, new CompletionHandler<Integer, @Nullable Void>() {
                @Override
                public void completed(Integer read, @Nullable Void attachment) {
                    if (read < 0) {
                        next.completeExceptionally(new StopAsyncIteration());
                        return;
                    }
                    position += read;
                    next.complete(read == chunkSize ? buffer.array() : Arrays.copyOf(buffer.array(), read));
                }

                @Override
                public void failed(Throwable failure, @Nullable Void attachment) {
                    next.completeExceptionally(failure); // a no-op when the consumer gave up first
                }
            });
        } catch (RuntimeException e) { // closed by aclose() racing a cancelled consumer
            next.completeExceptionally(e);
        }
        return next;
    }

    @Override
    public CompletionStage<Void> aclose() {
        AsynchronousFileChannel ch;
        synchronized (this) {
            closed = true;
            ch = channel;
            channel = null;
        }
        if (ch != null) {
            try {
                ch.close(); // a read still in flight fails with AsynchronousCloseException, unseen
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.completedFuture(null);
    }
}
