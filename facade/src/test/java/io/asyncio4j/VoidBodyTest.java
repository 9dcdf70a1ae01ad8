package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The void-body overloads ({@link ThrowingRunnable}, {@link TaskGroup#execute}): that this class compiles
 * is half the test. Each shape a user writes is here once, next to an assertion of which overload Java
 * picked: a lambda with a value keeps it (the {@code Callable} overload), one without compiles without
 * {@code return null}. The other half compiles snippets with javac at test time, for the shapes that must
 * keep compiling and the one documented shape that does not.
 */
@Timeout(60)
class VoidBodyTest {
    private static final Duration SHORT = Duration.ofMillis(1);

    static String value() {
        return "v";
    }

    static void effect(List<String> log) {
        log.add("effect");
    }

    static String helper(TaskGroup tg) {
        tg.createTask(() -> "child");
        return "helper";
    }

    // ---- run

    @Test
    void run_blockLambdaWithoutReturn_compilesAndRuns() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Asyncio.run(() -> {
            await(sleep(SHORT));
            log.add("ran");
        });
        assertEquals(List.of("ran"), log);
    }

    @Test
    void run_valueShapes_stillPickTheCallableOverload() throws Exception {
        String expression = Asyncio.run(() -> value());
        String awaited = Asyncio.run(() -> await(sleep(SHORT, "slept")));
        String block = Asyncio.run(() -> {
            await(sleep(SHORT));
            return "block";
        });
        String reference = Asyncio.run(VoidBodyTest::value);
        Integer debug = Asyncio.run(() -> 7, false);
        assertEquals(List.of("v", "slept", "block", "v", 7), List.of(expression, awaited, block, reference, debug));
    }

    @Test
    void run_voidMethodCall_andVoidReference_pickTheVoidOverload() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Asyncio.run(() -> effect(log));
        Asyncio.run(() -> log.clear(), false);
        Asyncio.run(() -> effect(log), true);
        assertEquals(List.of("effect"), log);
    }

    @Test
    void run_throwingOnlyBlock_isTheCallableOverload_andFailsUnwrapped() {
        IOException boom = new IOException("boom");
        IOException thrown = assertThrows(
                IOException.class,
                () -> Asyncio.run(() -> {
                    throw boom;
                }));
        assertSame(boom, thrown);
    }

    @Test
    void run_voidBodyFailure_isThrownUnwrapped() {
        IOException boom = new IOException("boom");
        IOException thrown = assertThrows(
                IOException.class,
                () -> Asyncio.run(() -> {
                    await(sleep(SHORT));
                    if (boom != null) {
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
    }

    // ---- createTask

    @Test
    void createTask_voidBlock_isATaskOfVoid_completingWithNull() throws Exception {
        Asyncio.run(() -> {
            AtomicInteger ticks = new AtomicInteger();
            Task<Void> ticker = createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    await(sleep(SHORT));
                    ticks.incrementAndGet();
                }
            });
            Task<Void> named = createTask("named", () -> {
                ticks.incrementAndGet();
            });
            assertNull(await(ticker));
            assertNull(await(named));
            assertEquals("named", named.getName());
            assertEquals(4, ticks.get());
        });
    }

    @Test
    void createTask_valueShapes_keepTheirType() throws Exception {
        Asyncio.run(() -> {
            Task<String> expression = createTask(() -> value());
            Task<String> reference = createTask(VoidBodyTest::value);
            Task<String> named = createTask("n", () -> await(sleep(SHORT, "x")));
            Task<Integer> block = createTask(() -> {
                await(sleep(SHORT));
                return 1;
            });
            assertEquals(
                    List.of("v", "v", "x", 1),
                    List.of(await(expression), await(reference), await(named), await(block)));
        });
    }

    // ---- TaskGroup

    @Test
    void taskGroup_execute_voidBody_waitsForItsTasks() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Asyncio.run(() -> {
            TaskGroup.execute(tg -> {
                tg.createTask(() -> {
                    await(sleep(Duration.ofMillis(20)));
                    log.add("a");
                });
                tg.createTask("b", () -> {
                    log.add("b");
                });
            });
            assertThat(log).containsExactlyInAnyOrder("a", "b");
        });
    }

    @Test
    void taskGroup_execute_failure_isTheGroupsException() {
        TaskGroupException e = assertThrows(
                TaskGroupException.class,
                () -> Asyncio.run(() -> {
                    TaskGroup.execute(tg -> {
                        tg.createTask(() -> {
                            throw new IllegalStateException("child failed");
                        });
                        await(sleep(Duration.ofSeconds(30))); // cancelled by the failure
                    });
                }));
        assertThat(e.exceptions()).hasSize(1);
        assertThat(e.getMessage()).contains("java.lang.IllegalStateException: child failed");
    }

    @Test
    void taskGroup_run_expressionLambda_stillCompiles_andKeepsItsValue() throws Exception {
        String v = Asyncio.run(() -> TaskGroup.run(tg -> helper(tg)));
        assertEquals("helper", v);
        String w = Asyncio.run(() -> TaskGroup.run(VoidBodyTest::helper));
        assertEquals("helper", w);
    }

    // ---- timeout

    @Test
    void timeout_voidBodyWithoutHandle_compilesAndTimesOut() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Asyncio.run(() -> {
            Asyncio.timeout(Duration.ofSeconds(10), () -> {
                await(sleep(SHORT));
                log.add("in time");
            });
            assertThrows(
                    TimeoutError.class,
                    () -> Asyncio.timeout(Duration.ofMillis(10), () -> {
                        await(sleep(Duration.ofSeconds(30)));
                    }));
            double when = Asyncio.getRunningLoop().time() + 10;
            Asyncio.timeoutAt(when, () -> {
                log.add("at");
            });
        });
        assertEquals(List.of("in time", "at"), log);
    }

    @Test
    void timeout_handleLambdas_stillPickTheBodyOverload() throws Exception {
        String v = Asyncio.run(() -> Asyncio.timeout(Duration.ofSeconds(10), t -> await(sleep(SHORT, "value"))));
        assertEquals("value", v);
        Double when = Asyncio.run(() -> Asyncio.timeout(Duration.ofSeconds(10), t -> t.when()));
        assertThat(when).isNotNull();
    }

    // ---- Runner

    @Test
    void runner_run_voidAndValueBodies() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (Runner runner = Runner.create()) {
            runner.run(() -> {
                log.add("void");
            });
            assertEquals("value", runner.run(() -> "value"));
        }
        assertEquals(List.of("void"), log);
    }

    // ---- javac at test time: what compiles and what does not

    @Test
    void javac_expressionAndBlockShapes_compile_overloadedMethodReference_isAmbiguous(@TempDir Path out)
            throws Exception {
        String compiles = "import static io.asyncio4j.Asyncio.*;\n"
                + "import io.asyncio4j.*;\n"
                + "import java.time.Duration;\n"
                + "class Shapes {\n"
                + "  static String value() { return \"v\"; }\n"
                + "  static void effect() {}\n"
                + "  static String helper(TaskGroup tg) { return \"h\"; }\n"
                + "  void shapes() throws Exception {\n"
                + "    String a = Asyncio.run(() -> value());\n"
                + "    Asyncio.run(() -> { await(sleep(Duration.ZERO)); });\n"
                + "    Asyncio.run(() -> effect());\n"
                + "    Asyncio.run(Shapes::effect);\n"
                + "    String b = Asyncio.run(Shapes::value);\n"
                + "    Task<String> c = createTask(() -> value());\n"
                + "    Task<Void> d = createTask(() -> { effect(); });\n"
                + "    String e = TaskGroup.run(tg -> helper(tg));\n"
                + "    TaskGroup.execute(tg -> { tg.createTask(() -> { effect(); }); });\n"
                + "    String f = Asyncio.timeout(Duration.ofSeconds(1), t -> value());\n"
                + "    Asyncio.timeout(Duration.ofSeconds(1), () -> { effect(); });\n"
                + "  }\n"
                + "}\n";
        assertThat(compile(out, "Shapes", compiles)).isEmpty();

        // the documented limit (ThrowingRunnable's Javadoc): a reference to an overloaded method
        String overloaded = "import io.asyncio4j.*;\n"
                + "class Overloaded {\n"
                + "  static String fetch() { return \"v\"; }\n"
                + "  static String fetch(String url) { return url; }\n"
                + "  void shapes() throws Exception {\n"
                + "    Asyncio.createTask(Overloaded::fetch);\n"
                + "    Asyncio.createTask(() -> fetch());\n"
                + "  }\n"
                + "}\n";
        List<String> errors = compile(out, "Overloaded", overloaded);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("Overloaded.java:6:").contains("compiler.err.ref.ambiguous");
    }

    /**
     * Compiles one source file against the test class path with the JDK's own {@code javac} (a child
     * process: the tests run inside module {@code io.asyncio4j}, which does not read {@code
     * java.compiler}); returns its error lines.
     */
    private static List<String> compile(Path out, String className, String source) throws Exception {
        Path dir = Files.createDirectories(out.resolve(className));
        Path file = Files.writeString(dir.resolve(className + ".java"), source);
        String javac =
                Paths.get(System.getProperty("java.home"), "bin", "javac").toString();
        Process process = new ProcessBuilder(
                        javac,
                        "-J-Duser.language=en",
                        "-XDrawDiagnostics",
                        "--release",
                        "17",
                        "-classpath",
                        System.getProperty("java.class.path"),
                        "-d",
                        dir.toString(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(50, TimeUnit.SECONDS), "javac did not finish");
        List<String> errors = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.contains(": compiler.err")) {
                errors.add(line);
            }
        }
        return errors;
    }
}
