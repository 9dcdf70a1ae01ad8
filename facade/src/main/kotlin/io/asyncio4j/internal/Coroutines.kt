@file:JvmName("Coroutines")

package io.asyncio4j.internal

import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible

// The few places where asyncio4j calls kotlinx suspend functions. Java cannot write suspend
// lambdas, so each bridge is a plain function that launches a coroutine and reports back through
// a Java callback.

/**
 * Runs blocking [work] on kotlinx's IO dispatcher; cancelling the job interrupts the thread. Reports
 * the value or the failure (a CancellationException when cancelled) to [done], exactly once.
 */
fun <T> launchInterruptible(
    scope: CoroutineScope,
    work: java.util.concurrent.Callable<T>,
    done: java.util.function.BiConsumer<T?, Throwable?>,
): Job =
    scope.launch(start = CoroutineStart.UNDISPATCHED) {
        val value =
            try {
                runInterruptible(Dispatchers.IO) { work.call() }
            } catch (e: Throwable) {
                done.accept(null, e)
                return@launch
            }
        done.accept(value, null)
    }

/** Blocks the calling (non-task) thread until [job] is complete. */
fun joinBlocking(job: Job) {
    runBlocking { job.join() }
}

/**
 * Logs failures that escape a coroutine of the loop named [label]. asyncio4j's own coroutines report
 * their outcome to a task, so reaching this handler means a bug, never a user error.
 */
fun loggingHandler(label: String): CoroutineExceptionHandler =
    CoroutineExceptionHandler { _, failure ->
        System.getLogger("io.asyncio4j")
            .log(System.Logger.Level.ERROR, "Unhandled failure in a coroutine of event loop $label", failure)
    }

/**
 * Runs [action] on [dispatcher] once [nanos] have passed; cancelling the returned job disarms it.
 * Used for loop callbacks, which must run on the loop's serial dispatcher.
 */
fun launchTimerOn(scope: CoroutineScope, dispatcher: CoroutineDispatcher, nanos: Long, action: Runnable): Job =
    scope.launch(dispatcher, start = CoroutineStart.UNDISPATCHED) {
        delay(nanos.nanoseconds)
        action.run()
    }
