package io.asyncio4j.internal;

import io.asyncio4j.ReturnWhen;
import io.asyncio4j.Task;
import io.asyncio4j.WaitResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import kotlinx.coroutines.DisposableHandle;

/**
 * asyncio's {@code wait}: completes with the done and pending awaitables when {@link ReturnWhen}'s
 * condition holds or the timeout passes. It never cancels what it waits for; cancelling it ends only
 * the wait.
 */
public final class Waits {
    private Waits() {}

    public static <F extends CompletionStage<?>> Task<WaitResult<F>> wait(
            Collection<F> awaitables, ReturnWhen returnWhen, long timeoutNanos) {
        List<F> items = new ArrayList<>(awaitables);
        List<CompletableFuture<?>> futures = new ArrayList<>(items.size());
        for (F item : items) {
            futures.add(Futures.of(item));
        }
        OpCore<WaitResult<F>> core = OpCore.<WaitResult<F>>create().awaits(futures);
        core.onWithdraw(core::completeCancelled);
        Runnable finish = () -> {
            if (!core.task().isDone()) {
                Set<F> done = new LinkedHashSet<>();
                Set<F> pending = new LinkedHashSet<>();
                for (int i = 0; i < items.size(); i++) {
                    (futures.get(i).isDone() ? done : pending).add(items.get(i));
                }
                core.completeValue(
                        new WaitResult<>(Collections.unmodifiableSet(done), Collections.unmodifiableSet(pending)));
            }
        };
        if (timeoutNanos != Long.MAX_VALUE) {
            DisposableHandle timer = Timers.schedule(core.loop(), timeoutNanos, finish);
            Futures.whenDone(core, () -> Timers.cancel(timer));
        }
        AtomicInteger remaining = new AtomicInteger(futures.size());
        for (CompletableFuture<?> future : futures) {
            future.whenComplete((value, failure) -> {
                boolean last = remaining.decrementAndGet() == 0;
                boolean raised = failure != null && !(Sneaky.unwrap(failure) instanceof CancellationException);
                if (last
                        || returnWhen == ReturnWhen.FIRST_COMPLETED
                        || (returnWhen == ReturnWhen.FIRST_EXCEPTION && raised)) {
                    finish.run();
                }
            });
        }
        return core.task();
    }
}
