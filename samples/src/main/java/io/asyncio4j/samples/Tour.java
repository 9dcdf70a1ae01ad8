package io.asyncio4j.samples;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * The samples tour, a lesson in running order: every example of the five tutorials (in the order they
 * teach), then Ctrl-C. Each section says what it shows, the Java file to read and the Python it ports,
 * then prints the sample's output, its result and its time (sequential beside concurrent where the
 * sample measures both). Run it with {@code ./mvnw -q -pl samples -am package -Ptour -DskipTests}.
 */
public final class Tour {
    private Tour() {}

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
        extras(out);
        out.printf("%n=== tour done: %d samples in %.1f s ===%n", count, Timings.since(start));
    }

    static void seed000(PrintStream out) throws Exception {
        heading(out, "tutorial 1 of 5: Async/Await and Asynchronous Programming");
        section(
                out,
                "greet, fetch_data, tasks A/B/C with gather",
                "asyncio.run(main()); await fetch_data(); await asyncio.gather(task('A', 2), task('B', 1), task('C', 3))",
                io.asyncio4j.samples.seed000.Basics.class);
        section(
                out,
                "background task with create_task",
                "task = asyncio.create_task(background()); ...; await task",
                io.asyncio4j.samples.seed000.BackgroundTask.class);
        section(
                out,
                "AsyncFile context manager; exercise 4: a managed temp file",
                "async with AsyncFile(path) as f: ...  (__aenter__ / __aexit__)",
                io.asyncio4j.samples.seed000.AsyncFileSample.class);
        section(
                out,
                "AsyncCounter async iterator",
                "async for i in AsyncCounter(5): print(i)  (__aiter__ / __anext__)",
                io.asyncio4j.samples.seed000.AsyncCounterSample.class);
        section(
                out,
                "error handling",
                "try: await might_fail() except ValueError as e: print(f'Caught error: {e}')",
                io.asyncio4j.samples.seed000.ErrorHandling.class);
        section(
                out,
                "exercises 1, 2, 3, 5",
                "asyncio.gather(*(fetch(u) for u in urls)); asyncio.wait_for(slow(), timeout=1)",
                io.asyncio4j.samples.seed000.Exercises.class);
    }

    static void seed001(PrintStream out) throws Exception {
        heading(out, "tutorial 2 of 5: async and await");
        section(
                out,
                "coroutine object vs result; fetch_data",
                "coro = greet('Alice')  # a coroutine object, not run;  await greet('Alice')",
                io.asyncio4j.samples.seed001.AsyncAndAwait.class);
        section(
                out,
                "the four kinds of awaitable",
                "await coro(); await asyncio.create_task(...); fut = loop.create_future(); fut.set_result(...); __await__",
                io.asyncio4j.samples.seed001.Awaitables.class);
        section(
                out,
                "sequential vs create_task vs gather",
                "await a(); await b()  vs  asyncio.create_task(...)  vs  asyncio.gather(a(), b())",
                io.asyncio4j.samples.seed001.SequentialVsConcurrent.class);
        section(
                out,
                "common mistakes, the Java way",
                "forgetting await; asyncio.run() inside a coroutine; time.sleep in a coroutine; a coroutine never awaited",
                io.asyncio4j.samples.seed001.CommonMistakes.class);
        section(
                out,
                "AsyncConnection context manager",
                "async with AsyncConnection() as conn: ...",
                io.asyncio4j.samples.seed001.AsyncConnectionSample.class);
        section(
                out,
                "AsyncCounter, async generator, async comprehensions",
                "async def async_counter(n): yield i;  [x async for x in gen()]",
                io.asyncio4j.samples.seed001.AsyncIteration.class);
        section(
                out,
                "async_await_tutorial.py, parts 1-7",
                "async_await_tutorial.py: parts 1-7, asyncio.run(main())",
                io.asyncio4j.samples.seed001.TutorialScript.class);
        section(
                out,
                "exercise 1: timed_greet",
                "await timed_greet(...) one by one  vs  asyncio.gather(timed_greet(...), ...)",
                io.asyncio4j.samples.seed001.TimedGreet.class);
        section(
                out,
                "exercise 2: Timer context manager",
                "async with Timer() as t: await asyncio.sleep(0.5)",
                io.asyncio4j.samples.seed001.TimerExercise.class);
        section(
                out,
                "exercise 3: async_fibonacci",
                "async def async_fibonacci(n): ... yield a",
                io.asyncio4j.samples.seed001.FibonacciExercise.class);
    }

    static void seed002(PrintStream out) throws Exception {
        heading(out, "tutorial 3 of 5: Python Async/Await - Asynchronous Programming");
        section(
                out,
                "event loop: sequential vs gather",
                "await task1(); await task2()  vs  await asyncio.gather(task1(), task2())",
                io.asyncio4j.samples.seed002.EventLoopDemo.class);
        section(
                out,
                "fetch_page over HTTP with gather",
                "async with aiohttp.ClientSession() as s: await asyncio.gather(*(fetch_page(s, u) for u in urls))",
                io.asyncio4j.samples.seed002.FetchPages.class);
        section(
                out,
                "create_task: schedule coroutines",
                "tasks = [asyncio.create_task(work(i)) for i in range(3)]; await asyncio.gather(*tasks)",
                io.asyncio4j.samples.seed002.CreateTaskDemo.class);
        section(
                out,
                "wait(FIRST_COMPLETED)",
                "done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)",
                io.asyncio4j.samples.seed002.WaitFirstCompleted.class);
        section(
                out,
                "AsyncDatabaseConnection over H2",
                "async with AsyncDatabaseConnection(url) as db: await db.query(...)",
                io.asyncio4j.samples.seed002.DatabaseConnection.class);
        section(
                out,
                "managed_resource (@asynccontextmanager)",
                "@asynccontextmanager async def managed_resource(): yield resource",
                io.asyncio4j.samples.seed002.ManagedResource.class);
        section(
                out,
                "async_range and AsyncCounter",
                "async def async_range(n): yield i;  async for c in AsyncCounter(5)",
                io.asyncio4j.samples.seed002.AsyncRange.class);
        section(
                out,
                "AsyncHTTPClient (semaphore, timeouts, fetch_many)",
                "class AsyncHTTPClient: semaphore, aiohttp timeouts, fetch_many with gather",
                io.asyncio4j.samples.seed002.HttpClientSample.class);
        section(
                out,
                "error handling: return_exceptions and cancel",
                "await asyncio.gather(*coros, return_exceptions=True); task.cancel()",
                io.asyncio4j.samples.seed002.GatherErrors.class);
        section(
                out,
                "timeouts: wait_for and timeout()",
                "await asyncio.wait_for(slow(), timeout=1)  and  async with asyncio.timeout(1): ...",
                io.asyncio4j.samples.seed002.Timeouts.class);
        section(
                out,
                "AsyncAPIPoller",
                "class AsyncAPIPoller: while True: gather(fetch each endpoint); await asyncio.sleep(interval)",
                io.asyncio4j.samples.seed002.ApiPoller.class);
        section(
                out,
                "AsyncWebScraper (semaphore, link extraction, max_pages)",
                "class AsyncWebScraper: async with self.semaphore: fetch, extract links, up to max_pages",
                io.asyncio4j.samples.seed002.WebScraper.class);
        section(
                out,
                "AsyncTaskQueue: a worker pool fed by a Queue (sync and async jobs, task_done, join)",
                "class AsyncTaskQueue: workers: await queue.get(); queue.task_done(); await queue.join()",
                io.asyncio4j.samples.seed002.TaskQueue.class);
        section(
                out,
                "AsyncFileProcessor: batch download in chunks, then line and word counts",
                "class AsyncFileProcessor: download in chunks with aiofiles, then count lines and words",
                io.asyncio4j.samples.seed002.FileProcessor.class);
        section(
                out,
                "best practices: semaphore, to_thread, TaskGroup, wait_for",
                "asyncio.Semaphore(10); await asyncio.to_thread(blocking); async with asyncio.TaskGroup() as tg; wait_for",
                io.asyncio4j.samples.seed002.BestPractices.class);
    }

    static void seed003(PrintStream out) throws Exception {
        heading(out, "tutorial 4 of 5: Python Async Await");
        section(
                out,
                "why async: API, database and file, one by one vs gather",
                "requests.get / sqlite / open()  one by one  vs  asyncio.gather(api(), db(), file())",
                io.asyncio4j.samples.seed003.SyncVsAsync.class);
        section(
                out,
                "coroutines and the two ways to run them",
                "async def greeting(); asyncio.run(main())  vs  await inside another coroutine",
                io.asyncio4j.samples.seed003.Coroutines.class);
        section(
                out,
                "download_file with gather (2, 3, 1)",
                "await asyncio.gather(download_file('a', 2), download_file('b', 3), download_file('c', 1))",
                io.asyncio4j.samples.seed003.DownloadFiles.class);
        section(
                out,
                "background task, cancelled",
                "task = asyncio.create_task(forever()); await asyncio.sleep(...); task.cancel()",
                io.asyncio4j.samples.seed003.BackgroundCancel.class);
        section(
                out,
                "AsyncDatabaseConnection and AsyncCounter",
                "async with AsyncDatabaseConnection() as db; async for i in AsyncCounter(5)",
                io.asyncio4j.samples.seed003.ContextAndIterator.class);
        section(
                out,
                "JSON users over HTTP",
                "async with aiohttp.ClientSession() as s: await asyncio.gather(*(get_user(s, u) for u in users))",
                io.asyncio4j.samples.seed003.GithubUsers.class);
        section(
                out,
                "wait_for timeout",
                "try: await asyncio.wait_for(long_operation(), timeout=2) except asyncio.TimeoutError",
                io.asyncio4j.samples.seed003.WaitForTimeout.class);
        section(
                out,
                "semaphore-limited downloads: 10 files, 3 at a time",
                "sem = asyncio.Semaphore(3); async with sem: await download(url)",
                io.asyncio4j.samples.seed003.SemaphoreDownloads.class);
    }

    static void seed004(PrintStream out) throws Exception {
        heading(out, "tutorial 5 of 5: async/await in Python (reference)");
        section(
                out,
                "fetch_data both ways; task_one/task_two with gather",
                "asyncio.run(fetch_data()); await asyncio.gather(task_one(), task_two())",
                io.asyncio4j.samples.seed004.GettingStarted.class);
        section(
                out,
                "tasks and waiting strategies: gather, wait, wait_for",
                "create_task, task.cancel(), gather, asyncio.wait(tasks, timeout=0.3), wait_for",
                io.asyncio4j.samples.seed004.TasksAndWaiting.class);
        section(
                out,
                "context managers and iterators (H2 rows streamed)",
                "async with connection: async for row in rows(): ...",
                io.asyncio4j.samples.seed004.ContextManagersIterators.class);
        section(
                out,
                "exceptions: try/except and gather",
                "try/except around await; gather raising the first error; gather(return_exceptions=True)",
                io.asyncio4j.samples.seed004.Exceptions.class);
        section(
                out,
                "concurrent HTTP requests",
                "await asyncio.gather(*(fetch(session, url) for url in urls))",
                io.asyncio4j.samples.seed004.ConcurrentRequests.class);
        section(
                out,
                "async database operations (H2 through to_thread)",
                "await asyncio.gather(*(asyncio.to_thread(insert, row) for row in rows))",
                io.asyncio4j.samples.seed004.DatabaseOperations.class);
        section(
                out,
                "producer-consumer over a bounded Queue",
                "queue = asyncio.Queue(maxsize=5); await queue.put(x); await queue.get(); queue.task_done(); await queue.join()",
                io.asyncio4j.samples.seed004.ProducerConsumer.class);
        section(
                out,
                "custom sleep from a future and call_later",
                "fut = loop.create_future(); loop.call_later(delay, fut.set_result, value); await fut",
                io.asyncio4j.samples.seed004.CustomSleep.class);
        section(
                out,
                "debug mode",
                "asyncio.run(main(), debug=True): slow callbacks, never-retrieved exceptions, creation sites",
                io.asyncio4j.samples.seed004.DebugModeSample.class);
        section(
                out,
                "listing running tasks",
                "for t in asyncio.all_tasks(): print(t.get_name(), t.done())",
                io.asyncio4j.samples.seed004.RunningTasks.class);
    }

    static void extras(PrintStream out) throws Exception {
        heading(out, "beyond the tutorials: Ctrl-C");
        section(
                out,
                "Ctrl-C cancels main, every finally runs, then KeyboardInterrupt",
                "try: asyncio.run(main())  except KeyboardInterrupt: ...  (Ctrl-C while main awaits)",
                io.asyncio4j.samples.ctrlc.CtrlC.class);
    }

    static void contextvars(PrintStream out) throws Exception {
        heading(out, "contextvars: a request id through a TaskGroup, a worker and a callback into log lines");
        section(
                out,
                "three concurrent requests, one id each (ContextVar, ThreadLocalBridge)",
                "request_id = contextvars.ContextVar('request_id'); request_id.set(rid); tg.create_task(handle())",
                RequestContext.class);
    }

    static void heading(PrintStream out, String title) {
        out.println();
        out.println("#".repeat(78));
        out.println("# " + title);
        out.println("#".repeat(78));
    }

    /**
     * Runs one sample as a short lesson: what it shows, the file to read, the Python it ports, then what
     * it printed, what it returned and how long it took.
     */
    static void section(PrintStream out, String title, String python, Class<?> sample) throws Exception {
        count++;
        out.println();
        out.println("=== " + count + ". " + title + " ===");
        out.println("source:  samples/src/main/java/" + sample.getName().replace('.', '/') + ".java");
        out.println("python:  " + python);
        out.println("output:");
        long start = System.nanoTime();
        Object result;
        try {
            result = sample.getMethod("run", PrintStream.class).invoke(null, out);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
        double seconds = Timings.since(start);
        Timings timings = timingsOf(result);
        if (timings != null) {
            out.println("timing:  " + timings);
        } else if (result instanceof List<?> list && list.isEmpty()) {
            out.println("result:  (empty list)");
        } else if (result != null && !(result instanceof Record)) {
            out.println("result:  " + result);
        }
        out.printf("took:    %.2f s%n", seconds);
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
