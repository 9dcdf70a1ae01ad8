package io.asyncio4j.tck;

import io.asyncio4j.AsyncIterable;
import io.asyncio4j.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterMethod;

/**
 * The Reactive Streams TCK against the subscriber that {@link AsyncIterable#from(Flow.Publisher)} uses
 * to consume a foreign publisher: the subscriber is captured by a relay publisher when a consumption
 * ({@code forEach}) subscribes.
 */
public class AsyncIterableSubscriberTckTest extends FlowSubscriberBlackboxVerification<Integer> {
    private Task<Void> consumption;

    public AsyncIterableSubscriberTckTest() {
        // generous for expected signals (a loaded 2-core CI machine), short for "nothing arrives" checks
        super(new TestEnvironment(2_000, 300));
    }

    @Override
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        CompletableFuture<Flow.Subscriber<? super Integer>> captured = new CompletableFuture<>();
        Flow.Publisher<Integer> relay = captured::complete;
        consumption = AsyncIterable.from(relay).forEach(value -> {});
        try {
            @SuppressWarnings("unchecked")
            Flow.Subscriber<Integer> subscriber = (Flow.Subscriber<Integer>) captured.get(5, TimeUnit.SECONDS);
            return subscriber;
        } catch (Exception e) {
            throw new AssertionError("the consumption did not subscribe", e);
        }
    }

    @AfterMethod
    public void stopConsumption() {
        if (consumption != null) {
            consumption.cancel();
        }
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
