package io.asyncio4j.internal

import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.ThreadContextElement

/**
 * Marks the threads running a coroutine of [loop] while it runs, so that code called from it (a
 * dependent stage, a `createTask`) finds its loop, and so that debug mode can time each segment a
 * coroutine holds a dispatcher thread.
 */
internal class LoopElement(private val loop: Loop) : ThreadContextElement<Any?> {
    companion object Key : CoroutineContext.Key<LoopElement>

    override val key: CoroutineContext.Key<*>
        get() = Key

    override fun updateThreadContext(context: CoroutineContext): Any? = loop.enter()

    override fun restoreThreadContext(context: CoroutineContext, oldState: Any?) {
        loop.exit(oldState, context)
    }
}

/** The context element binding coroutines to [loop]; see [LoopElement]. */
fun loopElement(loop: Loop): CoroutineContext = LoopElement(loop)
