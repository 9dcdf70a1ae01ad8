package io.asyncio4j.internal

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.Job
import kotlinx.coroutines.sync.Semaphore

/**
 * One waiting acquire of a kotlinx [Semaphore], as an asyncio future: the waiter is itself the
 * continuation of `semaphore.acquire()`, so no coroutine is launched for it. Its context is a job of
 * its own and has no dispatcher: kotlinx resumes it inline, in the thread that calls `release()`, so
 * the permit is known taken before `release()` returns, and cancelling the job withdraws it from
 * kotlinx's queue before `job.cancel()` returns.
 *
 * The job has no parent. As a child of the loop's job it cost a node in that job's list, added and
 * removed per wait from every thread (contended: 10-15 % of W4's future-style CPU samples), only so that
 * the loop's end could cancel a waiter nobody awaits any more (a task's waiters are withdrawn when the
 * task is cancelled). Such a waiter now stays queued, as its future stays pending in asyncio; if a
 * permit reaches it once its loop is closed, it passes the permit on ([giveBack]) and ends aborted, so
 * a primitive shared with other runs loses nothing.
 *
 * Its own state decides, exactly once, between the two outcomes: PENDING → TAKEN when kotlinx hands
 * it the permit ([taken] runs then, inline), PENDING → CANCELLED when [withdraw] or [abort] wins.
 * A permit that arrives after the waiter was withdrawn goes back at once ([giveBack]), to the next
 * waiter. So [withdraw] answers synchronously and truly: true means the waiter never holds a permit.
 */
abstract class Waiter(private val loop: Loop) : Continuation<Unit> {
    private val job: CompletableJob = Job()

    /** PENDING, TAKEN or CANCELLED; a public field only so that [STATE] may update it. */
    @Volatile @JvmField internal var state: Int = PENDING

    final override val context: CoroutineContext
        get() = job

    /** Starts waiting for a permit of [semaphore]; [taken] runs once it is held (maybe before this returns). */
    fun start(semaphore: Semaphore) {
        val outcome =
            try {
                semaphore::acquire.startCoroutineUninterceptedOrReturn(this)
            } catch (e: Throwable) {
                resumeWith(Result.failure(e))
                return
            }
        if (outcome !== COROUTINE_SUSPENDED) {
            resumeWith(Result.success(Unit))
        }
    }

    final override fun resumeWith(result: Result<Unit>) {
        if (result.isSuccess) {
            if (loop.isClosed) {
                // the run ended while this waited, and nobody can use the permit any more
                giveBack()
                if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
                    aborted(IllegalStateException("$loop is closed"))
                }
            } else if (STATE.compareAndSet(this, PENDING, TAKEN)) {
                // the job is not completed: it has no parent and kotlinx has detached from it, so it is
                // simply dropped
                taken()
            } else {
                giveBack() // withdrawn first: the permit goes to the next waiter
            }
        } else if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
            // not withdrawn by us: kotlinx failed the acquire
            aborted(result.exceptionOrNull() ?: IllegalStateException("no failure"))
        }
    }

    /**
     * Withdraws the waiter, synchronously: true if it will never hold the permit (now or before), false
     * if it already took it. Idempotent.
     */
    fun withdraw(): Boolean {
        if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
            job.cancel(null) // out of kotlinx's queue now; a resume racing with it is given back
            return true
        }
        return state == CANCELLED
    }

    /** Whether the permit has been handed to this waiter. */
    val isTaken: Boolean
        get() = state == TAKEN

    /** The permit is held; runs inline in the releasing thread, so it must not run user code. */
    protected abstract fun taken()

    /** Gives back a permit that arrived after the waiter was withdrawn. */
    protected abstract fun giveBack()

    /** The acquire failed without a withdrawal (the loop ended); the waiter holds no permit. */
    protected abstract fun aborted(failure: Throwable)

    private companion object {
        const val PENDING = 0
        const val TAKEN = 1
        const val CANCELLED = 2
        val STATE: AtomicIntegerFieldUpdater<Waiter> = AtomicIntegerFieldUpdater.newUpdater(Waiter::class.java, "state")
    }
}
