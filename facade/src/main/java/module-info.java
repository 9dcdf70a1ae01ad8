/**
 * asyncio4j: Python asyncio's vocabulary for Java, executed by kotlinx.coroutines.
 *
 * <p>The module exports a single package, {@link io.asyncio4j}; everything under {@code
 * io.asyncio4j.internal} is implementation and stays hidden.
 */
@SuppressWarnings(
        "requires-automatic") // org.reactivestreams 1.0.4 is an automatic module; kotlinx's reactive module needs it
// too
module io.asyncio4j {
    requires kotlin.stdlib;
    requires kotlinx.coroutines.core;
    requires kotlinx.coroutines.jdk9;
    requires kotlinx.coroutines
            .reactive; // Flow.asPublisher: its FlowSubscription, wrapped by internal.GuardedPublisher
    requires org.reactivestreams;
    requires jdk.unsupported; // sun.misc.Signal: Ctrl-C cancels the main task of a run (internal.Sigint)
    requires java.management; // the io.asyncio4j:type=EventLoops MBean (task dumps from jconsole)
    requires static org.jspecify; // nullness annotations only: not needed at run time

    exports io.asyncio4j;
}
