package io.asyncio4j.internal;

import io.asyncio4j.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Who awaits whom, for {@code Asyncio.captureCallGraph} and the JMX task dump: asyncio 3.14's call
 * graph. A body task awaits the future it is parked on ({@code waitingOn}); an operation that waits on
 * other futures (a gather, a wait, a waitFor, a shield, an {@code ensureFuture}) passes through to them,
 * so a task awaiting {@code gather(a, b)} awaits {@code a} and {@code b}. Read without locks: a snapshot
 * of tasks that keep running, which may be slightly inconsistent while they move.
 */
public final class AwaitGraph {
    private static final int MAX_DEPTH = 64;

    private AwaitGraph() {}

    /** The future {@code task}'s body is parked on, or null (running, done, or not a body). */
    public static @Nullable CompletableFuture<?> awaiting(Task<?> task) {
        TaskCore<?> core = TaskCore.of(task);
        return core instanceof BodyCore ? ((BodyCore<?>) core).awaiting() : null;
    }

    /**
     * The user's frames of {@code task}'s body, its current line first (the line of its {@code await}
     * while parked); empty when the body is not running or parked, or the task is not a body.
     */
    public static List<StackTraceElement> callStack(Task<?> task) {
        TaskCore<?> core = TaskCore.of(task);
        if (!(core instanceof BodyCore)) {
            return List.of();
        }
        Thread thread = ((BodyCore<?>) core).thread();
        if (thread == null) {
            return List.of();
        }
        return Collections.unmodifiableList(LibraryFrames.userFrames(thread.getStackTrace()));
    }

    /** The live tasks of {@code task}'s loop whose bodies await it, directly or through operations. */
    public static List<Task<?>> awaiters(Task<?> task) {
        List<Task<?>> awaiters = new ArrayList<>();
        TaskCore<?> target = TaskCore.of(task);
        for (TaskCore<?> core : target.loop().liveCores()) {
            if (core instanceof BodyCore && core != target) {
                CompletableFuture<?> awaited = ((BodyCore<?>) core).awaiting();
                if (awaited != null && reaches(awaited, task, 0)) {
                    awaiters.add(core.task());
                }
            }
        }
        return awaiters;
    }

    private static boolean reaches(CompletableFuture<?> from, CompletableFuture<?> target, int depth) {
        if (from == target) {
            return true;
        }
        if (depth < MAX_DEPTH && from instanceof Task) {
            TaskCore<?> core = TaskCore.of((Task<?>) from);
            if (core instanceof OpCore) {
                for (CompletableFuture<?> next : ((OpCore<?>) core).awaited()) {
                    if (reaches(next, target, depth + 1)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * What a task dump calls a future: an operation by the call that made it where debug mode recorded
     * it ({@code Asyncio.sleep()}), else as {@link Describe#future}.
     */
    public static String describe(CompletableFuture<?> future) {
        if (future instanceof Task) {
            TaskCore<?> core = TaskCore.of((Task<?>) future);
            if (core instanceof OpCore && !core.registered()) {
                CreationSite site = core.site();
                StringBuilder text = new StringBuilder(site != null ? LibraryFrames.operation(site) : "an operation");
                String separator = " of ";
                for (CompletableFuture<?> awaited : ((OpCore<?>) core).awaited()) {
                    text.append(separator).append(Describe.future(awaited));
                    separator = ", ";
                }
                return text.toString();
            }
        }
        return Describe.future(future);
    }

    /** {@code Class.method(File.java:42)}, without the module and loader prefixes of {@code toString()}. */
    public static String frame(StackTraceElement frame) {
        return LibraryFrames.describe(frame);
    }

    // ---- the tree of a loop, for the JMX dump

    /** Every live task of {@code loop} as a tree, awaiters above what they await (a {@code pstree}). */
    static String tree(Loop loop) {
        List<TaskCore<?>> live = loop.liveCores();
        Map<CompletableFuture<?>, TaskCore<?>> nodes = new IdentityHashMap<>();
        for (TaskCore<?> core : live) {
            nodes.put(core.task(), core);
        }
        Map<TaskCore<?>, List<TaskCore<?>>> children = new LinkedHashMap<>();
        Set<TaskCore<?>> awaited = Collections.newSetFromMap(new IdentityHashMap<>());
        for (TaskCore<?> core : live) {
            List<TaskCore<?>> below = new ArrayList<>();
            if (core instanceof BodyCore) {
                CompletableFuture<?> f = ((BodyCore<?>) core).awaiting();
                if (f != null) {
                    collect(f, nodes, below, 0);
                }
            }
            below.remove(core);
            children.put(core, below);
            awaited.addAll(below);
        }
        StringBuilder out = new StringBuilder();
        Set<TaskCore<?>> printed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<TaskCore<?>> roots = new ArrayList<>();
        for (TaskCore<?> core : live) {
            if (!awaited.contains(core)) {
                roots.add(core);
            }
        }
        for (TaskCore<?> core : live) {
            if (awaited.contains(core)) {
                roots.add(core); // only awaited in a cycle: printed if nothing else printed it
            }
        }
        for (int i = 0; i < roots.size(); i++) {
            if (!printed.contains(roots.get(i))) {
                print(roots.get(i), children, "", "", out, printed);
            }
        }
        return out.toString();
    }

    private static void collect(
            CompletableFuture<?> f, Map<CompletableFuture<?>, TaskCore<?>> nodes, List<TaskCore<?>> into, int depth) {
        TaskCore<?> node = nodes.get(f);
        if (node != null) {
            if (!into.contains(node)) {
                into.add(node);
            }
            return;
        }
        if (depth < MAX_DEPTH && f instanceof Task) {
            TaskCore<?> core = TaskCore.of((Task<?>) f);
            if (core instanceof OpCore) {
                for (CompletableFuture<?> next : ((OpCore<?>) core).awaited()) {
                    collect(next, nodes, into, depth + 1);
                }
            }
        }
    }

    private static void print(
            TaskCore<?> core,
            Map<TaskCore<?>, List<TaskCore<?>>> children,
            String lead,
            String childLead,
            StringBuilder out,
            Set<TaskCore<?>> printed) {
        printed.add(core);
        out.append(lead).append(line(core)).append('\n');
        List<TaskCore<?>> below = new ArrayList<>(children.getOrDefault(core, List.of()));
        below.removeIf(printed::contains);
        for (int i = 0; i < below.size(); i++) {
            boolean last = i == below.size() - 1;
            print(
                    below.get(i),
                    children,
                    childLead + (last ? "└── " : "├── "),
                    childLead + (last ? "    " : "│   "),
                    out,
                    printed);
        }
    }

    /** One task: its name and state, what it awaits and the line it awaits it at. */
    static String line(TaskCore<?> core) {
        StringBuilder line = new StringBuilder(core.task().toString());
        if (core instanceof BodyCore) {
            CompletableFuture<?> f = ((BodyCore<?>) core).awaiting();
            if (f != null) {
                line.append(" awaiting ").append(describe(f));
            }
            List<StackTraceElement> stack = callStack(core.task());
            if (!stack.isEmpty()) {
                line.append(" at ").append(LibraryFrames.describe(stack.get(0)));
            }
        }
        return line.toString();
    }
}
