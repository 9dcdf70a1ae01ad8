package io.asyncio4j.tck;

import io.asyncio4j.AsyncIterable;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/** The Reactive Streams TCK against {@link AsyncIterable#asPublisher()} of a plain source with operators. */
public class AsyncIterableRangePublisherTckTest extends FlowPublisherVerification<Integer> {
    public AsyncIterableRangePublisherTckTest() {
        // generous for expected signals (a loaded 2-core CI machine), short for "nothing arrives" checks
        super(new TestEnvironment(2_000, 300));
    }

    @Override
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        return AsyncIterable.range(0, (int) elements)
                .map(i -> i * 2)
                .filter(i -> i >= 0)
                .asPublisher();
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
        return AsyncIterable.of(1)
                .<Integer>map(i -> {
                    throw new IllegalStateException("failed source");
                })
                .asPublisher();
    }

    @Override
    public long maxElementsFromPublisher() {
        return Integer.MAX_VALUE - 1L;
    }
}
