@file:JvmName("Streams")

package io.asyncio4j.internal

import io.asyncio4j.AsyncIterator
import io.asyncio4j.StopAsyncIteration
import io.asyncio4j.TimeoutError
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.Consumer
import java.util.function.Function
import java.util.function.Predicate
import java.util.function.Supplier
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlin.coroutines.suspendCoroutine
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.emptyFlow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.merge
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.future.await
import kotlinx.coroutines.jdk9.asFlow
import kotlinx.coroutines.reactive.asPublisher
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

// The kotlinx Flow machinery behind AsyncIterable: sources, operators, terminals and the
// java.util.concurrent.Flow bridges. Java cannot write suspend lambdas, so each piece that must call a
// suspend function (emit, collect, await, delay, send) lives here; the rest stays in Java.

// ---- sources

/** The elements of [items] in order; a null element fails the stream with a named NPE. */
fun <T : Any> fromIterable(items: Iterable<T?>): Flow<T> = flow {
    for (item in items) {
        emit(nn(item, "element of the iterable"))
    }
}

/**
 * A flow running [block] in its collector's coroutine, as `flow {}` does, for the sources that emit at
 * every element. `flow {}` checks each emission against the collector's context, a walk of that context
 * to find its job; in a process with many kinds of context element that lookup is a megamorphic call per
 * element, and it was about a quarter of the CPU time of a running-ahead generator's consumer. Here the
 * job is looked up once and checked at each emission instead. [block] must keep `flow {}`'s rules: emit
 * only from the collecting coroutine, never change its context, and never emit after the collector failed.
 */
private fun <T : Any> directFlow(block: suspend FlowCollector<T>.() -> Unit): Flow<T> =
    object : Flow<T> {
        override suspend fun collect(collector: FlowCollector<T>) {
            CheckedCollector(collector, currentCoroutineContext()[Job]).block()
        }
    }

/** Checks [job] for cancellation before each element, as `flow {}` does, then passes the element on. */
private class CheckedCollector<T>(private val downstream: FlowCollector<T>, private val job: Job?) : FlowCollector<T> {
    override suspend fun emit(value: T) {
        job?.ensureActive()
        downstream.emit(value)
    }
}

/** Integers from [start] (inclusive) to [end] (exclusive), each preceded by a [delayNanos] sleep. */
fun range(start: Int, end: Int, delayNanos: Long): Flow<Int> = directFlow {
    for (i in start until end) {
        if (delayNanos > 0) {
            delay(delayNanos.nanoseconds)
        }
        emit(i)
    }
}

/** A foreign publisher seen as a flow (kotlinx's subscriber, requesting in batches). */
fun <T : Any> fromPublisher(publisher: java.util.concurrent.Flow.Publisher<T>): Flow<T> = publisher.asFlow()

/**
 * A flow pulling from a fresh iterator of [iterators] per collection: `anext` until it fails with
 * [StopAsyncIteration]; `aclose` runs however the collection ends (its failure never replaces one from
 * the iteration: it is added as suppressed).
 */
fun <T : Any> fromIterator(iterators: Supplier<out AsyncIterator<out T>>): Flow<T> = flow {
    val iterator = nn(iterators.get(), "the iterator supplied")
    var primary: Throwable? = null
    try {
        while (true) {
            val stage = nn(iterator.anext(), "the stage returned by anext()")
            val value =
                try {
                    stage.await()
                } catch (end: StopAsyncIteration) {
                    break
                }
            emit(nn(value, "the value of anext()"))
        }
    } catch (e: Throwable) {
        primary = e
        throw e
    } finally {
        closeAfter(primary) { iterator.aclose() }
    }
}

/**
 * An async generator: each collection runs the generator's body as a new task (created by [cores]),
 * asks for one element at a time, and closes the generator however the collection ends.
 */
fun <T : Any> generator(cores: Supplier<GeneratorCore<T>>): Flow<T> = directFlow {
    val core = cores.get()
    var primary: Throwable? = null
    try {
        val runAhead = currentCoroutineContext()[RunAhead]
        if (runAhead != null) {
            // the consumer takes every element: the body fills a bounded buffer on its own thread and
            // this coroutine drains it, waking only when the buffer runs dry
            core.startRunAhead(RunAhead.CAPACITY, runAhead.demand)
            while (true) {
                val item = core.poll()
                if (item === GeneratorCore.END) {
                    break
                }
                if (item is GeneratorCore.Wait) {
                    item.signal.await()
                    continue
                }
                @Suppress("UNCHECKED_CAST")
                emit(item as T)
            }
        } else {
            // one element per request, as a Python async generator: the body never runs ahead
            while (true) {
                val item = core.request().await()
                if (item === GeneratorCore.END) {
                    break
                }
                @Suppress("UNCHECKED_CAST")
                emit(item as T)
            }
        }
    } catch (e: Throwable) {
        primary = e
        throw e
    } finally {
        closeAfter(primary) { core.close() }
    }
}

