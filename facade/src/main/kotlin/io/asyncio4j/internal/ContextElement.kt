package io.asyncio4j.internal

import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.ThreadContextElement

/**
 * Carries a task context (asyncio's `contextvars`, plus the registered thread-locals' values) with a
 * coroutine: kotlinx calls [updateThreadContext] before each segment of the coroutine (and of its
 * children, which inherit the element) on whatever thread runs it, and [restoreThreadContext] after it,
 * so the values never leak into the next work of a pooled thread. Both delegate to [Contexts], which
 * applies the same pair around task bodies and plain callbacks.
 */
internal class ContextElement(private val state: ContextState) : ThreadContextElement<Any?> {
    companion object Key : CoroutineContext.Key<ContextElement>

    override val key: CoroutineContext.Key<*>
        get() = Key

    override fun updateThreadContext(context: CoroutineContext): Any? = Contexts.enter(state)

    override fun restoreThreadContext(context: CoroutineContext, oldState: Any?) {
        Contexts.exit(oldState)
    }
}

/** The context element carrying [state]; see [ContextElement]. */
fun contextElement(state: ContextState): CoroutineContext = ContextElement(state)
