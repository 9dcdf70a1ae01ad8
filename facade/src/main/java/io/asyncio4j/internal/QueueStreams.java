package io.asyncio4j.internal;

import static io.asyncio4j.Asyncio.await;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.Asyncio;
import io.asyncio4j.Queue;
import io.asyncio4j.QueueShutDown;

/**
 * A queue as an async source and sink, for {@code Queue.asAsyncIterable()}. The source
 * is an async generator, so it takes an item only when its consumer asks for one and never runs ahead.
 */
public final class QueueStreams {
    private QueueStreams() {}

    public static <E> AsyncIterable<E> source(Queue<E> queue) {
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
