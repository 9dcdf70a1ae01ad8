/** How asyncio4j works: kotlinx bridges, the loop, task state and checks. Not exported; not an API. */
@NullMarked
package io.asyncio4j.internal;

import org.jspecify.annotations.NullMarked;
