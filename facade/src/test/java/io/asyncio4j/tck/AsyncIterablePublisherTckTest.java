package io.asyncio4j.tck;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.Asyncio;
import java.io.IOException;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK against {@link AsyncIterable#asPublisher()} of a generator (the source with
 * the most machinery: a task per subscription, a hand-over per element, cleanup on cancel).
 */
public class AsyncIterablePublisherTckTest extends FlowPublisherVerification<Long> {
    public AsyncIterablePublisherTckTest() {
        // generous for expected signals (a loaded 2-core CI machine), short for "nothing arrives" checks
        // rule 3.13 waits for the cancelled subscriber to be collected: 5 s, not 300 ms, so a busy 2-core
        // CI machine's slow GC is not taken for a leak
        super(new TestEnvironment(2_000, 300), 5_000);
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return Asyncio.<Long>generator(y -> {
                    for (long i = 0; i < elements; i++) {
                        y.yield(i);
                    }
                })
                .asPublisher();
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return Asyncio.<Long>generator(y -> {
                    throw new IOException("failed source");
                })
                .asPublisher();
    }
}
