/**
 * Python's asyncio for Java, executed by kotlinx.coroutines.
 *
 * <h2>Which type for which asyncio habit</h2>
 *
 * <table class="striped">
 *   <caption>asyncio and asyncio4j</caption>
 *   <thead>
 *     <tr><th>asyncio</th><th>asyncio4j</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@code asyncio.run(main())}, {@code asyncio.Runner}</td>
 *         <td>{@link io.asyncio4j.Asyncio#run(java.util.concurrent.Callable)}, {@link io.asyncio4j.Runner}</td></tr>
 *     <tr><td>{@code await aw}</td><td>{@link io.asyncio4j.Asyncio#await(java.util.concurrent.CompletionStage)}</td></tr>
 *     <tr><td>{@code create_task}, {@code Task}</td>
 *         <td>{@link io.asyncio4j.Asyncio#createTask(java.util.concurrent.Callable)}, {@link io.asyncio4j.Task}</td></tr>
 *     <tr><td>{@code sleep}, {@code gather}, {@code wait}, {@code wait_for}, {@code as_completed},
 *         {@code shield}, {@code to_thread}</td><td>the functions of {@link io.asyncio4j.Asyncio}</td></tr>
 *     <tr><td>{@code async with timeout(d)}</td><td>{@link io.asyncio4j.Asyncio#timeout}, {@link io.asyncio4j.Timeout}</td></tr>
 *     <tr><td>{@code async with TaskGroup()}</td><td>{@link io.asyncio4j.TaskGroup}</td></tr>
 *     <tr><td>{@code KeyboardInterrupt} (Ctrl-C)</td><td>{@link io.asyncio4j.KeyboardInterrupt}</td></tr>
 *     <tr><td>{@code get_running_loop()}, {@code call_soon}, {@code call_later}</td>
 *         <td>{@link io.asyncio4j.EventLoop}, {@link io.asyncio4j.TimerHandle}</td></tr>
 *     <tr><td>{@code CancelledError}, {@code TimeoutError}, {@code InvalidStateError}</td>
 *         <td>{@link io.asyncio4j.CancelledError}, {@link io.asyncio4j.TimeoutError},
 *         {@link io.asyncio4j.InvalidStateError}</td></tr>
 *     <tr><td>aiofiles</td><td>{@link io.asyncio4j.AsyncFiles}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Two styles</h2>
 *
 * <p><b>Future style.</b> Every asynchronous operation returns at once with a {@link io.asyncio4j.Task}
 * (a {@code CompletableFuture}), never blocks its caller and holds no thread while it waits: a sleep is a
 * kotlinx timer, a wait for a semaphore is a suspended coroutine. Compose tasks with {@code thenApply},
 * {@code thenCompose} and the combinators of {@link io.asyncio4j.Asyncio}. This style works the same on
 * JDK 17 and 21+ and scales to millions of operations in flight.
 *
 * <p><b>Direct style.</b> A task body is a {@link java.util.concurrent.Callable} run on a task thread; in it,
 * {@link io.asyncio4j.Asyncio#await} waits for any {@code CompletionStage} and returns its value, so code
 * reads like the Python it comes from:
 *
 * <pre>{@code
 * List<String> both = Asyncio.run(() -> {
 *     Task<String> a = createTask(() -> { await(sleep(Duration.ofMillis(100))); return "A"; });
 *     Task<String> b = createTask(() -> { await(sleep(Duration.ofMillis(200))); return "B"; });
 *     return await(gather(a, b));      // about 200 ms, not 300
 * });
 * }</pre>
 *
 * <p><b>JDK 17 and 21+.</b> On JDK 21 and later (detected at run time) each task body runs on its own
 * virtual thread, and {@code await} parks it. On JDK 17 bodies run on a work-stealing pool of platform
 * threads: {@code max(64, 4 × cores)} bodies run at once, and the pool adds a thread whenever a body
 * parks in {@code await} (up to 32,767 threads), so a waiting body holds a platform thread there; prefer
 * the future style for very many concurrent waits on 17. A body that blocks outside {@code await} (JDBC,
 * {@code Thread.sleep}) keeps one of the {@code max(64, 4 × cores)} places: move such calls to {@link
 * io.asyncio4j.Asyncio#toThread}.
 *
 * <p><b>Bodies without a value.</b> {@code Asyncio.run}, {@code createTask}, {@code TaskGroup.createTask},
 * {@code Runner.run} and {@code Asyncio.timeout} also take a {@link io.asyncio4j.ThrowingRunnable}, so a
 * body that returns nothing needs no {@code return null}; {@link io.asyncio4j.TaskGroup#execute} is the
 * group body's form:
 *
 * <pre>{@code
 * Asyncio.run(() -> {
 *     TaskGroup.execute(tg -> {
 *         for (String url : urls) {
 *             tg.createTask(() -> { save(await(fetch(url))); });
 *         }
 *     });
 *     System.out.println("all saved: " + saved.size());
 * });
 * }</pre>
 *
 * <p><b>Stopping a whole run: Ctrl-C, or from code.</b> As {@code asyncio.run} does, a run on the JVM's main thread
 * turns the first Ctrl-C (SIGINT) into a cancellation of its main task: every {@code finally} block runs,
 * the tasks main left are cancelled and awaited, and {@code run} throws {@link
 * io.asyncio4j.KeyboardInterrupt}; a second Ctrl-C stops the JVM at once. To stop a run from code, cancel
 * its main task ({@code Asyncio.currentTask()} in main, kept where the code that stops it can reach it):
 * the same happens, and {@code run} throws {@link io.asyncio4j.CancelledError} with the message given to
 * {@code cancel}. See {@link io.asyncio4j.Asyncio#run(java.util.concurrent.Callable)} for which runs take
 * Ctrl-C. Below, {@code onStopCommand} stands for whatever delivers the request (an admin endpoint, a
 * shutdown hook, a test) and {@code serve} for a body that runs until it is cancelled:
 *
 * <pre>{@code
 * AtomicReference<Task<?>> mainTask = new AtomicReference<>();
 * onStopCommand(() -> mainTask.get().cancel("stop requested"));    // from any thread
 * try {
 *     Asyncio.run(() -> {
 *         mainTask.set(Asyncio.currentTask());
 *         TaskGroup.execute(tg -> {
 *             tg.createTask(() -> serve("http"));
 *             tg.createTask(() -> serve("metrics"));
 *         });
 *     });
 * } catch (CancelledError stopped) {
 *     System.out.println("stopped: " + stopped.getMessage());   // every finally block has run
 * }
 * }</pre>
 *
 * <p><b>Reading failures.</b> A failure comes out of {@code await} and {@code run} as the original
 * exception object; its stack trace shows where it was thrown, then a line {@code at
 * asyncio4j.awaited(…)}, then where it was awaited. Tasks are named {@code "main"} (the main task), after
 * where a generator was defined ({@code generator@Crawler.java:42}), or as given to {@code createTask(name,
 * …)}; other tasks are {@code Task-N} as in asyncio. A {@link io.asyncio4j.TaskGroupException}'s message
 * names each failure's type and message.
 *
 * <h2>Common patterns</h2>
 *
 * <p>The examples run in a task body (direct style) with {@code Asyncio}'s methods statically imported;
 * {@code fetch(url)} stands for any call returning a {@code CompletionStage<String>}.
 *
 * <p><b>Limiting concurrency.</b> {@code async with sem:} is {@link
 * io.asyncio4j.Semaphore#asyncWith(java.util.concurrent.Callable) sem.asyncWith(body)}: the body runs in
 * the calling task while it holds a permit, and the permit is released however the body ends ({@link
 * io.asyncio4j.Lock} and {@link io.asyncio4j.Condition} have the same method). To run a function over
 * many elements with at most {@code n} calls in progress, {@link
 * io.asyncio4j.AsyncIterable#mapAsync(int, java.util.function.Function)} does the counting:
 *
 * <pre>{@code
 * Semaphore limit = new Semaphore(8);                       // asyncio.Semaphore(8)
 * String page = limit.asyncWith(() -> await(fetch(url)));   // async with limit: page = await fetch(url)
 *
 * List<String> pages = await(AsyncIterable.from(urls)
 *         .mapAsync(8, each -> fetch(each))                 // at most 8 fetches at once, in order
 *         .toList());
 * }</pre>
 *
 * <p><b>Producer and consumer.</b> A {@link io.asyncio4j.Queue} hands items between tasks: {@code put}
 * waits while a bounded queue is full, {@code get} while it is empty, {@code taskDone} marks an item
 * handled and {@code join} waits until every item put is. {@code shutdown()} ends the consumers: once the
 * items left are taken, their {@code get} fails with {@link io.asyncio4j.QueueShutDown}.
 *
 * <pre>{@code
 * Queue<String> queue = new Queue<>(2);                     // asyncio.Queue(maxsize=2)
 * Task<Void> consumer = createTask(() -> {
 *     try {
 *         while (true) {
 *             String line = await(queue.get());
 *             try { handle(line); } finally { queue.taskDone(); }
 *         }
 *     } catch (QueueShutDown drained) {
 *         // shut down and empty: nothing more will come
 *     }
 * });
 * for (String line : lines) await(queue.put(line));         // waits while the queue is full
 * await(queue.join());                                      // every line handled
 * queue.shutdown();
 * await(consumer);
 * }</pre>
 *
 * <p><b>Async generators.</b> An {@code async def} with {@code yield} is {@code Asyncio.generator(y ->
 * ...)} ({@link io.asyncio4j.Asyncio#generator(io.asyncio4j.Generator)}): the body may
 * {@code await} and hands each element over with {@code y.yield(v)}, then waits until the consumer wants
 * the next one. The result is a cold {@link io.asyncio4j.AsyncIterable}: each consumption ({@code
 * forEach} for {@code async for}, {@code toList} for a comprehension, {@code aiter().anext()} to step by
 * hand) runs the body anew, and stopping early runs its {@code finally} blocks.
 *
 * <pre>{@code
 * AsyncIterable<String> pages = Asyncio.generator(y -> {
 *     for (int n = 1; n <= 3; n++) {
 *         y.yield(await(fetch(base + "?page=" + n)));       // yield await fetch(...)
 *     }
 * });
 * await(pages.forEach(page -> handle(page)));              // async for page in pages(): handle(page)
 * List<String> all = await(pages.toList());                 // [p async for p in pages()]
 * AsyncIterator<String> it = pages.aiter();                 // it = aiter(pages())
 * String first = await(it.anext());                         // await anext(it)
 * await(it.aclose());                                       // stopping before the end
 * }</pre>
 *
 * <p><b>A worker pool.</b> A {@link io.asyncio4j.TaskGroup} owns a fixed number of workers that take
 * jobs from a {@link io.asyncio4j.Queue}; a {@link io.asyncio4j.Semaphore} shared by the workers bounds
 * how many of them use a scarce resource at once. The group returns when every worker has ended, and a
 * failing worker cancels the others:
 *
 * <pre>{@code
 * Queue<String> jobs = new Queue<>();
 * Semaphore api = new Semaphore(3);                         // at most 3 workers call the API at once
 * List<String> results = Collections.synchronizedList(new ArrayList<>());
 * TaskGroup.execute(tg -> {
 *     for (int i = 0; i < 10; i++) {
 *         tg.createTask("worker-" + i, () -> {
 *             try {
 *                 while (true) {
 *                     String url = await(jobs.get());
 *                     try {
 *                         results.add(api.asyncWith(() -> await(fetch(url))));
 *                     } finally {
 *                         jobs.taskDone();
 *                     }
 *                 }
 *             } catch (QueueShutDown drained) {
 *                 // no more jobs: this worker ends
 *             }
 *         });
 *     }
 *     for (String url : urls) await(jobs.put(url));
 *     await(jobs.join());                                   // every job done
 *     jobs.shutdown();                                      // the idle workers wake and end
 * });
 * }</pre>
 *
 * <h2>Rules that hold everywhere</h2>
 *
 * <ul>
 *   <li><b>Nulls.</b> No parameter accepts null unless annotated {@code @Nullable}; a null argument fails
 *       at once with a {@link java.lang.NullPointerException} naming the parameter. Other bad arguments fail
 *       at once with {@link java.lang.IllegalArgumentException} naming the rule; everything that happens
 *       later completes the returned task instead of throwing.
 *   <li><b>Exceptions surface unwrapped.</b> {@code await}, {@code Asyncio.run} and {@link
 *       io.asyncio4j.Task#result()} throw the original exception, never {@code ExecutionException} or
 *       {@code CompletionException}. An exception of a task that nobody retrieves is logged through {@link
 *       java.lang.System.Logger} (logger {@code io.asyncio4j}), never dropped silently.
 *   <li><b>Cancellation is a request.</b> {@link io.asyncio4j.Task#cancel(String)} wakes the body's
 *       current {@code await} with {@link io.asyncio4j.CancelledError}; the task ends cancelled only if that
 *       error escapes its body. Cancellation reaches every waiting point (sleeps, awaits, locks, queues,
 *       iteration) and a cancelled wait loses nothing. Because {@code CancelledError} is an unchecked
 *       exception in Java, {@code catch (Exception e)} also catches it: re-throw it with {@link
 *       io.asyncio4j.CancelledError#rethrowIfCancelled(Throwable)}.
 *   <li><b>Memory effects.</b> Actions of a thread before it calls {@code createTask} happen-before the
 *       task's body starts; actions of a body happen-before another thread observes the task's completion
 *       (through {@code await}, {@code join}, a dependent stage or a done callback). The primitives give the
 *       same guarantees as their {@code java.util.concurrent} counterparts: a release happens-before the
 *       acquire it enables, a {@code put} happens-before the {@code get} that returns the item.
 *   <li><b>Threads.</b> Unlike Python's single thread, task bodies run in parallel; every public type is
 *       thread-safe. Callbacks scheduled on an {@link io.asyncio4j.EventLoop} never run concurrently with
 *       each other.
 *   <li><b>Names.</b> {@code Object.wait()} is final in Java, so a static import of {@code Asyncio.wait}
 *       is shadowed inside every class: call it as {@code Asyncio.wait(...)}. The primitives name asyncio's
 *       {@code wait()} {@code waitFor()}.
 * </ul>
 */
@NullMarked
package io.asyncio4j;

import org.jspecify.annotations.NullMarked;