/**
 * Marks a collection whose consumer has signalled its [demand] in advance (`toList` takes everything, a
 * subscriber requests `n`), through element-wise operators only: a generator source may then run ahead
 * of it, within that demand and by at most [CAPACITY] elements, instead of handing each element across
 * threads on request. Absent for `anext()` pulls and `forEach` (whose action may stop early or interleave
 * with the body's side effects), which keep the lockstep.
 */
class RunAhead(@JvmField val demand: Demand) : AbstractCoroutineContextElement(Key) {
    companion object Key : CoroutineContext.Key<RunAhead> {
        /** How far a generator may run ahead; the body is woken again once half of it is consumed. */
        const val CAPACITY: Int = 1024
    }
}

/** The values of [tasks] (already in completion order) as a flow. */
fun <T : Any> ofTasks(tasks: List<CompletionStage<out T?>>): Flow<T> = flow {
    for (task in tasks) {
        emit(nn(task.await(), "the value of an awaitable"))
    }
}

/**
 * Runs [close] without cancellation; its failure is thrown, or added to [primary] when there is one.
 * Waits with a plain (non-cancellable) suspension rather than `withContext(NonCancellable)`: with the
 * loop's and the context's ThreadContextElements in the context, `withContext` makes an
 * UndispatchedCoroutine that keeps the collecting coroutine's context in a thread-local of the worker
 * thread until that entry is expunged (kotlinx.coroutines #2930, #4296), and with it a publisher's
 * cancelled subscriber (Reactive Streams rule 3.13).
 */
private suspend fun closeAfter(primary: Throwable?, close: () -> CompletionStage<*>) {
    try {
        val stage = close()
        suspendCoroutine { cont ->
            stage.whenComplete { _, failure ->
                if (failure == null) {
                    cont.resume(Unit)
                } else {
                    cont.resumeWithException(Sneaky.unwrap(failure))
                }
            }
        }
    } catch (e: Throwable) {
        val cleanup = unrecovered(e)
        if (primary == null) {
            throw cleanup
        }
        val original = unrecovered(primary)
        if (cleanup !== original) {
            original.addSuppressed(cleanup)
            if (original is java.util.concurrent.CancellationException && cleanup !is java.util.concurrent.CancellationException) {
                // nobody reads what a cancellation carries (asyncio's shutdown_asyncgens reports it too)
                Diagnostics.cleanupFailed("an async iterator closed by its cancelled consumer", cleanup)
            }
        }
    }
}

// ---- operators

fun <T : Any, R : Any> map(flow: Flow<T>, fn: Function<in T, out R?>): Flow<R> =
    flow.map { nn(fn.apply(it), "the value returned by the map function") }

fun <T : Any> filter(flow: Flow<T>, predicate: Predicate<in T>): Flow<T> = flow.filter { predicate.test(it) }

fun <T : Any> take(flow: Flow<T>, count: Int): Flow<T> = if (count == 0) emptyFlow() else flow.take(count)

fun <T : Any> takeWhile(flow: Flow<T>, predicate: Predicate<in T>): Flow<T> = flow.takeWhile { predicate.test(it) }

fun <T : Any> buffer(flow: Flow<T>, capacity: Int): Flow<T> = flow.buffer(capacity)

fun <T : Any> concat(flows: List<Flow<T>>): Flow<T> = flow {
    for (f in flows) {
        emitAll(f)
    }
}

fun <T : Any> merge(flows: List<Flow<T>>): Flow<T> = flows.merge()

/**
 * Ordered asynchronous map: at most [concurrency] stages started by [fn] are incomplete at any time,
 * and results are emitted in the order of the source. Stages started but not yet emitted when the
 * stream ends early are cancelled.
 */
fun <T : Any, R : Any> mapAsync(
    flow: Flow<T>,
    concurrency: Int,
    fn: Function<in T, out CompletionStage<out R>?>,
): Flow<R> = flow {
    coroutineScope {
        val permits = Semaphore(concurrency)
        val started =
            Channel<CompletableFuture<out R>>(concurrency) { undelivered -> undelivered.cancel(false) }
        val producer = launch {
            try {
                flow.collect { value ->
                    permits.acquire()
                    val stage =
                        try {
                            Futures.of<R>(nn(fn.apply(value), "the stage returned by the mapAsync function"))
                        } catch (e: Throwable) {
                            permits.release()
                            throw e
                        }
                    stage.whenComplete { _, _ -> permits.release() }
                    started.send(stage)
                }
                started.close()
            } catch (e: Throwable) {
                started.close(e) // surfaces in order, after the stages started before it
            }
        }
        try {
            for (stage in started) {
                emit(nn(stage.await(), "the value of a mapAsync stage"))
            }
        } finally {
            producer.cancel()
            started.cancel()
        }
    }
}

/**
 * Fails with [TimeoutError] when the next element (or the end) takes longer than [nanos] to arrive;
 * the time the consumer spends on an element is not counted.
 */
