package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.gather;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class AsyncFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeString_thenReadString_roundTrips() throws Exception {
        Path file = dir.resolve("hello.txt");
        String text = Asyncio.run(() -> {
            long written = await(AsyncFiles.writeString(file, "héllo\nworld\n"));
            assertEquals("héllo\nworld\n".getBytes(StandardCharsets.UTF_8).length, written);
            return await(AsyncFiles.readString(file));
        });
        assertEquals("héllo\nworld\n", text);
        assertEquals("héllo\nworld\n", Files.readString(file));
    }

    @Test
    void writeBytes_existingFile_truncates() throws Exception {
        Path file = dir.resolve("data.bin");
        Files.write(file, new byte[100]);
        byte[] read = Asyncio.run(() -> {
            await(AsyncFiles.writeBytes(file, new byte[] {1, 2, 3}));
            return await(AsyncFiles.readBytes(file));
        });
        assertArrayEquals(new byte[] {1, 2, 3}, read);
    }

    @Test
    void readBytes_largeFile_readsEveryChunk() throws Exception {
        Path file = dir.resolve("large.bin");
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        byte[] read = Asyncio.run(() -> {
            await(AsyncFiles.writeBytes(file, data));
            return await(AsyncFiles.readBytes(file));
        });
        assertArrayEquals(data, read);
    }

    @Test
    void readBytes_emptyFile_returnsEmptyArray() throws Exception {
        Path file = Files.createFile(dir.resolve("empty"));
        assertEquals(0, Asyncio.run(() -> await(AsyncFiles.readBytes(file))).length);
    }

    @Test
    void appendString_twice_keepsBothInOrder() throws Exception {
        Path file = dir.resolve("log.txt");
        String text = Asyncio.run(() -> {
            await(AsyncFiles.appendString(file, "one\n"));
            await(AsyncFiles.appendString(file, "two\n"));
            await(AsyncFiles.appendBytes(file, "three\n".getBytes(StandardCharsets.UTF_8)));
            return await(AsyncFiles.readString(file));
        });
        assertEquals("one\ntwo\nthree\n", text);
    }

    @Test
    void readString_missingFile_failsWithNoSuchFileException() throws Exception {
        Path file = dir.resolve("missing.txt");
        assertThrows(NoSuchFileException.class, () -> Asyncio.run(() -> await(AsyncFiles.readString(file))));
    }

    @Test
    void writeString_missingDirectory_failsTheTaskNotTheCall() throws Exception {
        Path file = dir.resolve("no/such/dir/x.txt");
        Task<Long> task = AsyncFiles.writeString(file, "x");
        assertThrows(NoSuchFileException.class, () -> await(task));
    }

    @Test
    void readString_outsideRun_works() throws Exception {
        Path file = dir.resolve("plain.txt");
        Files.writeString(file, "plain");
        assertEquals("plain", AsyncFiles.readString(file).get());
    }

    @Test
    void concurrentReads_manyFiles_allComplete() throws Exception {
        List<String> texts = Asyncio.run(() -> {
            for (int i = 0; i < 20; i++) {
                Files.writeString(dir.resolve("f" + i), "file " + i);
            }
            List<Task<String>> reads = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                reads.add(AsyncFiles.readString(dir.resolve("f" + i)));
            }
            return await(gather(reads));
        });
        assertEquals(20, texts.size());
        assertEquals("file 19", texts.get(19));
    }

    @Test
    void cancel_pendingRead_endsWithCancelledError() throws Exception {
        Path file = dir.resolve("big.bin");
        Files.write(file, new byte[32 * 1024 * 1024]);
        Task<byte[]> read = AsyncFiles.readBytes(file);
        boolean requested = read.cancel("stop reading");
        assumeTrue(requested, "the read finished before the cancel request");
        CancelledError e = assertThrows(CancelledError.class, () -> await(read));
        assertEquals("stop reading", e.getMessage());
        assertTrue(read.cancelled());
    }

    @Test
    void cancel_awaitingTask_relaysToTheRead() throws Exception {
        Path file = dir.resolve("big2.bin");
        Files.write(file, new byte[32 * 1024 * 1024]);
        String outcome = Asyncio.run(() -> {
            Task<Integer> reader = createTask(() -> await(AsyncFiles.readBytes(file)).length);
            reader.cancel("stop");
            try {
                await(reader);
                return "read";
            } catch (CancelledError e) {
                return "cancelled";
            }
        });
        // The request reaches the task before or during the read; either way the task ends cancelled.
        assertEquals("cancelled", outcome);
    }

    @Test
    void nullArguments_throwAtOnce() {
        assertThrows(NullPointerException.class, () -> AsyncFiles.readString(null));
        assertThrows(NullPointerException.class, () -> AsyncFiles.writeBytes(dir.resolve("x"), null));
        assertThrows(NullPointerException.class, () -> AsyncFiles.appendString(dir.resolve("x"), null));
        assertThrows(NullPointerException.class, () -> AsyncFiles.readString(dir.resolve("x"), null));
    }

    // ---- streaming

    /** How many of this process's file descriptors point at {@code file} (Linux). */
    private static long openDescriptors(Path file) throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        Path target = file.toRealPath();
        long n = 0;
        try (var list = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(target)) {
                        n++;
                    }
                } catch (java.io.IOException gone) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    @Test
    void chunks_wholeFile_inOrderAndOnlyTheLastShorter() throws Exception {
        Path file = dir.resolve("chunks.bin");
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        Files.write(file, data);
        List<byte[]> chunks =
                Asyncio.run(() -> await(AsyncFiles.chunks(file, 4096).toList()));
        assertEquals(
                List.of(4096, 4096, 1808), chunks.stream().map(c -> c.length).collect(Collectors.toList()));
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        chunks.forEach(joined::writeBytes);
        assertArrayEquals(data, joined.toByteArray());
        assertEquals(0, openDescriptors(file));
    }

    @Test
    void lines_terminatorsAndLastLineWithoutOne() throws Exception {
        Path file = dir.resolve("lines.txt");
        Files.writeString(file, "a\r\nb\n\nc");
        assertEquals(
                List.of("a", "b", "", "c"),
                Asyncio.run(() -> await(AsyncFiles.lines(file).toList())));
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        assertEquals(List.of(), Asyncio.run(() -> await(AsyncFiles.lines(empty).toList())));
    }

    @Test
    void lines_multiByteCharacterAcrossChunkBoundary_decodedWhole() throws Exception {
        Path file = dir.resolve("boundary.txt");
        String first = "x".repeat(64 * 1024 - 1) + "\u20ac"; // the euro sign's 3 bytes straddle the first chunk's end
        Files.writeString(file, first + "\nend\n", StandardCharsets.UTF_8);
        assertEquals(
                List.of(first, "end"),
                Asyncio.run(() -> await(AsyncFiles.lines(file).toList())));
    }

    @Test
    void lines_malformedInput_failsWithCharacterCodingException() throws Exception {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, new byte[] {'o', 'k', '\n', (byte) 0xff, '\n'});
        assertThrows(
                java.nio.charset.CharacterCodingException.class,
                () -> Asyncio.run(() -> await(AsyncFiles.lines(file).toList())));
        assertEquals(
                List.of("ok", "\u00ff"),
                Asyncio.run(() -> await(
                        AsyncFiles.lines(file, StandardCharsets.ISO_8859_1).toList())));
    }

    @Test
    void lines_missingFile_failsWithNoSuchFileException() {
        Path file = dir.resolve("absent.txt");
        assertThrows(
                NoSuchFileException.class,
                () -> Asyncio.run(() -> await(AsyncFiles.lines(file).first())));
    }

    @Test
    void chunks_earlyExitInDirectStyle_closesTheFile() throws Exception {
        Path file = dir.resolve("early.bin");
        Files.write(file, new byte[100_000]);
        int seen = Asyncio.run(() -> {
            int n = 0;
            try (var chunks = AsyncFiles.chunks(file, 1000).iterate()) {
                for (byte[] chunk : chunks) {
                    assertEquals(1000, chunk.length);
                    if (++n == 3) {
                        break;
                    }
                }
            }
            return n;
        });
        assertEquals(3, seen);
        assertEquals(0, openDescriptors(file));
    }

    @Test
    void lines_consumerCancelledMidStream_closesTheFile() throws Exception {
        Path file = dir.resolve("cancel.txt");
        Files.writeString(file, "line\n".repeat(10_000));
        Asyncio.run(() -> {
            Event reached = new Event();
            Task<Void> consumer = AsyncFiles.lines(file).forEachAsync(line -> {
                reached.set();
                return Asyncio.sleep(java.time.Duration.ofSeconds(30)); // parked mid-stream
            });
            await(reached.waitFor());
            consumer.cancel("enough");
            assertThrows(CancelledError.class, () -> await(consumer));
            return null;
        });
        assertEquals(0, openDescriptors(file));
    }

    @Test
    void streaming_badInput_failsAtOnceNamingTheParameter() {
        Path file = dir.resolve("any");
        assertEquals(
                "chunkSize must be >= 1 but was 0",
                assertThrows(IllegalArgumentException.class, () -> AsyncFiles.chunks(file, 0))
                        .getMessage());
        assertTrue(assertThrows(NullPointerException.class, () -> AsyncFiles.lines(file, null))
                .getMessage()
                .startsWith("charset"));
    }
}
