@file:JvmName("Kx")

package io.asyncio4j.bench

import java.util.concurrent.CountDownLatch
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.jdk9.asPublisher
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

// The raw kotlinx.coroutines baselines: the same workloads as asyncio4j's, written the way a
// Kotlin programmer would, all in runBlocking(Dispatchers.Default) as in shared/BASELINES.md.

/** W1: [n] coroutines each `delay(sleepMs)`, joined together. */
fun w1Sleepers(n: Int, sleepMs: Long): Long =
    runBlocking(Dispatchers.Default) {
        val jobs = List(n) { launch { delay(sleepMs) } }
        jobs.joinAll()
        n.toLong()
    }

/** W2: [n] trivial `async { i }` and `awaitAll`; returns the sum of the results. */
fun w2SpawnAwait(n: Int): Long =
    runBlocking(Dispatchers.Default) {
        val all = List(n) { i -> async { i } }
        var sum = 0L
        for (v in all.awaitAll()) sum += v
        sum
    }

/** W3: [items] ints through a `Channel(capacity)` from [producers] to [consumers]; returns their sum. */
fun w3Queue(items: Int, capacity: Int, producers: Int, consumers: Int): Long =
    runBlocking(Dispatchers.Default) {
        val channel = Channel<Int>(capacity)
        val sums = LongArray(consumers)
        val readers = List(consumers) { c -> launch { var s = 0L; for (x in channel) s += x; sums[c] = s } }
        val per = items / producers
        val writers =
            List(producers) { p ->
                launch {
                    val from = p * per
                    val to = if (p == producers - 1) items else from + per
                    for (i in from until to) channel.send(i)
                }
            }
        writers.joinAll()
        channel.close()
        readers.joinAll()
        sums.sum()
    }

/** W4: [n] coroutines each taking a permit of a `Semaphore(permits)` and yielding once inside it. */
fun w4Semaphore(n: Int, permits: Int): Long =
    runBlocking(Dispatchers.Default) {
        val semaphore = Semaphore(permits)
        List(n) { launch { semaphore.withPermit { yield() } } }.joinAll()
        n.toLong()
    }

/**
 * W5: `flow { emit 0 until n }.map { it * 2 }.filter { it % 3 != 0 }` exposed as a
 * `java.util.concurrent.Flow.Publisher` (kotlinx-coroutines-jdk9 `asPublisher`) and drained by [subscriber].
 */
fun w5Stream(n: Int, subscriber: java.util.concurrent.Flow.Subscriber<Int>, done: CountDownLatch) {
    flow { for (i in 0 until n) emit(i) }
        .map { it * 2 }
        .filter { it % 3 != 0 }
        .asPublisher(Dispatchers.Default)
        .subscribe(subscriber)
    done.await()
}

/**
 * W6: [n] `withTimeout(timeoutMs) { deferred.await() }` that do not expire: each runs in its own
 * coroutine (as each asyncio4j `waitFor` is a task), the deferreds are then completed and all awaited.
 */
fun w6WaitFor(n: Int, timeoutMs: Long): Long =
    runBlocking(Dispatchers.Default) {
        val sources = List(n) { CompletableDeferred<Int>() }
        val guarded =
            List(n) { i -> async(start = CoroutineStart.UNDISPATCHED) { withTimeout(timeoutMs) { sources[i].await() } } }
        for (i in 0 until n) sources[i].complete(i)
        var sum = 0L
        for (v in guarded.awaitAll()) sum += v
        sum
    }
