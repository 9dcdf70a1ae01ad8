package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;

/**
 * A queue as an async source and sink, shared by the three queue types (not public API). The source
 * is an async generator, so it takes an item only when its consumer asks for one and never runs ahead.
 */
final class QueueStreams {
    private QueueStreams() {}

    static <E> AsyncIterable<E> source(QueueImpl<E> queue) {
        return Asyncio.generator(y -> {
            while (true) {
                E item;
                try {
                    item = await(queue.get());
                } catch (QueueShutDown end) {
                    return; // shut down and drained: the stream ends normally
                }
                try {
                    y.yield(item); // returns when the consumer asks for the next item: this one is handled
                } finally {
                    queue.taskDone();
                }
            }
        });
    }
}
