package io.asyncio4j.stress;

import org.junit.jupiter.api.Tag;

/** {@link LeakTest} at full size (1,000,000 cycles per kind), run only under {@code -Pstress}. */
@Tag("stress")
class LeakStressTest extends LeakTest {}
