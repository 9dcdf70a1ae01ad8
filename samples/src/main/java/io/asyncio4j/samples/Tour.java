package io.asyncio4j.samples;

import java.io.PrintStream;
import java.lang.reflect.RecordComponent;

/**
 * The samples tour: runs every sample in seed order, each under a heading, with its output, what it
 * returned and its measured time (sequential beside concurrent where the sample measures both). Run it
 * with {@code ./mvnw -q -pl samples -am package -Ptour -DskipTests}.
 */
public final class Tour {
    private Tour() {}

    /** A sample's entry point as the tour calls it. */
    interface Sample {
        Object run(PrintStream out) throws Exception;
    }

    private static int count;

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        long start = System.nanoTime();
        seed000(out);
        seed001(out);
        seed002(out);
        seed003(out);
        seed004(out);
        contextvars(out);
        out.printf("%n=== tour done: %d samples in %.1f s ===%n", count, Timings.since(start));
    }

    static void seed000(PrintStream out) throws Exception {
        heading(out, "seed 000: Async/Await and Asynchronous Programming");
        section(out, "greet, fetch_data, tasks A/B/C with gather", io.asyncio4j.samples.seed000.Basics::run);
        section(out, "background task with create_task", io.asyncio4j.samples.seed000.BackgroundTask::run);
        section(
                out,
                "AsyncFile context manager; exercise 4: a managed temp file",
                io.asyncio4j.samples.seed000.AsyncFileSample::run);
        section(out, "AsyncCounter async iterator", io.asyncio4j.samples.seed000.AsyncCounterSample::run);
        section(out, "error handling", io.asyncio4j.samples.seed000.ErrorHandling::run);
        section(out, "exercises 1, 2, 3, 5", io.asyncio4j.samples.seed000.Exercises::run);
    }

    static void seed001(PrintStream out) throws Exception {
        heading(out, "seed 001: async and await");
        section(out, "coroutine object vs result; fetch_data", io.asyncio4j.samples.seed001.AsyncAndAwait::run);
        section(out, "the four kinds of awaitable", io.asyncio4j.samples.seed001.Awaitables::run);
        section(out, "sequential vs create_task vs gather", io.asyncio4j.samples.seed001.SequentialVsConcurrent::run);
        section(out, "common mistakes, the Java way", io.asyncio4j.samples.seed001.CommonMistakes::run);
        section(out, "AsyncConnection context manager", io.asyncio4j.samples.seed001.AsyncConnectionSample::run);
        section(
                out,
                "AsyncCounter, async generator, async comprehensions",
                io.asyncio4j.samples.seed001.AsyncIteration::run);
        section(out, "async_await_tutorial.py, parts 1-7", io.asyncio4j.samples.seed001.TutorialScript::run);
        section(out, "exercise 1: timed_greet", io.asyncio4j.samples.seed001.TimedGreet::run);
        section(out, "exercise 2: Timer context manager", io.asyncio4j.samples.seed001.TimerExercise::run);
        section(out, "exercise 3: async_fibonacci", io.asyncio4j.samples.seed001.FibonacciExercise::run);
    }

    static void seed002(PrintStream out) throws Exception {
        heading(out, "seed 002: Python Async/Await - Asynchronous Programming");
        section(out, "event loop: sequential vs gather", io.asyncio4j.samples.seed002.EventLoopDemo::run);
        section(out, "fetch_page over HTTP with gather", io.asyncio4j.samples.seed002.FetchPages::run);
        section(out, "create_task: schedule coroutines", io.asyncio4j.samples.seed002.CreateTaskDemo::run);
        section(out, "wait(FIRST_COMPLETED)", io.asyncio4j.samples.seed002.WaitFirstCompleted::run);
        section(out, "AsyncDatabaseConnection over H2", io.asyncio4j.samples.seed002.DatabaseConnection::run);
        section(out, "managed_resource (@asynccontextmanager)", io.asyncio4j.samples.seed002.ManagedResource::run);
        section(out, "async_range and AsyncCounter", io.asyncio4j.samples.seed002.AsyncRange::run);
        section(
                out,
                "AsyncHTTPClient (semaphore, timeouts, fetch_many)",
                io.asyncio4j.samples.seed002.HttpClientSample::run);
        section(out, "error handling: return_exceptions and cancel", io.asyncio4j.samples.seed002.GatherErrors::run);
        section(out, "timeouts: wait_for and timeout()", io.asyncio4j.samples.seed002.Timeouts::run);
        section(out, "AsyncAPIPoller", io.asyncio4j.samples.seed002.ApiPoller::run);
        section(
                out,
                "AsyncWebScraper (semaphore, link extraction, max_pages)",
                io.asyncio4j.samples.seed002.WebScraper::run);
        section(
                out,
                "AsyncTaskQueue: a worker pool fed by a Queue (sync and async jobs, task_done, join)",
                io.asyncio4j.samples.seed002.TaskQueue::run);
        section(
                out,
                "AsyncFileProcessor: batch download in chunks, then line and word counts",
                io.asyncio4j.samples.seed002.FileProcessor::run);
        section(
                out,
                "best practices: semaphore, to_thread, TaskGroup, wait_for",
                io.asyncio4j.samples.seed002.BestPractices::run);
    }

    static void seed003(PrintStream out) throws Exception {
        heading(out, "seed 003: Python Async Await");
        section(
                out,
                "why async: API, database and file, one by one vs gather",
                io.asyncio4j.samples.seed003.SyncVsAsync::run);
        section(out, "coroutines and the two ways to run them", io.asyncio4j.samples.seed003.Coroutines::run);
        section(out, "download_file with gather (2, 3, 1)", io.asyncio4j.samples.seed003.DownloadFiles::run);
        section(out, "background task, cancelled", io.asyncio4j.samples.seed003.BackgroundCancel::run);
        section(out, "AsyncDatabaseConnection and AsyncCounter", io.asyncio4j.samples.seed003.ContextAndIterator::run);
        section(out, "JSON users over HTTP", io.asyncio4j.samples.seed003.GithubUsers::run);
        section(out, "wait_for timeout", io.asyncio4j.samples.seed003.WaitForTimeout::run);
        section(
                out,
                "semaphore-limited downloads: 10 files, 3 at a time",
                io.asyncio4j.samples.seed003.SemaphoreDownloads::run);
    }

    static void seed004(PrintStream out) throws Exception {
        heading(out, "seed 004: async/await in Python (reference)");
        section(
                out,
                "fetch_data both ways; task_one/task_two with gather",
                io.asyncio4j.samples.seed004.GettingStarted::run);
        section(
                out,
                "tasks and waiting strategies: gather, wait, wait_for",
                io.asyncio4j.samples.seed004.TasksAndWaiting::run);
        section(
                out,
                "context managers and iterators (H2 rows streamed)",
                io.asyncio4j.samples.seed004.ContextManagersIterators::run);
        section(out, "exceptions: try/except and gather", io.asyncio4j.samples.seed004.Exceptions::run);
        section(out, "concurrent HTTP requests", io.asyncio4j.samples.seed004.ConcurrentRequests::run);
        section(
                out,
                "async database operations (H2 through to_thread)",
                io.asyncio4j.samples.seed004.DatabaseOperations::run);
        section(out, "producer-consumer over a bounded Queue", io.asyncio4j.samples.seed004.ProducerConsumer::run);
        section(out, "custom sleep from a future and call_later", io.asyncio4j.samples.seed004.CustomSleep::run);
        section(out, "debug mode", io.asyncio4j.samples.seed004.DebugModeSample::run);
        section(out, "listing running tasks", io.asyncio4j.samples.seed004.RunningTasks::run);
    }

    static void contextvars(PrintStream out) throws Exception {
        heading(out, "contextvars: a request id through a TaskGroup, a worker and a callback into log lines");
        section(out, "three concurrent requests, one id each (ContextVar, ThreadLocalBridge)", RequestContext::run);
    }

    static void heading(PrintStream out, String title) {
        out.println();
        out.println("#".repeat(78));
        out.println("# " + title);
        out.println("#".repeat(78));
    }

    static void section(PrintStream out, String title, Sample sample) throws Exception {
        out.println();
        out.println("=== " + title + " ===");
        long start = System.nanoTime();
        Object result = sample.run(out);
        double seconds = Timings.since(start);
        count++;
        Timings timings = timingsOf(result);
        if (timings != null) {
            out.println("-> time: " + timings);
        } else if (result != null && !(result instanceof Record)) {
            out.println("-> " + result);
        }
        out.printf("(%.2f s)%n", seconds);
    }

    /** The sample's measured times: the result itself, or a Timings component of a result record. */
    static Timings timingsOf(Object result) throws ReflectiveOperationException {
        if (result instanceof Timings t) {
            return t;
        }
        if (result instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                if (c.getType() == Timings.class) {
                    return (Timings) c.getAccessor().invoke(r);
                }
            }
        }
        return null;
    }
}
