package io.asyncio4j;

import io.asyncio4j.internal.AwaitGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Who awaits whom: a snapshot of a task, the line it is at, what it awaits, and, recursively, the tasks
 * awaiting it up to the root; asyncio 3.14's {@code FutureCallGraph} from {@code
 * asyncio.capture_call_graph()}. Made by {@link Asyncio#captureCallGraph(Task)}; {@link #toString()}
 * formats it as asyncio's {@code format_call_graph} does, and {@link Asyncio#printCallGraph(Task)}
 * prints it.
 *
 * <p>A task awaits the future its body is parked on in {@link Asyncio#await}; a task that awaits an
 * operation built on other futures ({@link Asyncio#gather}, {@link Asyncio#wait}, {@link
 * Asyncio#waitFor}, {@link Asyncio#shield}, {@link Asyncio#ensureFuture}) awaits those too, so the
 * children of a {@code gather} list the task awaiting the gather in {@link #awaitedBy()}. Only tasks of
 * the same loop that are still live are found.
 *
 * <pre>{@code
 * Asyncio.run(() -> {
 *   Task<Void> leaf = Asyncio.createTask("leaf", () -> {
 *     Asyncio.printCallGraph(Asyncio.currentTask());
 *     return null;
 *   });
 *   return await(leaf);
 * });
 * // * Task[name=leaf, state=pending]
 * //   + Call stack:
 * //   |   at app.Main.lambda$main$0(Main.java:3)
 * //   + Awaited by:
 * //      * Task[name=Task-1, state=pending] awaiting Task[leaf]
 * //         + Call stack:
 * //         |   at app.Main.lambda$main$1(Main.java:6)
 * }</pre>
 *
 * <p><b>From outside the process.</b> The first time a loop runs, asyncio4j registers the MBean
 * {@code io.asyncio4j:type=EventLoops} on the platform MBean server (asyncio's {@code python -m
 * asyncio pstree PID}). Its operation {@code dumpTasks()} returns every open loop's live tasks as a
 * tree, each awaiter above what it awaits, with what each body awaits and the line of that await:
 * call it from {@code jconsole} or JDK Mission Control (attach to the process, MBeans tab, {@code
 * io.asyncio4j} → {@code EventLoops} → Operations), or from any JMX client after {@code jcmd <pid>
 * ManagementAgent.start_local}.
 *
 * <pre>{@code
 * EventLoop[run, running] #1
 * Task[name=Task-1, state=pending] awaiting Task[Task-4] at app.Crawler.main(Crawler.java:41)
 * ├── Task[name=fetch-1, state=pending] awaiting Task[Task-5] at app.Crawler.fetch(Crawler.java:27)
 * └── Task[name=fetch-2, state=pending] awaiting Task[Task-6] at app.Crawler.fetch(Crawler.java:27)
 * }</pre>
 *
 * <p>Instances are immutable snapshots: the tasks keep running, so a graph of moving tasks may be
 * slightly inconsistent, as asyncio's is across threads. This class is thread-safe.
 */
public final class CallGraph {
    private static final int MAX_DEPTH = 64;

    private final Task<?> task;
    private final List<StackTraceElement> callStack;
    private final @Nullable CompletableFuture<?> awaiting;
    private final List<CallGraph> awaitedBy;

    private CallGraph(
            Task<?> task,
            List<StackTraceElement> callStack,
            @Nullable CompletableFuture<?> awaiting,
            List<CallGraph> awaitedBy) {
        this.task = task;
        this.callStack = callStack;
        this.awaiting = awaiting;
        this.awaitedBy = awaitedBy;
    }

    static CallGraph capture(Task<?> task) {
        return capture(task, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static CallGraph capture(Task<?> task, Set<Task<?>> seen, int depth) {
        seen.add(task);
        CompletableFuture<?> awaiting = AwaitGraph.awaiting(task);
        List<StackTraceElement> stack = AwaitGraph.callStack(task);
        List<CallGraph> above = new ArrayList<>();
        if (depth < MAX_DEPTH) {
            for (Task<?> awaiter : AwaitGraph.awaiters(task)) {
                if (!seen.contains(awaiter)) {
                    above.add(capture(awaiter, seen, depth + 1));
                }
            }
        }
        return new CallGraph(task, stack, awaiting, Collections.unmodifiableList(above));
    }

    /**
     * The task this frame describes.
     *
     * @return the task
     */
    public Task<?> task() {
        return task;
    }

    /**
     * The task body's own frames (those outside asyncio4j), innermost first: while the body is parked,
     * the first is the line of its {@code await}; for the task capturing its own graph, the line of the
     * capture. Empty when the task is not a body ({@code sleep}, {@code gather}, …) or is not running.
     *
     * @return an unmodifiable list of stack frames
     */
    public List<StackTraceElement> callStack() {
        return callStack;
    }

    /**
     * The future the task's body is parked on in {@code await}, as asyncio's task {@code _fut_waiter}.
     *
     * @return the awaited future, or null when the body is running, done, or the task is not a body
     */
    public @Nullable CompletableFuture<?> awaiting() {
        return awaiting;
    }

    /**
     * The graphs of the live tasks awaiting this one, directly or through an operation such as {@code
     * gather}, each with its own awaiters up to the root (the task nobody awaits, usually {@code
     * main}), as asyncio's {@code awaited_by}.
     *
     * @return an unmodifiable list, empty for a root
     */
    public List<CallGraph> awaitedBy() {
        return awaitedBy;
    }

    /**
     * The graph as asyncio's {@code format_call_graph} prints it: each task with what it awaits, its
     * call stack and, indented below, the tasks awaiting it.
     *
     * @return the formatted graph, ending with a line break
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        format(this, "", out);
        return out.toString();
    }

    private static void format(CallGraph graph, String indent, StringBuilder out) {
        out.append(indent).append("* ").append(graph.task);
        if (graph.awaiting != null) {
            out.append(" awaiting ").append(AwaitGraph.describe(graph.awaiting));
        }
        out.append('\n');
        if (!graph.callStack.isEmpty()) {
            out.append(indent).append("  + Call stack:\n");
            for (StackTraceElement frame : graph.callStack) {
                out.append(indent)
                        .append("  |   at ")
                        .append(AwaitGraph.frame(frame))
                        .append('\n');
            }
        }
        if (!graph.awaitedBy.isEmpty()) {
            out.append(indent).append("  + Awaited by:\n");
            for (CallGraph awaiter : graph.awaitedBy) {
                format(awaiter, indent + "     ", out);
            }
        }
    }
}
