package io.asyncio4j.internal;

import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A publisher that gives each subscription its own {@link Demand}, counting the subscriber's requests
 * on their way to the real publisher made for that subscription, so that a generator at the source can
 * run ahead of the subscriber exactly as far as it asked. Every signal is passed on unchanged: the real
 * publisher keeps checking the Reactive Streams rules.
 *
 * @param <T> the element type
 */
public final class DemandPublisher<T> implements Flow.Publisher<T> {
    private final Function<Demand, Flow.Publisher<T>> publishers;

    /** @param publishers makes the real publisher for one subscription, fed by its demand */
    public DemandPublisher(Function<Demand, Flow.Publisher<T>> publishers) {
        this.publishers = publishers;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        if (subscriber == null) {
            throw new NullPointerException("subscriber must not be null"); // Reactive Streams rule 1.9
        }
        Demand demand = Demand.fromRequests();
        publishers.apply(demand).subscribe(new Flow.Subscriber<T>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        subscription.request(n); // first: the publisher may deliver at once
                        demand.add(n);
                    }

                    @Override
                    public void cancel() {
                        subscription.cancel();
                    }
                });
            }

            @Override
            public void onNext(T item) {
                demand.delivered();
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
