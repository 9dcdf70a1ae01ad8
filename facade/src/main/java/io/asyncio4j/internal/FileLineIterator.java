package io.asyncio4j.internal;

import io.asyncio4j.AsyncIterator;
import io.asyncio4j.StopAsyncIteration;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The lines of a file, decoded from the chunks of a {@link FileChunkIterator}: a line ends at
 * {@code \n} or {@code \r\n}, which is not part of it (as {@link java.io.BufferedReader#readLine()}
 * minus the lone {@code \r}); a last line without a terminator is still a line. A multi-byte character
 * split between chunks is decoded whole; malformed input fails the stream with a {@link
 * CharacterCodingException}, as {@link java.nio.file.Files#lines} does.
 *
 * <p>Not thread-safe on its own: the iterable adapter calls {@code anext()} one at a time, each after
 * the previous one completed, which orders every access.
 */
public final class FileLineIterator implements AsyncIterator<String> {
    private final FileChunkIterator chunks;
    private final CharsetDecoder decoder;
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private ByteBuffer undecoded = ByteBuffer.allocate(0);
    private boolean ended;

    public FileLineIterator(FileChunkIterator chunks, Charset charset) {
        this.chunks = chunks;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public CompletionStage<String> anext() {
        String line = ready.poll();
        if (line != null) {
            return CompletableFuture.completedFuture(line);
        }
        if (ended) {
            return CompletableFuture.failedFuture(new StopAsyncIteration());
        }
        CompletableFuture<String> next = new CompletableFuture<>();
        chunks.anext().whenComplete((bytes, failure) -> {
            try {
                if (failure == null) {
                    decode(bytes, false);
                } else if (Sneaky.unwrap(failure) instanceof StopAsyncIteration) {
                    decode(new byte[0], true);
                } else {
                    next.completeExceptionally(Sneaky.unwrap(failure));
                    return;
                }
            } catch (CharacterCodingException e) {
                next.completeExceptionally(e);
                return;
            }
            anext().whenComplete((l, f) -> { // a line is ready, or read the next chunk
                if (f != null) {
                    next.completeExceptionally(Sneaky.unwrap(f));
                } else {
                    next.complete(l);
                }
            });
        });
        return next;
    }

    private void decode(byte[] bytes, boolean endOfInput) throws CharacterCodingException {
        ByteBuffer in = ByteBuffer.allocate(undecoded.remaining() + bytes.length);
        in.put(undecoded).put(bytes).flip();
        CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 2);
        CoderResult result = decoder.decode(in, out, endOfInput);
        if (result.isError()) {
            result.throwException();
        }
        if (endOfInput) {
            decoder.flush(out);
        }
        undecoded = in.slice(); // the start of a character the next chunk completes
        out.flip();
        partial.append(out);
        int start = 0;
        for (int i = 0; i < partial.length(); i++) {
            if (partial.charAt(i) == '\n') {
                int end = i > start && partial.charAt(i - 1) == '\r' ? i - 1 : i;
                ready.add(partial.substring(start, end));
                start = i + 1;
            }
        }
        partial.delete(0, start);
        if (endOfInput) {
            if (undecoded.hasRemaining()) {
                throw new java.nio.charset.MalformedInputException(undecoded.remaining());
            }
            if (partial.length() > 0) {
                ready.add(partial.toString());
                partial.setLength(0);
            }
            ended = true;
        }
    }

    @Override
    public CompletionStage<Void> aclose() {
        return chunks.aclose();
    }
}
