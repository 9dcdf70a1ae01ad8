package io.asyncio4j.docs;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.shield;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.toThread;
import static io.asyncio4j.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.AsyncIterator;
import io.asyncio4j.Asyncio;
import io.asyncio4j.CancelledError;
import io.asyncio4j.Queue;
import io.asyncio4j.QueueShutDown;
import io.asyncio4j.ReturnWhen;
import io.asyncio4j.Semaphore;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import io.asyncio4j.ThrowingRunnable;
import io.asyncio4j.WaitResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The code examples of the package page ({@code package-info.java}) and of the Javadoc of {@code
 * Asyncio.run}, {@code waitFor}, {@code wait}, {@code gather}, {@code toThread}, {@code shield} and {@code
 * Task.cancel}, compiled and run here so they cannot rot.
 *
 * <p>Each example is the code between a {@code // example: NAME} and an {@code // end} comment; the test
 * around it runs it with local stand-ins for I/O ({@code fetch(url)} sleeps a few milliseconds, no
 * network) and checks its result. {@link #javadocShowsEachExample_asCompiledHere()} then checks that the
 * Javadoc {@code <pre>{@code ...}</pre>} block that shows each example holds the same code (whitespace
 * aside), and that the package page has no example that is not compiled here. To change an example, edit
 * it here and copy it into the Javadoc (the failure message prints it in Javadoc form).
 */
@Timeout(30)
class JavadocExamplesTest {

    // ---- stand-ins for the examples' I/O

    private static final Duration FETCH_TIME = Duration.ofMillis(20);

    static final List<String> urls = List.of(
            "https://example.com/1",
            "https://example.com/2",
            "https://example.com/3",
            "https://example.com/4",
            "https://example.com/5",
            "https://example.com/6",
            "https://example.com/7",
            "https://example.com/8",
            "https://example.com/9",
            "https://example.com/10",
            "https://example.com/11",
            "https://example.com/12");
    static final String url = "https://example.com/1";
    static final String base = "https://example.com/list";
    static final String primaryUrl = "https://primary.example.com/page";
    static final String mirrorUrl = "https://slow.mirror.example.com/page";
    static final List<String> lines = List.of("alpha", "beta", "gamma", "delta", "epsilon");
    static final Object dataSource = new Object();
    static final Db db = new Db();

    static final AtomicInteger inFlight = new AtomicInteger();
    static final AtomicInteger maxInFlight = new AtomicInteger();
    static final Set<String> cancelledFetches = Collections.synchronizedSet(new HashSet<>());
    static final List<String> handled = Collections.synchronizedList(new ArrayList<>());
    static final List<String> saved = Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger polls = new AtomicInteger();
    static final AtomicReference<Thread> queryThread = new AtomicReference<>();
    static final Set<String> closedServers = Collections.synchronizedSet(new HashSet<>());
    static volatile CountDownLatch serversStarted = new CountDownLatch(2);
    static volatile CompletableFuture<Void> commitStarted = new CompletableFuture<>();
    static volatile CompletableFuture<Void> committed = new CompletableFuture<>();

    @BeforeEach
    void reset() {
        inFlight.set(0);
        maxInFlight.set(0);
        cancelledFetches.clear();
        handled.clear();
        saved.clear();
        polls.set(0);
        queryThread.set(null);
        closedServers.clear();
        serversStarted = new CountDownLatch(2);
        commitStarted = new CompletableFuture<>();
        committed = new CompletableFuture<>();
    }

    /** An HTTP GET: "page " + url after a few milliseconds; a URL with "slow" in it takes 30 s. */
    static CompletionStage<String> fetch(String url) {
        return createTask(() -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                await(sleep(url.contains("slow") ? Duration.ofSeconds(30) : FETCH_TIME));
                return "page " + url;
            } catch (CancelledError e) {
                cancelledFetches.add(url);
                throw e;
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    static void handle(String item) {
        handled.add(item);
    }

    static void save(String page) {
        saved.add(page);
    }

    static CompletionStage<Void> poll() {
        polls.incrementAndGet();
        return sleep(Duration.ofMillis(1));
    }

    /** A blocking JDBC query. */
    static List<String> jdbcQuery(Object dataSource, String sql) throws InterruptedException {
        queryThread.set(Thread.currentThread());
        Thread.sleep(5); // blocking on purpose: what toThread is for
        return List.of("ada", "grace");
    }

    static final class Db {
        /** A commit taking 50 ms; it completes {@code committed} unless it is cancelled. */
        CompletionStage<Void> commit() {
            return createTask(() -> {
                commitStarted.complete(null);
                await(sleep(Duration.ofMillis(50)));
                committed.complete(null);
            });
        }
    }

    /** A server running until it is cancelled. */
    static void serve(String name) throws Exception {
        serversStarted.countDown();
        try {
            await(sleep(Duration.ofDays(1)));
        } finally {
            closedServers.add(name);
        }
    }

    /** An admin endpoint: it calls {@code stop} from another thread once both servers are up. */
    static void onStopCommand(Runnable stop) {
        Thread admin = new Thread(() -> {
            try {
                if (serversStarted.await(10, TimeUnit.SECONDS)) {
                    stop.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        admin.setDaemon(true);
        admin.start();
    }

    static String stdoutOf(ThrowingRunnable code) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            code.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static List<String> pagesOf(List<String> urls) {
        return urls.stream().map(u -> "page " + u).collect(Collectors.toList());
    }

    // ---- the package page

    @Test
    void directStyle_gathersBothValues_inArgumentOrder() throws Exception {
        long start = System.nanoTime();
        // example: direct-style
        List<String> both = Asyncio.run(() -> {
            Task<String> a = createTask(() -> {
                await(sleep(Duration.ofMillis(100)));
                return "A";
            });
            Task<String> b = createTask(() -> {
                await(sleep(Duration.ofMillis(200)));
                return "B";
            });
            return await(gather(a, b)); // about 200 ms, not 300
        });
        // end
        assertEquals(List.of("A", "B"), both);
        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void voidBodies_saveEveryPage_beforeThePrint() throws Exception {
        String out = stdoutOf(() -> {
            // example: void-bodies
            Asyncio.run(() -> {
                TaskGroup.execute(tg -> {
                    for (String url : urls) {
                        tg.createTask(() -> {
                            save(await(fetch(url)));
                        });
                    }
                });
                System.out.println("all saved: " + saved.size());
            });
            // end
        });
        assertThat(saved).containsExactlyInAnyOrderElementsOf(pagesOf(urls));
        assertEquals("all saved: " + urls.size(), out.strip());
    }

    @Test
    void stoppingARun_cancelsMainAndEveryTask_runThrowsCancelledError() throws Exception {
        String out = stdoutOf(() -> {
            // example: stopping-a-run
            AtomicReference<Task<?>> mainTask = new AtomicReference<>();
            onStopCommand(() -> mainTask.get().cancel("stop requested")); // from any thread
            try {
                Asyncio.run(() -> {
                    mainTask.set(Asyncio.currentTask());
                    TaskGroup.execute(tg -> {
                        tg.createTask(() -> serve("http"));
                        tg.createTask(() -> serve("metrics"));
                    });
                });
            } catch (CancelledError stopped) {
                System.out.println("stopped: " + stopped.getMessage()); // every finally block has run
            }
            // end
        });
        assertEquals("stopped: stop requested", out.strip());
        assertThat(closedServers).containsExactlyInAnyOrder("http", "metrics");
    }

    @Test
    void limitingConcurrency_neverMoreFetchesThanPermits() throws Exception {
        Asyncio.run(() -> {
            // example: limiting-concurrency
            Semaphore limit = new Semaphore(8); // asyncio.Semaphore(8)
            String page = limit.asyncWith(() -> await(fetch(url))); // async with limit: page = await fetch(url)

            List<String> pages = await(AsyncIterable.from(urls)
                    .mapAsync(8, each -> fetch(each)) // at most 8 fetches at once, in order
                    .toList());
            // end
            assertEquals("page " + url, page);
            assertEquals(pagesOf(urls), pages);
            assertThat(maxInFlight.get()).isBetween(1, 8);
            assertEquals(8, limit.availablePermits());
        });
    }

    @Test
    void producerConsumer_everyLineHandled_consumerEnds() throws Exception {
        Asyncio.run(() -> {
            // example: producer-consumer
            Queue<String> queue = new Queue<>(2); // asyncio.Queue(maxsize=2)
            Task<Void> consumer = createTask(() -> {
                try {
                    while (true) {
                        String line = await(queue.get());
                        try {
                            handle(line);
                        } finally {
                            queue.taskDone();
                        }
                    }
                } catch (QueueShutDown drained) {
                    // shut down and empty: nothing more will come
                }
            });
            for (String line : lines) await(queue.put(line)); // waits while the queue is full
            await(queue.join()); // every line handled
            queue.shutdown();
            await(consumer);
            // end
            assertEquals(lines, handled);
            assertTrue(consumer.isDone() && !consumer.isCompletedExceptionally());
        });
    }

    @Test
    void asyncGenerators_forEachToListAndAiter_eachRunTheBodyAnew() throws Exception {
        Asyncio.run(() -> {
            // example: async-generators
            AsyncIterable<String> pages = Asyncio.generator(y -> {
                for (int n = 1; n <= 3; n++) {
                    y.yield(await(fetch(base + "?page=" + n))); // yield await fetch(...)
                }
            });
            await(pages.forEach(page -> handle(page))); // async for page in pages(): handle(page)
            List<String> all = await(pages.toList()); // [p async for p in pages()]
            AsyncIterator<String> it = pages.aiter(); // it = aiter(pages())
            String first = await(it.anext()); // await anext(it)
            await(it.aclose()); // stopping before the end
            // end
            List<String> expected = pagesOf(List.of(base + "?page=1", base + "?page=2", base + "?page=3"));
            assertEquals(expected, handled);
            assertEquals(expected, all);
            assertEquals(expected.get(0), first);
        });
    }

    @Test
    void workerPool_everyJobDone_apiLimitHeld() throws Exception {
        Asyncio.run(() -> {
            // example: worker-pool
            Queue<String> jobs = new Queue<>();
            Semaphore api = new Semaphore(3); // at most 3 workers call the API at once
            List<String> results = Collections.synchronizedList(new ArrayList<>());
            TaskGroup.execute(tg -> {
                for (int i = 0; i < 10; i++) {
                    tg.createTask("worker-" + i, () -> {
                        try {
                            while (true) {
                                String url = await(jobs.get());
                                try {
                                    results.add(api.asyncWith(() -> await(fetch(url))));
                                } finally {
                                    jobs.taskDone();
                                }
                            }
                        } catch (QueueShutDown drained) {
                            // no more jobs: this worker ends
                        }
                    });
                }
                for (String url : urls) await(jobs.put(url));
                await(jobs.join()); // every job done
                jobs.shutdown(); // the idle workers wake and end
            });
            // end
            assertThat(results).containsExactlyInAnyOrderElementsOf(pagesOf(urls));
            assertThat(maxInFlight.get()).isBetween(1, 3);
        });
    }

    // ---- Asyncio and Task

    static final class RunExample {
        // example: run
        public static void main(String[] args) throws Exception {
            String page = Asyncio.run(() -> {
                Task<String> download = createTask("download", () -> await(fetch(url)));
                return await(waitFor(download, Duration.ofSeconds(5)));
            });
            System.out.println(page);
        }
        // end
    }

    @Test
    void run_printsTheFetchedPage() throws Exception {
        String out = stdoutOf(() -> RunExample.main(new String[0]));
        assertEquals("page " + url, out.strip());
    }

    static String waitForExample(String url) throws Exception {
        // example: waitFor
        String page;
        try {
            page = await(waitFor(fetch(url), Duration.ofSeconds(1)));
        } catch (TimeoutException e) { // TimeoutError; the fetch was cancelled
            page = "too slow";
        }
        // end
        return page;
    }

    @Test
    void waitFor_fastFetch_returnsThePage() throws Exception {
        assertEquals("page " + url, Asyncio.run(() -> waitForExample(url)));
    }

    @Test
    void waitFor_slowFetch_timesOutAndCancelsIt() throws Exception {
        assertEquals("too slow", Asyncio.run(() -> waitForExample(mirrorUrl)));
        assertThat(cancelledFetches).containsExactly(mirrorUrl);
    }

    @Test
    void wait_firstCompleted_takesThePrimary_cancelsTheSlowMirror() throws Exception {
        Asyncio.run(() -> {
            // example: wait
            Task<String> primary = createTask(() -> await(fetch(primaryUrl)));
            Task<String> mirror = createTask(() -> await(fetch(mirrorUrl)));
            WaitResult<Task<String>> r =
                    await(Asyncio.wait(List.of(primary, mirror), ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(2)));
            for (Task<String> slow : r.pending()) slow.cancel(); // wait() leaves them running
            String page = await(r.done().iterator().next());
            // end
            assertEquals("page " + primaryUrl, page);
            assertEquals(Set.of(mirror), r.pending());
            assertThrows(CancelledError.class, () -> await(waitFor(mirror, Duration.ofSeconds(5))));
            assertTrue(mirror.cancelled());
        });
    }

    @Test
    void gather_pagesInTheOrderOfUrls() throws Exception {
        Asyncio.run(() -> {
            // example: gather
            List<Task<String>> fetches = new ArrayList<>();
            for (String url : urls) fetches.add(createTask(() -> await(fetch(url))));
            List<String> pages = await(gather(fetches)); // in the order of urls
            // end
            assertEquals(pagesOf(urls), pages);
            assertThat(maxInFlight.get()).isGreaterThan(1); // they ran concurrently
        });
    }

    @Test
    void mapAsync_fetchesAtMostFourAtATime_inTheSourcesOrder() throws Exception {
        Asyncio.run(() -> {
            AsyncIterable<String> urls = AsyncIterable.from(JavadocExamplesTest.urls);
            // example: mapAsync
            List<String> pages = await(urls.mapAsync(4, url -> fetch(url)).toList());
            // end
            assertEquals(pagesOf(JavadocExamplesTest.urls), pages);
            assertThat(maxInFlight.get()).isBetween(2, 4);
        });
    }

    @Test
    void toThread_runsTheQueryOffTheTaskThread() throws Exception {
        Asyncio.run(() -> {
            // example: toThread
            List<String> rows = await(toThread(() -> jdbcQuery(dataSource, "select name from users")));
            // end
            assertEquals(List.of("ada", "grace"), rows);
            assertNotSame(Thread.currentThread(), queryThread.get());
        });
    }

    @Test
    void shield_cancellingTheWaiter_commitStillCompletes() throws Exception {
        Asyncio.run(() -> {
            Task<Void> request = createTask(() -> {
                // example: shield
                Task<Void> save = createTask(() -> {
                    await(db.commit());
                });
                await(shield(save)); // if this task is cancelled here, the commit still completes
                // end
            });
            await(commitStarted);
            request.cancel();
            assertThrows(CancelledError.class, () -> await(request));
            assertTrue(request.cancelled());
            await(waitFor(committed, Duration.ofSeconds(5)));
        });
    }

    @Test
    void taskCancel_stopsThePoller_withTheMessage() throws Exception {
        String out = stdoutOf(() -> Asyncio.run(() -> {
            // example: Task.cancel
            Task<Void> poller = createTask(() -> {
                while (true) {
                    await(poll());
                    await(sleep(Duration.ofMillis(100)));
                }
            });
            await(sleep(Duration.ofSeconds(1)));
            poller.cancel("enough");
            try {
                await(poller);
            } catch (CancelledError e) {
                System.out.println("stopped: " + e.getMessage()); // stopped: enough
            }
            // end
            assertTrue(poller.cancelled());
        }));
        assertEquals("stopped: enough", out.strip());
        assertThat(polls.get()).isGreaterThan(1);
    }

    // ---- the Javadoc shows the code compiled above

    private static final Path TEST_SOURCE = Path.of("src/test/java/io/asyncio4j/docs/JavadocExamplesTest.java");
    private static final Path MAIN = Path.of("src/main/java/io/asyncio4j");
    private static final Path PACKAGE_PAGE = MAIN.resolve("package-info.java");
    private static final Path ASYNCIO = MAIN.resolve("Asyncio.java");
    private static final Path TASK = MAIN.resolve("Task.java");
    private static final Path ASYNC_ITERABLE = MAIN.resolve("AsyncIterable.java");

    /** Where each example is shown: after a lead-in on the package page, or in a method's doc comment. */
    private record Shown(Path file, String anchor, boolean declaration) {
        static Shown after(String leadIn) {
            return new Shown(PACKAGE_PAGE, leadIn, false);
        }

        static Shown docOf(Path file, String declaration) {
            return new Shown(file, declaration, true);
        }
    }

    private static final Map<String, Shown> SHOWN = new LinkedHashMap<>();

    static {
        SHOWN.put("direct-style", Shown.after("<p><b>Direct style.</b>"));
        SHOWN.put("void-bodies", Shown.after("<p><b>Bodies without a value.</b>"));
        SHOWN.put("stopping-a-run", Shown.after("<p><b>Stopping a whole run"));
        SHOWN.put("limiting-concurrency", Shown.after("<p><b>Limiting concurrency.</b>"));
        SHOWN.put("producer-consumer", Shown.after("<p><b>Producer and consumer.</b>"));
        SHOWN.put("async-generators", Shown.after("<p><b>Async generators.</b>"));
        SHOWN.put("worker-pool", Shown.after("<p><b>A worker pool.</b>"));
        SHOWN.put("run", Shown.docOf(ASYNCIO, "public static <T> T run(Callable<T> main)"));
        SHOWN.put("waitFor", Shown.docOf(ASYNCIO, "public static <T> Task<T> waitFor(CompletionStage<T> awaitable,"));
        SHOWN.put(
                "wait",
                Shown.docOf(
                        ASYNCIO,
                        "public static <F extends CompletionStage<?>> Task<WaitResult<F>> wait("
                                + " Collection<F> awaitables, ReturnWhen returnWhen, Duration timeout)"));
        SHOWN.put(
                "gather",
                Shown.docOf(
                        ASYNCIO,
                        "public static <T> Task<List<T>> gather(Collection<? extends CompletionStage<? extends T>>"));
        SHOWN.put("toThread", Shown.docOf(ASYNCIO, "public static <T> Task<T> toThread(Callable<T> work)"));
        SHOWN.put("shield", Shown.docOf(ASYNCIO, "public static <T> Task<T> shield(CompletionStage<T> awaitable)"));
        SHOWN.put("Task.cancel", Shown.docOf(TASK, "public boolean cancel(@Nullable String message)"));
        SHOWN.put("mapAsync", Shown.docOf(ASYNC_ITERABLE, "public <R> AsyncIterable<R> mapAsync("));
    }

    @Test
    void javadocShowsEachExample_asCompiledHere() throws IOException {
        Map<String, String> examples = examples(Files.readString(TEST_SOURCE));
        assertEquals(SHOWN.keySet(), examples.keySet(), "every example here is shown in the Javadoc, and only those");
        Map<Path, Set<Integer>> claimed = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Shown> entry : SHOWN.entrySet()) {
            Shown shown = entry.getValue();
            String source = Files.readString(shown.file());
            int block = shown.declaration() ? blockInDocOf(source, shown.anchor()) : blockAfter(source, shown.anchor());
            assertTrue(
                    claimed.computeIfAbsent(shown.file(), f -> new HashSet<>()).add(block),
                    entry.getKey() + ": its block is claimed by another example");
            String example = examples.get(entry.getKey());
            if (!normalize(example).equals(normalize(codeOfBlock(source, block)))) {
                mismatches.add(entry.getKey() + " (" + shown.file() + ", near \"" + shown.anchor()
                        + "\") differs from the compiled example; as compiled, it reads:\n"
                        + asJavadoc(example));
            }
        }
        assertEquals(List.of(), mismatches);
        // the package page shows no example that is not compiled here
        String page = Files.readString(PACKAGE_PAGE);
        Set<Integer> unclaimed = blockStarts(page);
        unclaimed.removeAll(claimed.get(PACKAGE_PAGE));
        assertEquals(
                List.of(),
                unclaimed.stream()
                        .sorted()
                        .map(at -> PACKAGE_PAGE + ":"
                                + page.substring(0, at).lines().count())
                        .collect(Collectors.toList()),
                "<pre>{@code blocks of the package page without a compiled example in this test (add one, and an"
                        + " entry in SHOWN)");
    }

    @Test
    void normalize_ignoresLayout_butNotCode() {
        assertEquals(normalize("f(a,\n    b); // x  y\n\n"), normalize("  f( a, b );   // x y"));
        assertTrue(!normalize("return x;").equals(normalize("returnx;")));
        assertTrue(!normalize("f(a, b);").equals(normalize("f(b, a);")));
    }

    /** The examples of a source file: name to the lines between {@code // example: name} and {@code // end}. */
    static Map<String, String> examples(String source) {
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher m = Pattern.compile(
                        "(?m)^[ \\t]*// example: (\\S+)[ \\t]*\\n(.*?)^[ \\t]*// end[ \\t]*$", Pattern.DOTALL)
                .matcher(source);
        while (m.find()) {
            assertTrue(examples.put(m.group(1), m.group(2)) == null, "example " + m.group(1) + " marked twice");
        }
        return examples;
    }

    /** The start of the first {@code <pre>{@code} block after {@code leadIn}. */
    static int blockAfter(String source, String leadIn) {
        int at = source.indexOf(leadIn);
        assertTrue(at >= 0, "lead-in not found: " + leadIn);
        int block = source.indexOf("<pre>{@code", at);
        assertTrue(block >= 0, "no <pre>{@code block after " + leadIn);
        return block;
    }

    /** The start of the only {@code <pre>{@code} block in the doc comment right before {@code declaration}. */
    static int blockInDocOf(String source, String declaration) {
        String regex = Pattern.quote(declaration).replace(" ", "\\E\\s*\\Q");
        Matcher m = Pattern.compile(regex).matcher(source);
        assertTrue(m.find(), "declaration not found: " + declaration);
        int docStart = source.lastIndexOf("/**", m.start());
        int docEnd = source.indexOf("*/", docStart);
        assertTrue(
                docStart >= 0
                        && docEnd < m.start()
                        && source.substring(docEnd + 2, m.start()).matches("(?s)\\s*(@\\w+(\\([^)]*\\))?\\s*)*"),
                "no doc comment right before " + declaration);
        int block = source.indexOf("<pre>{@code", docStart);
        assertTrue(block >= 0 && block < docEnd, "no <pre>{@code block in the doc of " + declaration);
        assertTrue(
                source.indexOf("<pre>{@code", block + 1) > docEnd || source.indexOf("<pre>{@code", block + 1) < 0,
                "more than one <pre>{@code block in the doc of " + declaration);
        return block;
    }

    static Set<Integer> blockStarts(String source) {
        Set<Integer> starts = new HashSet<>();
        for (int at = source.indexOf("<pre>{@code"); at >= 0; at = source.indexOf("<pre>{@code", at + 1)) {
            starts.add(at);
        }
        return starts;
    }

    /** The code of the block starting at {@code start}, without the comment's leading {@code *}. */
    static String codeOfBlock(String source, int start) {
        int from = start + "<pre>{@code".length();
        int end = source.indexOf("}</pre>", from);
        assertTrue(end >= 0, "unterminated <pre>{@code block");
        return source.substring(from, end)
                .lines()
                .map(line -> line.replaceFirst("^\\s*\\*( |$)", ""))
                .collect(Collectors.joining("\n"));
    }

    /**
     * Code with layout removed: whitespace runs become one space, and a space next to anything but a
     * letter, digit or underscore goes, so only the tokens and the words of comments are compared.
     */
    static String normalize(String code) {
        return code.replaceAll("\\s+", " ").strip().replaceAll(" (?=\\W)|(?<=\\W) ", "");
    }

    static String asJavadoc(String example) {
        List<String> lines = example.stripTrailing().lines().collect(Collectors.toList());
        int indent = lines.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        return lines.stream()
                .map(line -> line.isBlank() ? " *" : " * " + line.substring(indent))
                .collect(Collectors.joining("\n", " * <pre>{@code\n", "\n * }</pre>"));
    }
}
