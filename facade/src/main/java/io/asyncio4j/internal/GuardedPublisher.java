package io.asyncio4j.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.function.Function;
import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;

/**
 * A {@code java.util.concurrent.Flow.Publisher} over kotlinx's {@code Flow.asPublisher} (one {@code
 * FlowSubscription} per subscriber), adding what that adapter leaves to its caller:
 *
 * <ul>
 *   <li>Rule 1.3: requests made inside {@code onSubscribe} go up once it has returned (kotlinx would
 *       start the source on another thread at once, and signal {@code onNext} during it).
 *   <li>Rule 3.9: a {@code request(n)} with {@code n <= 0} cancels the source and signals {@code
 *       onError(IllegalArgumentException)} (kotlinx ignores it). The error is signalled once the
 *       subscription's coroutine has completed, so never while an {@code onNext} is running, with no
 *       lock or counter on the path of each element.
 *   <li>Signals after the subscriber cancelled are dropped; a failure among them is logged, never lost.
 *   <li>For a generator source that may run ahead, the subscription's {@link Demand}: the requests on
 *       their way up and the elements on their way down.
 * </ul>
 *
 * <p>kotlinx's adapter was chosen over its {@code flowPublish}, which checks rule 3.9 itself, because
 * {@code flowPublish} takes a lock for each element it sends: W5 (range, map, filter, a subscriber)
 * ran at 24 ns per element through it, against 11 ns through the adapter, on the bench machine.
 *
 * @param <T> the element type
 */
public final class GuardedPublisher<T> implements Flow.Publisher<T> {
    private static final System.Logger LOG = System.getLogger("io.asyncio4j");

    private final Function<@Nullable Demand, org.reactivestreams.Publisher<T>> publishers;
    private final boolean countDemand;

    /**
     * @param publishers makes kotlinx's publisher for one subscription, given its demand (null unless
     *     {@code countDemand})
     * @param countDemand whether the source needs the subscription's {@link Demand}
     */
    public GuardedPublisher(
            Function<@Nullable Demand, org.reactivestreams.Publisher<T>> publishers, boolean countDemand) {
        this.publishers = publishers;
        this.countDemand = countDemand;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        if (subscriber == null) {
            throw new NullPointerException("subscriber must not be null"); // Reactive Streams rule 1.9
        }
        Demand demand = countDemand ? Demand.fromRequests() : null;
        publishers.apply(demand).subscribe(new Guard<>(subscriber, demand));
    }

    /** Between kotlinx's subscription and the subscriber: see the class comment. */
    private static final class Guard<T> implements org.reactivestreams.Subscriber<T>, Flow.Subscription {
        private final Flow.Subscriber<? super T> downstream;
        private final @Nullable Demand demand;
        private org.reactivestreams.@Nullable Subscription upstream;
        private volatile boolean subscribing = true; // until onSubscribe returned: requests are held back
        private long early; // guarded by this: requested while subscribing
        private boolean requested; // a positive request went up: kotlinx started the source (rule 2.7: serial)
        private volatile @Nullable IllegalArgumentException badRequest;
        private volatile boolean cancelled;
        private volatile boolean terminated;

        Guard(Flow.Subscriber<? super T> downstream, @Nullable Demand demand) {
            this.downstream = downstream;
            this.demand = demand;
        }

        @Override
        public void onSubscribe(org.reactivestreams.Subscription subscription) {
            upstream = subscription;
            downstream.onSubscribe(this);
            long n;
            synchronized (this) {
                subscribing = false;
                n = early;
            }
            if (n > 0 && badRequest == null && !cancelled) {
                forward(n);
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                reject(n);
                return;
            }
            if (subscribing) {
                synchronized (this) {
                    if (subscribing) {
                        // rule 1.3: kotlinx would start the source on another thread at once, and its first
                        // onNext could run while the subscriber's onSubscribe, which asked for it, still does
                        early = early + n < 0 ? Long.MAX_VALUE : early + n;
                        return;
                    }
                }
            }
            forward(n);
        }

        @SuppressWarnings("NullAway")
        private void forward(long n) {
            requested = true;
            upstream.request(n); // first: kotlinx may deliver at once, before the demand below grows
            if (demand != null) {
                demand.add(n);
            }
        }

        @SuppressWarnings("NullAway")
        private void reject(long n) {
            if (badRequest != null || cancelled || terminated) {
                return;
            }
            IllegalArgumentException error =
                    new IllegalArgumentException("Reactive Streams rule 3.9: request(n) needs n > 0, got " + n);
            badRequest = error;
            org.reactivestreams.Subscription subscription = upstream;
            subscription.cancel();
            if (requested && subscription instanceof Job) {
                // after the coroutine's last signal: its onNext calls are over, and its end is dropped below
                ((Job) subscription).invokeOnCompletion(cause -> {
                    terminate(error);
                    return kotlin.Unit.INSTANCE;
                });
            } else {
                // kotlinx starts the source at the first positive request: with none, nothing can signal
                // (and its coroutine, cancelled before it ran, never completes)
                terminate(error);
            }
        }

        @Override
        @SuppressWarnings("NullAway")
        public void cancel() {
            cancelled = true;
            upstream.cancel();
        }

        @Override
        public void onNext(T item) {
            if (demand != null) {
                demand.delivered();
            }
            downstream.onNext(item);
        }

        @Override
        public void onError(Throwable failure) {
            if (badRequest != null) {
                return; // the subscription was cancelled for it: its error goes instead, at completion
            }
            if (cancelled || terminated) {
                if (!(failure instanceof CancellationException)) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "A publisher's source failed after its subscription ended",
                            failure);
                }
                return;
            }
            terminate(failure);
        }

        @Override
        public void onComplete() {
            if (badRequest == null && !cancelled) {
                terminate(null);
            }
        }

        /** The one terminal signal: {@code onError(failure)}, or {@code onComplete()} for null. */
        private void terminate(@Nullable Throwable failure) {
            if (terminated || cancelled) {
                return;
            }
            terminated = true;
            if (failure == null) {
                downstream.onComplete();
            } else {
                downstream.onError(failure);
            }
        }
    }
}
