@file:JvmName("Sync")

package io.asyncio4j.internal

import java.util.function.Consumer
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.launch
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.Semaphore

// Bridges from the synchronization primitives and queues to kotlinx suspend functions. Each one
// starts UNDISPATCHED (so it registers as a waiter before returning) and reports exactly once:
// success, or the failure (a CancellationException when its job was cancelled).

/** Acquires a permit of [semaphore]; kotlinx guarantees a cancelled acquire holds no permit. */
fun launchAcquire(scope: CoroutineScope, semaphore: Semaphore, onDone: Runnable, onFailed: Consumer<Throwable>): Job =
    scope.launch(start = CoroutineStart.UNDISPATCHED) {
        try {
            semaphore.acquire()
        } catch (e: Throwable) {
            onFailed.accept(e)
            if (e is CancellationException) throw e
            return@launch
        }
        onDone.run()
    }

/** Locks [mutex] for [owner]; kotlinx guarantees a cancelled lock leaves the mutex unlocked. */
fun launchLock(scope: CoroutineScope, mutex: Mutex, owner: Any, onDone: Runnable, onFailed: Consumer<Throwable>): Job =
    scope.launch(start = CoroutineStart.UNDISPATCHED) {
        try {
            mutex.lock(owner)
        } catch (e: Throwable) {
            onFailed.accept(e)
            if (e is CancellationException) throw e
            return@launch
        }
        onDone.run()
    }

/** Marks "nothing received" for [tryReceive]. */
@JvmField val EMPTY: Any = Any()

/** Marks "the channel is closed" for [tryReceive]. */
@JvmField val CLOSED: Any = Any()

/** Sends without waiting: 0 when sent, 1 when the buffer is full, 2 when the channel is closed. */
fun <E> trySend(channel: SendChannel<E>, item: E): Int {
    val result = channel.trySend(item)
    return if (result.isSuccess) 0 else if (result.isClosed) 2 else 1
}

/** Receives without waiting: the item, [EMPTY] or [CLOSED]. */
fun <E> tryReceive(channel: ReceiveChannel<E>): Any? {
    val result = channel.tryReceive()
    return if (result.isSuccess) result.getOrNull() else if (result.isClosed) CLOSED else EMPTY
}

/**
 * Receives one item unless [abort] completes first. The select picks exactly one clause, so an
 * aborted receive never takes an item: nothing is lost and nothing needs putting back. The job itself
 * is only cancelled when the loop ends.
 */
fun <E> launchReceive(
    scope: CoroutineScope,
    channel: ReceiveChannel<E>,
    abort: Job,
    onItem: Consumer<E>,
    onClosed: Runnable,
    onAborted: Runnable,
): Job =
    scope.launch(start = CoroutineStart.UNDISPATCHED) {
        try {
            select<Unit> {
                channel.onReceiveCatching { result ->
                    if (result.isClosed) {
                        onClosed.run()
                    } else {
                        @Suppress("UNCHECKED_CAST")
                        onItem.accept(result.getOrNull() as E)
                    }
                }
                abort.onJoin { onAborted.run() }
            }
        } catch (e: CancellationException) {
            onAborted.run()
            throw e
        }
    }

/** Sends [item] unless [abort] completes first; an aborted send never enters the channel. */
fun <E> launchSend(
    scope: CoroutineScope,
    channel: SendChannel<E>,
    item: E,
    abort: Job,
    onSent: Runnable,
    onClosed: Runnable,
    onAborted: Runnable,
): Job =
    scope.launch(start = CoroutineStart.UNDISPATCHED) {
        try {
            select<Unit> {
                channel.onSend(item) { onSent.run() }
                abort.onJoin { onAborted.run() }
            }
        } catch (e: ClosedSendChannelException) {
            onClosed.run()
        } catch (e: CancellationException) {
            onAborted.run()
            throw e
        }
    }

/** A FIFO channel holding up to [maxsize] items, unlimited when [maxsize] <= 0. */
fun <E> newChannel(maxsize: Int): kotlinx.coroutines.channels.Channel<E> =
    kotlinx.coroutines.channels.Channel(if (maxsize <= 0) kotlinx.coroutines.channels.Channel.UNLIMITED else maxsize)
