package io.asyncio4j.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;

/**
 * The W5 sink shared by every JVM runtime: a {@link Flow.Subscriber} that requests {@value #BATCH} items
 * at a time, sums what it receives and opens {@link #done} on completion or failure.
 */
public final class CountingSubscriber implements Flow.Subscriber<Integer> {
    /** Items requested per {@code request(n)} call. */
    public static final int BATCH = 1024;

    /** Opened by {@code onComplete} or {@code onError}. */
    public final CountDownLatch done = new CountDownLatch(1);

    /**
     * Completed (with null, also on failure: {@link #awaitSum()} reports it) by {@code onComplete} or
     * {@code onError}, for callers that wait without blocking a thread (asyncio4j's {@code await}).
     */
    public final CompletableFuture<Void> finished = new CompletableFuture<>();

    private Flow.Subscription subscription;
    private int outstanding;
    private long count;
    private long sum;
    private volatile Throwable failure;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        outstanding = BATCH;
        s.request(BATCH);
    }

    @Override
    public void onNext(Integer item) {
        count++;
        sum += item;
        if (--outstanding == 0) {
            outstanding = BATCH;
            subscription.request(BATCH);
        }
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        done.countDown();
        finished.complete(null);
    }

    @Override
    public void onComplete() {
        done.countDown();
        finished.complete(null);
    }

    /** Waits for the end of the stream and returns the sum received; rethrows a stream failure. */
    public long awaitSum() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure != null) {
            throw new IllegalStateException("stream failed", failure);
        }
        return sum;
    }

    /** Items received so far. */
    public long count() {
        return count;
    }

    /** The expected sum for {@code n} source ints through {@code map(x * 2)} and {@code filter(x % 3 != 0)}. */
    public static long expectedSum(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            long v = 2L * i;
            if (v % 3 != 0) {
                s += v;
            }
        }
        return s;
    }
}
