package io.asyncio4j.internal;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts in front of kotlinx's publisher-consuming subscriber the Reactive Streams rules it does not
 * check itself (found by the TCK): rule 2.5, a second {@code onSubscribe} is answered by cancelling
 * that subscription, and rule 2.13, null arguments throw {@link NullPointerException}.
 *
 * @param <T> the element type
 */
public final class CheckedSubscriber<T> implements Flow.Subscriber<T> {
    private final Flow.Subscriber<? super T> delegate;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    private CheckedSubscriber(Flow.Subscriber<? super T> delegate) {
        this.delegate = delegate;
    }

    /** The publisher whose subscribers are each wrapped in a {@code CheckedSubscriber}. */
    public static <T> Flow.Publisher<T> checking(Flow.Publisher<T> publisher) {
        return subscriber -> publisher.subscribe(new CheckedSubscriber<>(subscriber));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        Checks.notNull(subscription, "subscription");
        if (!subscribed.compareAndSet(false, true)) {
            subscription.cancel(); // rule 2.5
            return;
        }
        delegate.onSubscribe(subscription);
    }

    @Override
    public void onNext(T item) {
        delegate.onNext(Checks.notNull(item, "item"));
    }

    @Override
    public void onError(Throwable throwable) {
        delegate.onError(Checks.notNull(throwable, "throwable"));
    }

    @Override
    public void onComplete() {
        delegate.onComplete();
    }
}