fun <T : Any> timeoutEach(flow: Flow<T>, nanos: Long): Flow<T> = flow {
    coroutineScope {
        val elements = Channel<T>(Channel.RENDEZVOUS)
        val producer = launch {
            try {
                flow.collect { elements.send(it) }
                elements.close()
            } catch (e: Throwable) {
                elements.close(e) // rethrown by the consumer below
            }
        }
        try {
            while (true) {
                val next =
                    withTimeoutOrNull(nanos.nanoseconds) { elements.receiveCatching() }
                        ?: throw TimeoutError("no element within the per-element timeout", null)
                if (next.isClosed) {
                    next.exceptionOrNull()?.let { throw it }
                    break
                }
                emit(next.getOrThrow())
            }
        } finally {
            producer.cancel()
        }
    }
}

// ---- terminals and bridges

/**
 * Collects [flow] in [scope]: [action] runs for each element (a returned stage is awaited before the
 * next element), then [done] gets null, or the failure (a CancellationException when cancelled). When
 * [takesAll], a generator at the source may run ahead (see [RunAhead]).
 */
@OptIn(DelicateCoroutinesApi::class) // ATOMIC: the body handles its own cancellation at its first suspension
fun <T : Any> launchCollect(
    scope: CoroutineScope,
    flow: Flow<T>,
    action: Function<in T, out CompletionStage<*>?>,
    takesAll: Boolean,
    done: Consumer<Throwable?>,
): Job = scope.launch(
    if (takesAll) RunAhead(Demand.unbounded()) else EmptyCoroutineContext,
    start = CoroutineStart.ATOMIC, // runs even if cancelled before it starts: done always hears
) {
    try {
        flow.collect { value -> action.apply(value)?.await() }
    } catch (e: Throwable) {
        done.accept(unrecovered(e))
        return@launch
    }
    done.accept(null)
}

/**
 * Pulls [flow] one element per demand: the flow is collected only after the first [PullIterator]
 * request, and each `emit` waits until the next request, so the source never runs ahead.
 */
@OptIn(DelicateCoroutinesApi::class) // ATOMIC: see launchCollect
fun <T : Any> launchPull(scope: CoroutineScope, flow: Flow<T>, sink: PullIterator<T>): Job =
    // ATOMIC: a pull closed before the coroutine started still reaches sink.finished, which aclose() awaits
    scope.launch(start = CoroutineStart.ATOMIC) {
        var failure: Throwable? = null
        try {
            sink.demand().await()
            flow.collect { value ->
                sink.value(value)
                sink.demand().await()
            }
            sink.end()
        } catch (e: Throwable) {
            failure = unrecovered(e)
        }
        sink.finished(failure)
    }

/**
 * kotlinx's Reactive Streams publisher collecting [flow] once per subscriber on [context] (which must hold
 * no Job); [GuardedPublisher] adds what it leaves to its caller. With a [demand] (counted per
 * subscription by [GuardedPublisher]), a generator at the source may run ahead of the subscriber within
 * what it requested.
 */
fun <T : Any> publisher(flow: Flow<T>, context: CoroutineContext, demand: Demand?): org.reactivestreams.Publisher<T> =
    object : Flow<T> {
        override suspend fun collect(collector: FlowCollector<T>) {
            try {
                flow.collect(collector)
            } catch (e: Throwable) {
                throw unrecovered(e)
            }
        }
    }.asPublisher(context + Dispatchers.Default + UNSIGNALLED + (demand?.let { RunAhead(it) } ?: EmptyCoroutineContext))

/** A subscriber whose onError or onComplete threw (rule 2.13 forbids it): logged, never dropped. */
private val UNSIGNALLED = CoroutineExceptionHandler { _, failure ->
    System.getLogger("io.asyncio4j")
        .log(System.Logger.Level.WARNING, "A publisher's subscriber failed in its onError or onComplete", failure)
}

/** [value], or a NullPointerException naming [what] (Reactive Streams forbids null elements). */
private fun <T : Any> nn(value: T?, what: String): T = value ?: throw NullPointerException("$what must not be null")

/**
 * The original exception behind kotlinx's stack-trace recovery, which (when assertions are enabled)
 * rethrows a copy of an exception at each coroutine boundary with the original as its cause: asyncio4j
 * surfaces exceptions unwrapped, so it hands the original on. The copies carry an artificial frame of
 * the `_COROUTINE` package (or, in older versions, a class name starting with backspaces).
 */
fun unrecovered(failure: Throwable): Throwable {
    var t = failure
    while (true) {
        val cause = t.cause ?: return t
        if (cause.javaClass != t.javaClass || t.stackTrace.none { isArtificial(it) }) {
            return t
        }
        t = cause
    }
}

private fun isArtificial(frame: StackTraceElement): Boolean =
    frame.className.startsWith("_COROUTINE") || frame.className.startsWith("\b\b\b")
