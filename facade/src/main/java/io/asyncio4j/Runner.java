package io.asyncio4j;

import io.asyncio4j.internal.Checks;
import io.asyncio4j.internal.DebugMode;
import io.asyncio4j.internal.Loop;
import java.util.concurrent.Callable;

/**
 * Runs several mains on one event loop, then closes it, as asyncio's {@code asyncio.Runner} (3.11).
 * {@link Asyncio#run} is a runner used once.
 *
 * <pre>{@code
 * try (Runner runner = Runner.create()) {
 *   runner.run(() -> connect());
 *   runner.run(() -> query());          // same loop, same loop-bound state
 * }                                     // cancels what is left, then closes the loop
 * }</pre>
 *
 * <p>Unlike Python, where the loop is stopped between two {@code run} calls, tasks left running by
 * one main keep running until the next {@code run} or {@link #close()}: task bodies have threads of
 * their own. This class is thread-safe; {@code run} calls on one runner do not overlap (a second
 * concurrent {@code run} fails).
 *
 * <p><b>Ctrl-C.</b> Each {@link #run} handles SIGINT as {@link Asyncio#run(Callable)} does, and on the
 * same terms (only on the JVM's main thread, only if the JDK's own handler is in place): the first
 * Ctrl-C cancels that run's main task, and once main has finished cancelled {@code run} throws {@link
 * KeyboardInterrupt}; a second one stops the JVM at once. The previous handler is put back when each
 * {@code run} returns, so between two runs Ctrl-C does what it did before. Unlike {@code
 * Asyncio.run}, {@code run} does not cancel the tasks main left: {@link #close()} does, and
 * try-with-resources calls it on the way out of a {@code KeyboardInterrupt}.
 */
public final class Runner implements AutoCloseable {
    private final Loop loop;

    private Runner(boolean debug) {
        this.loop = new Loop("runner", debug);
    }

    /**
     * A runner whose debug mode follows {@code -Dasyncio4j.debug} and {@code ASYNCIO4J_DEBUG}.
     *
     * @return a new runner with an open loop
     */
    public static Runner create() {
        return new Runner(DebugMode.fromEnvironment());
    }

    /**
     * A runner with debug mode on or off, as {@code asyncio.Runner(debug=...)}.
     *
     * @param debug whether the loop runs in debug mode
     * @return a new runner with an open loop
     */
    public static Runner create(boolean debug) {
        return new Runner(debug);
    }

    /**
     * Runs {@code main} on the runner's loop and blocks until it is done, as {@code Runner.run(coro)}.
     *
     * @param main the body, run as a task
     * @param <T> the value type
     * @return main's value
     * @throws IllegalStateException if the runner is closed, already running, or called from a task
     * @throws KeyboardInterrupt if a Ctrl-C cancelled main and main ended cancelled (see the class
     *     documentation)
     * @throws Exception main's original exception
     */
    public <T> T run(Callable<T> main) throws Exception {
        Checks.notNull(main, "main");
        if (loop.isClosed()) {
            throw new IllegalStateException("Runner is closed");
        }
        return loop.runUntilComplete(main);
    }

    /**
     * Runs a {@code main} that returns nothing, as {@link #run(Callable)} does; Java picks this overload
     * only for a lambda without a value (see {@link ThrowingRunnable}).
     *
     * <pre>{@code
     * try (Runner runner = Runner.create()) {
     *   runner.run(() -> { await(db.connect()); });
     *   runner.run(() -> { await(db.migrate()); System.out.println("migrated"); });
     * }
     * }</pre>
     *
     * @param main the body, run as a task
     * @throws IllegalStateException if the runner is closed, already running, or called from a task
     * @throws KeyboardInterrupt if a Ctrl-C cancelled main and main ended cancelled
     * @throws Exception main's original exception
     */
    public void run(ThrowingRunnable main) throws Exception {
        run(Asyncio.asCallable(Checks.notNull(main, "main")));
    }

    /**
     * The runner's loop, as {@code Runner.get_loop()}.
     *
     * @return the loop
     * @throws IllegalStateException if the runner is closed
     */
    public EventLoop getLoop() {
        if (loop.isClosed()) {
            throw new IllegalStateException("Runner is closed");
        }
        return EventLoop.of(loop);
    }

    /**
     * Cancels the tasks still pending, waits for them, logs exceptions never retrieved, and closes the
     * loop, as {@code Runner.close()}. Closing twice does nothing.
     *
     * @throws IllegalStateException if called from the runner's own tasks
     */
    @Override
    public void close() {
        loop.close();
    }
}
