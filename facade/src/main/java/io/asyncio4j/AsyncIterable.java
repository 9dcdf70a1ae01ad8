package io.asyncio4j;

import io.asyncio4j.internal.AsCompleted;
import io.asyncio4j.internal.CheckedSubscriber;
import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.Contexts;
import io.asyncio4j.internal.GeneratorCore;
import io.asyncio4j.internal.GeneratorIterator;
import io.asyncio4j.internal.GuardedPublisher;
import io.asyncio4j.internal.Loop;
import io.asyncio4j.internal.LoopElementKt;
import io.asyncio4j.internal.OpCore;
import io.asyncio4j.internal.PullIterator;
import io.asyncio4j.internal.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous stream of elements: what Python iterates with {@code async for}, writes as an async
 * generator and collects with an async comprehension. It is a kotlinx {@code Flow} underneath and a
 * {@link Flow.Publisher java.util.concurrent.Flow.Publisher} on the outside ({@link #asPublisher()},
 * {@link #from(Flow.Publisher)}), so it plugs into Reactor, Mutiny, RxJava and JDK code unchanged.
 *
 * <pre>{@code
 * // async def ticker(n): for i in range(n): await asyncio.sleep(0.1); yield i
 * AsyncIterable<Integer> ticker = Asyncio.generator(y -> {
 *   for (int i = 0; i < 5; i++) {
 *     await(sleep(Duration.ofMillis(100)));
 *     y.yield(i);
 *   }
 * });
 *
 * // async for i in ticker(5): print(i)           (direct style, in a task body)
 * try (var it = ticker.iterate()) {
 *   for (int i : it) System.out.println(i);
 * }
 * // [i * i async for i in ticker(5) if i % 2 == 0]  (an async comprehension)
 * List<Integer> squares = await(ticker.filter(i -> i % 2 == 0).map(i -> i * i).toList());
 * }</pre>
 *
 * <h2>The five facts</h2>
 *
 * <ul>
 *   <li><b>Cold.</b> An {@code AsyncIterable} is a recipe: nothing runs until it is consumed (by a
 *       terminal such as {@link #forEach}, {@link #toList()}, {@link #iterate()}, or a subscriber of {@link
 *       #asPublisher()}), and every consumption runs the source again from the start (a new generator
 *       task, a new subscription). Sources that are hot by nature say so ({@link #from(Flow.Publisher)}
 *       is as hot as the publisher).
 *   <li><b>Demand.</b> The consumer pulls: a generator or iterator source produces the next element only
 *       when the consumer is ready for it (it never runs ahead, see {@link Generator.Yielder#yield}), and
 *       operators add no buffering except {@link #buffer(int)} and {@link #mapAsync} (which say how much).
 *       A subscriber of {@link #asPublisher()} gets only what it requested.
 *   <li><b>Completion.</b> The stream ends when the source ends: the generator's body returns, the
 *       iterator's {@code anext} fails with {@link StopAsyncIteration}, the publisher calls {@code
 *       onComplete}, or an operator such as {@link #take} has what it needs.
 *   <li><b>Error.</b> A failure of the source or of any function given to an operator ends the stream and
 *       reaches the consumer as it is (the terminal's task fails with that exception, unwrapped); the
 *       source is closed first.
 *   <li><b>Cancellation.</b> When the consumer stops early, fails, or its task is cancelled, the source
 *       is closed and the consumer waits for that: a generator's task is cancelled at its {@code yield}
 *       (its {@code finally} blocks run), an iterator's {@code aclose()} is called, a subscription is
 *       cancelled. A cleanup failure never replaces the consumer's own failure (it is added as
 *       suppressed).
 * </ul>
 *
 * <p><b>Nulls.</b> Elements are never null (Reactive Streams forbids them): every factory, yield, map
 * function and iterator result is checked, and a null fails with a {@link NullPointerException} naming
 * where it came from. <b>Threads.</b> Instances are immutable and thread-safe. The functions given to
 * operators and to {@link #forEach(Consumer)} run on the loop's continuation threads (kotlinx's {@code
 * Dispatchers.Default}), one element at a time, never concurrently with each other for one consumption;
 * they must not block: use {@link #forEachAsync} or {@link #mapAsync} to wait for something per element.
 * Writes made while handling one element happen-before the handling of the next.
 *
 * @param <T> the element type
 */
public final class AsyncIterable<T> {
    private final kotlinx.coroutines.flow.Flow<T> flow;

    /**
     * Whether a generator at the source may run ahead of a consumer that takes every element ({@code
     * toList}, {@code forEach}): true only through element-wise operators ({@code map}, {@code filter})
     * that neither stop early nor look ahead, so nothing the consumer would not have asked for is produced.
     */
    private final boolean runAhead;

    /** A generator's cores when this is the generator itself: {@link #aiter()} then steps it directly. */
    private final @Nullable Supplier<GeneratorCore<T>> generatorCores;

    private AsyncIterable(kotlinx.coroutines.flow.Flow<T> flow, boolean runAhead) {
        this(flow, runAhead, null);
    }

    private AsyncIterable(
            kotlinx.coroutines.flow.Flow<T> flow,
            boolean runAhead,
            @Nullable Supplier<GeneratorCore<T>> generatorCores) {
        this.flow = flow;
        this.runAhead = runAhead;
        this.generatorCores = generatorCores;
    }

    private static <T> AsyncIterable<T> wrap(kotlinx.coroutines.flow.Flow<? extends T> flow) {
        return wrap(flow, false);
    }

    @SuppressWarnings("unchecked")
    private static <T> AsyncIterable<T> wrap(kotlinx.coroutines.flow.Flow<? extends T> flow, boolean runAhead) {
        return new AsyncIterable<>((kotlinx.coroutines.flow.Flow<T>) flow, runAhead);
    }

    @SuppressWarnings("unchecked")
    private static <T> AsyncIterable<T> widen(AsyncIterable<? extends T> iterable) {
        return (AsyncIterable<T>) iterable;
    }

    // ---- sources

    /**
     * The given elements, in order: cold; each consumption replays them.
     *
     * @param items the elements
     * @param <T> the element type
     * @return an iterable of the elements
     * @throws NullPointerException if {@code items} or one of them is null
     */
    @SafeVarargs
    public static <T> AsyncIterable<T> of(T... items) {
        if (items == null) {
            throw new NullPointerException("items must not be null");
        }
        List<T> copy = new ArrayList<>(items.length);
        for (int i = 0; i < items.length; i++) {
            copy.add(Checks.notNull(items[i], "items[" + i + "]"));
        }
        return from(Collections.unmodifiableList(copy));
    }

    /**
     * The elements of {@code items}, iterated afresh by each consumption (cold). A null element met
     * during iteration fails the stream with {@link NullPointerException}.
     *
     * @param items the elements
     * @param <T> the element type
     * @return an iterable of the elements
     * @throws NullPointerException if {@code items} is null
     */
    public static <T> AsyncIterable<T> from(Iterable<? extends T> items) {
        Checks.notNull(items, "items");
        return wrap(Streams.fromIterable(items));
    }

    /**
     * No elements.
     *
     * @param <T> the element type
     * @return an iterable that ends at once
     */
    public static <T> AsyncIterable<T> empty() {
        return of();
    }

    /**
     * The integers from {@code start} (inclusive) to {@code end} (exclusive), as Python's {@code range}
     * in an {@code async for}. Empty when {@code end <= start}.
     *
     * @param start the first integer
     * @param end the integer after the last
     * @return the integers
     */
    public static AsyncIterable<Integer> range(int start, int end) {
        return wrap(Streams.range(start, end, 0));
    }

    /**
     * The integers from {@code start} to {@code end} (exclusive), each produced after sleeping {@code
     * delay} (the seeds' {@code async_range}: {@code for i in range(n): await asyncio.sleep(d); yield i}).
     * The sleep is a kotlinx timer: no thread is held. A delay of zero or less means no sleep.
     *
     * @param start the first integer
     * @param end the integer after the last
     * @param delay the sleep before each integer
     * @return the integers
     * @throws NullPointerException if {@code delay} is null
     */
    public static AsyncIterable<Integer> range(int start, int end, Duration delay) {
        long nanos = Checks.nanosAtLeastZero(Checks.notNull(delay, "delay"));
        return wrap(Streams.range(start, end, nanos));
    }

    /**
     * The elements of a {@code java.util.concurrent.Flow.Publisher}, as a foreign stream arrives in
     * Python through an async iterator. Each consumption subscribes once; the subscriber requests
     * elements in batches (kotlinx's default buffer of 64) as the consumer takes them, and cancels the
     * subscription when the consumer stops early, fails or is cancelled. {@code onError} ends the stream
     * with that exception; {@code onComplete} ends it normally. Hot or cold as the publisher is. The
     * subscriber follows the Reactive Streams rules and passes the TCK: null signals throw {@link
     * NullPointerException}, a second {@code onSubscribe} is cancelled.
     *
     * @param publisher the publisher
     * @param <T> the element type
     * @return an iterable subscribing to {@code publisher} per consumption
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> AsyncIterable<T> from(Flow.Publisher<? extends T> publisher) {
        Checks.notNull(publisher, "publisher");
        @SuppressWarnings("unchecked")
        Flow.Publisher<T> p = (Flow.Publisher<T>) publisher;
        return wrap(Streams.fromPublisher(CheckedSubscriber.checking(p)));
    }

    /**
     * An iterable driving a custom {@link AsyncIterator}: each consumption gets a fresh iterator from
     * {@code iterators}, calls {@code anext()} once per element the consumer wants (never ahead of it)
     * until it fails with {@link StopAsyncIteration}, and calls {@code aclose()} once at the end, however
     * the consumption ended. A null element fails the stream with {@link NullPointerException}.
     *
     * @param iterators makes the iterator for each consumption (asyncio's {@code __aiter__})
     * @param <T> the element type
     * @return an iterable over the iterators' elements
     * @throws NullPointerException if {@code iterators} is null
     */
    public static <T> AsyncIterable<T> fromIterator(Supplier<? extends AsyncIterator<? extends T>> iterators) {
        Checks.notNull(iterators, "iterators");
        return wrap(Streams.fromIterator(iterators));
    }

    /**
     * An async generator, as a Python {@code async def} containing {@code yield}; the same as {@link
     * Asyncio#generator(Generator)}. Each consumption runs {@code body} as a new task of the consumer's
     * loop, started when the first element is wanted. The body hands over each element with {@code
     * y.yield(v)} and is parked there until the consumer wants the next one: it never runs ahead (no
     * buffer). When the consumer stops early, fails or is cancelled, the body's task gets a cancellation
     * request (a {@link CancelledError} at its {@code yield} or current {@code await}), its {@code finally}
     * blocks run, and the consumer waits for it to end, as asyncio's {@code aclose()}. A failure of the
     * body ends the stream with that exception, unwrapped. The body's task is named after where the
     * generator was defined, {@code generator@Crawler.java:42}, as task dumps and logs show it.
     *
     * @param body the generator's body
     * @param <T> the element type
     * @return the generator's elements
     * @throws NullPointerException if {@code body} is null
     */
    public static <T> AsyncIterable<T> generator(Generator<T> body) {
        Checks.notNull(body, "body");
        String name = GeneratorCore.nameFromCaller();
        Supplier<GeneratorCore<T>> cores = () -> new GeneratorCore<T>(name, core -> () -> {
            body.generate(new Generator.Yielder<>(core));
            return null;
        });
        return new AsyncIterable<>(Streams.generator(cores), true, cores);
    }

    /**
     * The values of {@code awaitables} in the order they complete, as {@code async for x in
     * asyncio.as_completed(aws)}; {@link Asyncio#asCompleted(Collection)} gives the same as a list of
     * tasks. The awaitables are already running: this source is hot, and only its first consumption sees
     * them in completion order (a later one replays the same order). The first failure ends the stream
     * with that exception; stopping early does not cancel the awaitables.
     *
     * @param awaitables the awaitables
     * @param <T> the common value type
     * @return their values in completion order
     * @throws NullPointerException if {@code awaitables} or an element is null
     */
    public static <T> AsyncIterable<T> asCompleted(Collection<? extends CompletionStage<? extends T>> awaitables) {
        List<Task<T>> tasks = Asyncio.asCompleted(awaitables);
        return wrap(Streams.ofTasks(new ArrayList<CompletionStage<? extends T>>(tasks)));
    }

    /**
     * As {@link #asCompleted(Collection)}, but the stream fails with {@link TimeoutError} at the first
     * value not available when {@code timeout} has passed since this call; the awaitables are not
     * cancelled.
     *
     * @param awaitables the awaitables
     * @param timeout how long to wait for all of them
     * @param <T> the common value type
     * @return their values in completion order
     * @throws NullPointerException if an argument or an element is null
     */
    public static <T> AsyncIterable<T> asCompleted(
            Collection<? extends CompletionStage<? extends T>> awaitables, Duration timeout) {
        List<Task<T>> tasks = Asyncio.asCompleted(awaitables, timeout);
        return wrap(Streams.ofTasks(new ArrayList<CompletionStage<? extends T>>(tasks)));
    }

    /**
     * The given awaitables themselves, each yielded once it is done, in completion order, as Python
     * 3.13's {@code async for t in asyncio.as_completed(tasks)} yields the very tasks it was given (so
     * the caller can tell which one finished). Duplicates collapse; the stream never fails because an
     * awaitable failed: read each one's outcome from it ({@code await(t)}, {@link Task#exception()}).
     *
     * <pre>{@code
     * Map<Task<Page>, String> urls = ...;
     * await(AsyncIterable.asCompletedTasks(urls.keySet()).forEach(t ->
     *         System.out.println(urls.get(t) + " done")));
     * }</pre>
     *
     * <p>Cancelling the consumer leaves the awaitables running, as {@link #asCompleted(Collection)}.
     *
     * @param awaitables the awaitables
     * @param <F> the awaitables' type
     * @return a cold stream of the awaitables in completion order, one consumption per call
     */
    public static <F extends CompletionStage<?>> AsyncIterable<F> asCompletedTasks(Collection<F> awaitables) {
        List<Task<F>> ranks = AsCompleted.originals(Checks.noNullElements(awaitables, "awaitables"), Long.MAX_VALUE);
        return wrap(Streams.ofTasks(new ArrayList<CompletionStage<? extends F>>(ranks)));
    }

    /**
     * The elements of each iterable in turn (the next one is consumed once the previous one ended).
     *
     * @param iterables the iterables
     * @param <T> the element type
     * @return their elements, one iterable after the other
     * @throws NullPointerException if {@code iterables} or one of them is null
     */
    @SafeVarargs
    public static <T> AsyncIterable<T> concat(AsyncIterable<? extends T>... iterables) {
        if (iterables == null) {
            throw new NullPointerException("iterables must not be null");
        }
        List<kotlinx.coroutines.flow.Flow<T>> flows = new ArrayList<>(iterables.length);
        for (int i = 0; i < iterables.length; i++) {
            add(flows, iterables[i], i);
        }
        return wrap(Streams.concat(flows));
    }

    /**
     * The elements of all iterables as they arrive, consuming them concurrently (kotlinx {@code merge}):
     * the order between iterables is not defined. It ends when all have ended; the first failure ends it
     * and stops the others.
     *
     * @param iterables the iterables
     * @param <T> the element type
     * @return their elements, interleaved
     * @throws NullPointerException if {@code iterables} or one of them is null
     */
    @SafeVarargs
    public static <T> AsyncIterable<T> merge(AsyncIterable<? extends T>... iterables) {
        if (iterables == null) {
            throw new NullPointerException("iterables must not be null");
        }
        List<kotlinx.coroutines.flow.Flow<T>> flows = new ArrayList<>(iterables.length);
        for (int i = 0; i < iterables.length; i++) {
            add(flows, iterables[i], i);
        }
        return wrap(Streams.merge(flows));
    }

    private static <T> void add(
            List<kotlinx.coroutines.flow.Flow<T>> flows, @Nullable AsyncIterable<? extends T> iterable, int index) {
        flows.add(AsyncIterable.<T>widen(Checks.notNull(iterable, "iterables[" + index + "]")).flow);
    }

    // ---- operators

    /**
     * Each element transformed by {@code fn} (kotlinx {@code map}), as {@code (fn(x) async for x in
     * it)}. {@code fn} must not block; a null result fails the stream with {@link NullPointerException}.
     *
     * @param fn the transformation
     * @param <R> the new element type
     * @return the transformed elements
     * @throws NullPointerException if {@code fn} is null
     */
    public <R> AsyncIterable<R> map(Function<? super T, ? extends R> fn) {
        Checks.notNull(fn, "fn");
        return wrap(Streams.map(flow, fn), runAhead);
    }

    /**
     * Each element transformed by an asynchronous function, with up to {@code concurrency} calls in
     * progress at once, results in the source's order. {@code fn} returns a stage (a task of {@code
     * createTask}, an HTTP request, …); a stage is counted until it completes, so no more than {@code
     * concurrency} are ever incomplete, and at most {@code concurrency} completed results wait to be
     * taken (the documented buffer). A failed stage ends the stream with its exception at its position;
     * when the stream ends early, the stages started and not yet delivered are cancelled (a task gets a
     * cancellation request).
     *
     * <pre>{@code
     * List<String> pages = await(urls.mapAsync(4, url -> fetch(url)).toList());
     * }</pre>
     *
     * @param concurrency the most calls in progress at once, at least 1
     * @param fn starts the work for one element
     * @param <R> the new element type
     * @return the results, in the source's order
     * @throws NullPointerException if {@code fn} is null
     * @throws IllegalArgumentException if {@code concurrency < 1}
     */
    public <R> AsyncIterable<R> mapAsync(
            int concurrency, Function<? super T, ? extends CompletionStage<? extends R>> fn) {
        Checks.atLeast(concurrency, 1, "concurrency");
        Checks.notNull(fn, "fn");
        return wrap(Streams.mapAsync(flow, concurrency, fn));
    }

    /**
     * The elements for which {@code predicate} is true (kotlinx {@code filter}), as {@code (x async for x
     * in it if p(x))}.
     *
     * @param predicate the condition, which must not block
     * @return the matching elements
     * @throws NullPointerException if {@code predicate} is null
     */
    public AsyncIterable<T> filter(Predicate<? super T> predicate) {
        Checks.notNull(predicate, "predicate");
        return wrap(Streams.filter(flow, predicate), runAhead);
    }

    /**
     * The first {@code count} elements (kotlinx {@code take}); the source is closed as soon as the last
     * one is taken, so a generator is not asked for more.
     *
     * @param count how many elements, at least 0
     * @return at most {@code count} elements
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public AsyncIterable<T> take(int count) {
        Checks.atLeast(count, 0, "count");
        return wrap(Streams.take(flow, count));
    }

    /**
     * The elements up to (not including) the first for which {@code predicate} is false (kotlinx {@code
     * takeWhile}); the source is then closed.
     *
     * @param predicate the condition, which must not block
     * @return the leading matching elements
     * @throws NullPointerException if {@code predicate} is null
     */
    public AsyncIterable<T> takeWhile(Predicate<? super T> predicate) {
        Checks.notNull(predicate, "predicate");
        return wrap(Streams.takeWhile(flow, predicate));
    }

    /**
     * Lets the source run ahead of the consumer by up to {@code capacity} elements (kotlinx {@code
     * buffer}): the source is collected concurrently, and a generator may produce {@code capacity + 1}
     * elements the consumer has not taken yet ({@code capacity} waiting in the buffer, one more waiting
     * to be put there). {@code buffer(0)} decouples the two sides with a rendezvous.
     *
     * @param capacity how many elements may wait, at least 0
     * @return the same elements, buffered
     * @throws IllegalArgumentException if {@code capacity < 0}
     */
    public AsyncIterable<T> buffer(int capacity) {
        Checks.atLeast(capacity, 0, "capacity");
        return wrap(Streams.buffer(flow, capacity));
    }

    /**
     * Fails the stream with {@link TimeoutError} when the next element (or the end) takes longer than
     * {@code timeout} to arrive, as wrapping each {@code anext} in {@code asyncio.timeout}; the time the
     * consumer spends on an element does not count. The source is then closed. A timeout of zero or
     * less expires unless the element is already there.
     *
     * @param timeout the longest wait for each element
     * @return the same elements, bounded in waiting time
     * @throws NullPointerException if {@code timeout} is null
     */
    public AsyncIterable<T> timeout(Duration timeout) {
        long nanos = Checks.nanosAtLeastZero(Checks.notNull(timeout, "timeout"));
        return wrap(Streams.timeoutEach(flow, Math.max(nanos, 1)));
    }

    // ---- terminals

    /**
     * Runs {@code action} for each element, as {@code async for x in it: action(x)}, in a new task.
     * {@code action} runs on a loop thread and must not block.
     *
     * @param action what to do with each element
     * @return a task completing when the stream has ended, failing with the stream's or the action's
     *     exception; cancelling it stops the iteration and closes the source (its task ends cancelled)
     * @throws NullPointerException if {@code action} is null
     */
    public Task<Void> forEach(Consumer<? super T> action) {
        Checks.notNull(action, "action");
        return collect(
                value -> {
                    action.accept(value);
                    return null;
                },
                () -> null);
    }

    /**
     * Runs an asynchronous {@code action} for each element and waits for the stage it returns before
     * taking the next element ({@code async for x in it: await action(x)}).
     *
     * @param action starts the work for one element; it may return null for "nothing to wait for"
     * @return a task completing when the stream has ended and the last stage completed; failing with the
     *     first failure; cancelling it cancels the pending stage and closes the source
     * @throws NullPointerException if {@code action} is null
     */
    public Task<Void> forEachAsync(Function<? super T, ? extends @Nullable CompletionStage<?>> action) {
        Checks.notNull(action, "action");
        return collect(action, () -> null);
    }

    /**
     * All elements in a list, as the async comprehension {@code [x async for x in it]}.
     *
     * @return a task completing with a new mutable list of the elements in order, failing with the
     *     stream's exception; cancelling it closes the source
     */
    public Task<List<T>> toList() {
        List<T> list = new ArrayList<>(); // one element at a time, each handling happens-before the next
        return collect(
                value -> {
                    list.add(value);
                    return null;
                },
                () -> list,
                runAhead);
    }

    /**
     * The first element, as {@code await anext(aiter(it))}; the source is closed right after it (a
     * generator is not asked for a second element).
     *
     * @return a task completing with the first element, or failing with {@link StopAsyncIteration} if
     *     there is none; cancelling it closes the source
     */
    public Task<T> first() {
        AtomicReference<@Nullable T> first = new AtomicReference<>();
        return wrap(Streams.take(flow, 1))
                .collect(
                        value -> {
                            first.set(value);
                            return null;
                        },
                        () -> {
                            T value = first.get();
                            if (value == null) {
                                throw new StopAsyncIteration("the async iterable is empty");
                            }
                            return value;
                        });
    }

    /**
     * An iterator over the elements for manual stepping, as asyncio's {@code aiter(it)}: each {@code
     * anext()} returns a task with the next element (failing with {@link StopAsyncIteration} at the end),
     * and the source produces that element only then (it never runs ahead). Cancelling a pending {@code
     * anext()} task closes the iterator (as cancelling {@code anext} closes an async generator). Call
     * {@code aclose()} when stopping before the end: it closes the source (a generator's {@code finally}
     * blocks run) and its task completes when that is done. The iterator is thread-safe; a second {@code
     * anext()} while one is pending throws {@link IllegalStateException}.
     *
     * @return a new iterator, starting a new consumption at its first {@code anext()}
     */
    public AsyncIterator<T> aiter() {
        Supplier<GeneratorCore<T>> cores = generatorCores;
        if (cores != null) {
            return new GeneratorIterator<>(cores.get(), Loop.current()); // no coroutine between the two bodies
        }
        return new PullIterator<>(flow, Loop.current());
    }

    /**
     * Iterates in direct style, as {@code async for}: use it in try-with-resources so that leaving the
     * loop early ({@code break}, {@code return}, an exception) closes the source.
     *
     * <pre>{@code
     * try (var it = ticker.iterate()) {
     *   for (int tick : it) {
     *     if (tick == 3) break;      // closes the generator, whose finally blocks run
     *   }
     * }
     * }</pre>
     *
     * <p>{@code hasNext()} waits for the next element with {@link Asyncio#await}: in a task body it parks
     * the task (cancelling the task stops the iteration with {@link CancelledError} and closes the
     * source); outside a task body it blocks the calling thread. The source's failure is thrown by {@code
     * hasNext()} as it is, even a checked exception, never wrapped.
     *
     * @return a single-use iterable over the elements, to be closed
     */
    public Iteration<T> iterate() {
        return new Iteration<>(aiter());
    }

    /**
     * A {@code java.util.concurrent.Flow.Publisher} of the elements, for Reactor, Mutiny, RxJava or JDK
     * consumers; it passes the Reactive Streams TCK except rule 3.13 (dropping a cancelled subscriber),
     * which is skipped as an open defect: rarely, in a long test run, the subscriber stayed reachable
     * for more than 5 s. Built on kotlinx's {@code Flow.asPublisher}.
     *
     * <ul>
     *   <li><b>Cold and lazy:</b> each subscriber gets its own consumption of this iterable from the
     *       start, which begins at its first {@code request(n)}, as a Python async generator's body runs at
     *       its first {@code __anext__}; a source that fails at once signals {@code onError} then.
     *   <li><b>Demand:</b> elements are sent only as requested; the source produces at most one element
     *       beyond the demand (the one waiting to be sent). A {@code request(n)} with {@code n <= 0}
     *       cancels the source and signals {@code onError(IllegalArgumentException)} (rule 3.9), after any
     *       {@code onNext} in progress.
     *   <li><b>Completion:</b> {@code onComplete} when the source ends.
     *   <li><b>Error:</b> {@code onError} with the source's exception, unwrapped.
     *   <li><b>Cancellation:</b> {@code cancel()} closes the source as early exit does (a generator's
     *       {@code finally} blocks run); a failure of the source after cancellation is logged.
     * </ul>
     *
     * <p>Signals are delivered serially on kotlinx's {@code Dispatchers.Default}, inside the loop current
     * when this method was called (the process-wide loop outside a run); a subscription outlives the run
     * only as long as its subscriber keeps it.
     *
     * @return a publisher of the elements
     */
    public Flow.Publisher<T> asPublisher() {
        kotlin.coroutines.CoroutineContext context =
                LoopElementKt.loopElement(Loop.current()).plus(Contexts.element());
        return new GuardedPublisher<>(demand -> Streams.publisher(flow, context, demand), runAhead);
    }

    /**
     * Direct-style iteration returned by {@link AsyncIterable#iterate()}: an {@code Iterable} for a
     * for-each loop (its {@code iterator()} may be called once) that must be closed. Not for concurrent
     * use by several threads.
     *
     * @param <T> the element type
     */
    public static final class Iteration<T> implements Iterable<T>, AutoCloseable {
        private final AsyncIterator<T> source;
        private boolean started;
        private boolean closed;

        Iteration(AsyncIterator<T> source) {
            this.source = source;
        }

        /**
         * The iterator for the for-each loop; {@code hasNext()} waits for the next element (see {@link
         * AsyncIterable#iterate()}).
         *
         * @return the iterator
         * @throws IllegalStateException if called a second time
         */
        @Override
        public Iterator<T> iterator() {
            if (started) {
                throw new IllegalStateException("iterate() gives a single-use iterable");
            }
            started = true;
            return new Iterator<T>() {
                private @Nullable T next;
                private boolean ended;

                @Override
                public boolean hasNext() {
                    if (next != null) {
                        return true;
                    }
                    if (ended || closed) {
                        return false;
                    }
                    try {
                        next = Asyncio.await(source.anext());
                        return true;
                    } catch (StopAsyncIteration end) {
                        ended = true;
                        return false;
                    } catch (Exception failure) {
                        ended = true;
                        throw Iteration.<RuntimeException>sneaky(failure);
                    }
                }

                @Override
                public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    T value = next;
                    next = null;
                    return Checks.notNull(value, "value");
                }
            };
        }

        /**
         * Stops the iteration and waits until the source is closed (asyncio's {@code aclose()}); does
         * nothing the second time. A failure of the source's cleanup is thrown as it is.
         *
         * @throws CancelledError if the calling task is cancelled while waiting
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Asyncio.await(source.aclose());
            } catch (Exception failure) {
                throw Iteration.<RuntimeException>sneaky(failure);
            }
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E sneaky(Throwable failure) throws E {
            throw (E) failure;
        }
    }

    private <R> Task<R> collect(
            Function<? super T, ? extends @Nullable CompletionStage<?>> action, Supplier<? extends R> result) {
        return collect(action, result, false);
    }

    private <R> Task<R> collect(
            Function<? super T, ? extends @Nullable CompletionStage<?>> action,
            Supplier<? extends R> result,
            boolean takesAll) {
        OpCore<R> core = OpCore.createScheduled();
        Job job = Streams.launchCollect(Contexts.scope(core.loop().scope()), flow, action, takesAll, failure -> {
            if (failure == null) {
                R value;
                try {
                    value = result.get();
                } catch (RuntimeException e) {
                    core.completeFailure(e);
                    return;
                }
                core.completeValue(value);
            } else if (failure instanceof CancellationException && !(failure instanceof CancelledError)) {
                core.completeCancelled(null);
            } else {
                core.completeFailure(failure);
            }
        });
        core.onCancel(message -> job.cancel((CancellationException) null));
        return core.task();
    }
}
