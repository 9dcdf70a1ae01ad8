package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The await graph of a task (asyncio 3.14's capture_call_graph) and the JMX dump of every loop's tasks. */
@Timeout(30)
class CallGraphTest {

    /** Waits until {@code task}'s body is parked in an await. */
    private static void untilParked(Task<?> task) {
        Awaitility.await()
                .pollInSameThread()
                .atMost(Duration.ofSeconds(10))
                .until(() -> Asyncio.captureCallGraph(task).awaiting() != null);
    }

    @Test
    void captureCallGraph_followsAwaitsUpToTheRoot_withTheLineOfEachAwait() throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        Asyncio.run(() -> {
            Task<String> leaf = Asyncio.createTask("leaf", () -> await(gate)); // LEAF-AWAIT
            Task<String> middle = Asyncio.createTask("middle", () -> await(leaf)); // MIDDLE-AWAIT
            Task<Object> outer = Asyncio.createTask("outer", () -> await(Asyncio.gather(middle))); // OUTER-AWAIT
            untilParked(outer);
            untilParked(middle);
            untilParked(leaf);

            CallGraph graph = Asyncio.captureCallGraph(leaf);
            assertSame(leaf, graph.task());
            assertSame(gate, graph.awaiting());
            assertThat(graph.callStack().get(0).getClassName()).startsWith(CallGraphTest.class.getName());
            assertThat(graph.awaitedBy()).singleElement().satisfies(m -> {
                assertSame(middle, m.task());
                assertSame(leaf, m.awaiting());
                // the gather's children list the task awaiting the gather
                assertThat(m.awaitedBy()).singleElement().satisfies(o -> {
                    assertSame(outer, o.task());
                    assertThat(o.awaitedBy()).isEmpty();
                });
            });

            String text = graph.toString();
            assertThat(text)
                    .startsWith("* Task[name=leaf, state=pending] awaiting CompletableFuture[pending]\n")
                    .contains("  + Call stack:\n  |   at io.asyncio4j.CallGraphTest.lambda$")
                    .contains("  + Awaited by:\n     * Task[name=middle, state=pending] awaiting Task[leaf]\n")
                    .contains("       + Awaited by:\n          * Task[name=outer, state=pending]")
                    .doesNotContain("io.asyncio4j.internal.");
            gate.complete("done");
            assertThat(await(outer)).isEqualTo(java.util.List.of("done"));
            return null;
        });
    }

    @Test
    void captureCallGraph_ofTheCurrentTask_showsTheLineOfTheCall() throws Exception {
        CallGraph graph = Asyncio.run(() -> Asyncio.captureCallGraph(Asyncio.currentTask()));
        assertThat(graph.awaiting()).isNull();
        StackTraceElement top = graph.callStack().get(0);
        assertThat(top.getClassName()).isEqualTo(CallGraphTest.class.getName());
        assertThat(top.getMethodName()).startsWith("lambda$captureCallGraph_ofTheCurrentTask");
    }

    @Test
    void captureCallGraph_ofAnOperation_inDebug_namesTheAwaiter() throws Exception {
        Asyncio.run(
                () -> {
                    Task<Void> sleep = Asyncio.sleep(Duration.ofSeconds(30));
                    Task<Void> sleeper = Asyncio.createTask("sleeper", () -> await(sleep));
                    untilParked(sleeper);
                    CallGraph graph = Asyncio.captureCallGraph(sleep);
                    assertThat(graph.callStack()).isEmpty();
                    assertThat(graph.awaitedBy()).singleElement().satisfies(g -> assertSame(sleeper, g.task()));
                    assertThat(graph.toString())
                            .contains("* Task[name=sleeper, state=pending] awaiting Asyncio.sleep()");
                    sleeper.cancel();
                    return null;
                },
                true);
    }

    @Test
    void jmxDumpTasks_printsEveryRunningLoopsTaskTree() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.asyncio4j:type=EventLoops");
        Asyncio.run(() -> {
            Task<Void> child = Asyncio.createTask("jmx-child", () -> await(Asyncio.sleep(Duration.ofSeconds(30))));
            Task<Void> parent = Asyncio.createTask("jmx-parent", () -> await(child));
            untilParked(parent);
            untilParked(child);
            assertNotNull(server.getMBeanInfo(name));
            String dump = (String) server.invoke(name, "dumpTasks", null, null);
            assertThat(dump)
                    .containsPattern("EventLoop\\[run, running\\] #\\d+\n")
                    .containsPattern("(?m)^Task\\[name=jmx-parent, state=pending\\] awaiting Task\\[jmx-child\\]"
                            + " at io\\.asyncio4j\\.CallGraphTest\\.lambda\\$.*\\(CallGraphTest\\.java:\\d+\\)\n"
                            + "└── Task\\[name=jmx-child, state=pending\\] awaiting an operation at .*CallGraphTest");
            assertThat((Integer) server.getAttribute(name, "LoopCount")).isPositive();
            parent.cancel();
            return null;
        });
        String after = (String) server.invoke(name, "dumpTasks", null, null);
        assertThat(after).doesNotContain("jmx-parent");
    }
}
