package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Hostile input: a reflective equivalent of guava-testlib's {@code NullPointerTester} over every
 * public constructor and method of every public type of {@code io.asyncio4j}, and a table of
 * out-of-range values with the documented result of each.
 */
@Timeout(60)
class HostileInputTest {

    // ---- nulls

    /**
     * For every public method and constructor, and every reference parameter not annotated
     * {@code @Nullable}: passing null (with sane values for the others) throws {@link
     * NullPointerException} at once, and its message names the parameter.
     */
    @Test
    void everyPublicMethodAndConstructor_nullForNonNullableParameter_throwsNpeNamingIt() throws Exception {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        Asyncio.run(() -> {
            Map<Class<?>, Object> instances = instances();
            for (Class<?> type : ApiSignatureTest.publicTypes()) {
                List<java.lang.reflect.Executable> members = new ArrayList<>();
                for (Constructor<?> c : type.getDeclaredConstructors()) {
                    if (Modifier.isPublic(c.getModifiers())) {
                        members.add(c);
                    }
                }
                for (Method m : type.getDeclaredMethods()) {
                    if (Modifier.isPublic(m.getModifiers())
                            && !Modifier.isAbstract(m.getModifiers()) // implemented by users
                            && !m.isSynthetic()
                            && !m.isBridge()
                            && !m.getName().equals("equals")) {
                        members.add(m);
                    }
                }
                for (java.lang.reflect.Executable member : members) {
                    Parameter[] params = member.getParameters();
                    for (int i = 0; i < params.length; i++) {
                        if (params[i].getType().isPrimitive() || nullable(params[i])) {
                            continue;
                        }
                        checked[0]++;
                        String problem = callWithNull(type, member, i, instances);
                        if (problem != null) {
                            problems.add(problem);
                        }
                    }
                }
            }
            return null;
        });
        assertTrue(checked[0] > 80, "checked " + checked[0] + " parameters");
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    private static boolean nullable(Parameter p) {
        return p.isAnnotationPresent(Nullable.class) || p.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    private static @Nullable String callWithNull(
            Class<?> type, java.lang.reflect.Executable member, int nullIndex, Map<Class<?>, Object> instances) {
        Parameter[] params = member.getParameters();
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            args[i] = i == nullIndex ? null : sample(params[i].getType());
        }
        String what = member.toGenericString() + " with null " + params[nullIndex].getName();
        try {
            Object result;
            if (member instanceof Constructor) {
                result = ((Constructor<?>) member).newInstance(args);
            } else {
                Method m = (Method) member;
                Object target = Modifier.isStatic(m.getModifiers()) ? null : instances.get(type);
                if (target == null && !Modifier.isStatic(m.getModifiers())) {
                    return "no instance of " + type.getName() + " to test " + what;
                }
                result = m.invoke(target, args);
            }
            return what + " returned " + result + " instead of throwing NullPointerException";
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof UnsupportedOperationException && type == Task.class) {
                return null; // complete/obtrude/orTimeout…: refused on a Task whatever the arguments (documented)
            }
            if (!(thrown instanceof NullPointerException)) {
                return what + " threw " + thrown;
            }
            if (type.isEnum() && member.getName().equals("valueOf")) {
                return null; // the JDK's own message
            }
            String message = String.valueOf(thrown.getMessage());
            if (!message.startsWith(params[nullIndex].getName())) {
                return what + " threw an NPE not naming the parameter: " + message;
            }
            return null;
        } catch (ReflectiveOperationException e) {
            return what + " could not be called: " + e;
        }
    }

    /** A sane, inert value for a parameter type. */
    private static Object sample(Class<?> type) {
        if (type == Duration.class) {
            return Duration.ofMillis(1);
        }
        if (type == Callable.class) {
            return (Callable<Object>) () -> "v";
        }
        if (type == CompletionStage.class || type == CompletableFuture.class) {
            return CompletableFuture.completedFuture("v");
        }
        if (type == Collection.class || type == List.class) {
            return List.of(CompletableFuture.completedFuture("v"));
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Callable[].class) {
            return new Callable<?>[0];
        }
        if (type == CompletionStage[].class) {
            return new CompletionStage<?>[0];
        }
        if (type == String.class || type == CharSequence.class || type == Object.class) {
            return "x";
        }
        if (type == Runnable.class) {
            return (Runnable) () -> {};
        }
        if (type == Consumer.class) {
            return (Consumer<Object>) t -> {};
        }
        if (type == TaskGroup.Body.class) {
            return (TaskGroup.Body<Object>) tg -> null;
        }
        if (type == io.asyncio4j.Timeout.Body.class) {
            return (io.asyncio4j.Timeout.Body<Object>) t -> null;
        }
        if (type == Context.class) {
            return Context.create();
        }
        if (type == ContextVar.class) {
            return ContextVar.create("sample");
        }
        if (type == ThreadLocal.class) {
            return new ThreadLocal<Object>();
        }
        if (type == java.util.function.Supplier.class) {
            return (java.util.function.Supplier<Object>) () -> null;
        }
        if (type == ReturnWhen.class) {
            return ReturnWhen.ALL_COMPLETED;
        }
        if (type == Executor.class) {
            return (Executor) Runnable::run;
        }
        if (type == Path.class) {
            return Path.of("target", "hostile-input-never-created");
        }
        if (type == byte[].class) {
            return new byte[0];
        }
        if (type == Charset.class) {
            return StandardCharsets.UTF_8;
        }
        if (type == Throwable.class) {
            return new IllegalStateException("sample");
        }
        if (type == Double.class) {
            return 1.0;
        }
        if (type == List[].class || type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == double.class) {
            return 1.0;
        }
        if (type == java.util.concurrent.TimeUnit.class) {
            return java.util.concurrent.TimeUnit.SECONDS;
        }
        if (type.isInterface()) {
            return java.lang.reflect.Proxy.newProxyInstance(
                    type.getClassLoader(), new Class<?>[] {type}, (proxy, method, a) -> null);
        }
        throw new AssertionError("no sample value for " + type + ": add one to HostileInputTest.sample");
    }

    /** One live instance of each public type with instance methods. */
    private static Map<Class<?>, Object> instances() throws Exception {
        Map<Class<?>, Object> m = new LinkedHashMap<>();
        m.put(Task.class, Asyncio.sleep(Duration.ofSeconds(30)));
        m.put(EventLoop.class, Asyncio.getRunningLoop());
        m.put(TimerHandle.class, Asyncio.getRunningLoop().callLater(Duration.ofSeconds(30), () -> {}));
        m.put(Runner.class, Runner.create());
        m.put(Outcome.Success.class, new Outcome.Success<>("v"));
        m.put(Outcome.Failure.class, new Outcome.Failure<>(new IllegalStateException("x")));
        m.put(WaitResult.class, new WaitResult<>(Set.of(), Set.of()));
        m.put(TaskGroup.class, TaskGroup.open());
        m.put(CancelledError.class, new CancelledError("x"));
        m.put(InvalidStateError.class, new InvalidStateError("x"));
        m.put(TimeoutError.class, new TimeoutError("x", null));
        m.put(TaskGroupException.class, new TaskGroupException(List.of(new IllegalStateException())));
        m.put(TaskGroup.Body.class, (TaskGroup.Body<Object>) tg -> null);
        m.put(io.asyncio4j.Timeout.Body.class, (io.asyncio4j.Timeout.Body<Object>) t -> null);
        Asyncio.timeout(Duration.ofSeconds(30), t -> m.put(io.asyncio4j.Timeout.class, t));
        m.put(AsyncIterable.class, AsyncIterable.of(1, 2));
        m.put(Context.class, Context.create());
        ContextVar<Object> var = ContextVar.create("hostile");
        m.put(ContextVar.class, var);
        m.put(ContextVar.Token.class, Context.create().run(() -> var.set("v")));
        ThreadLocalBridge bridge = ThreadLocalBridge.register(new ThreadLocal<Object>());
        bridge.close(); // only its instance methods are called; none takes an argument
        m.put(ThreadLocalBridge.class, bridge);
        m.put(Semaphore.class, new Semaphore(1));
        m.put(BoundedSemaphore.class, new BoundedSemaphore(1));
        m.put(Lock.class, new Lock());
        m.put(Condition.class, new Condition());
        m.put(Event.class, new Event());
        m.put(Barrier.class, new Barrier(2));
        m.put(Queue.class, new Queue<>());
        m.put(LifoQueue.class, new LifoQueue<>());
        m.put(PriorityQueue.class, new PriorityQueue<>());
        await(AsyncIterable.<Object>generator(y -> m.put(Generator.Yielder.class, y))
                .toList());
        return m;
    }

    // ---- out-of-range values: a table of documented results

    private static final Duration OVERFLOW = Duration.ofSeconds(Long.MAX_VALUE);
    private static final Duration NEGATIVE = Duration.ofMillis(-5);
    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    /** One row: what is called, and the check of its documented result. */
    private static void row(String what, Executable check, List<String> failures) {
        try {
            check.execute();
        } catch (Throwable e) {
            failures.add(what + ": " + e);
        }
    }

    @Test
    void outOfRangeValues_table_documentedResultForEach() throws Exception {
        List<String> failures = new ArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            CompletableFuture<String> done = CompletableFuture.completedFuture("done");

            row(
                    "sleep(negative) is a zero sleep",
                    () -> assertEquals("v", await(Asyncio.sleep(NEGATIVE, "v"))),
                    failures);
            row(
                    "sleep(Duration overflow) saturates: pending, cancellable",
                    () -> {
                        Task<Void> s = Asyncio.sleep(OVERFLOW);
                        assertFalse(s.isDone());
                        assertTrue(s.cancel());
                        assertThrows(CancelledError.class, () -> await(s));
                    },
                    failures);
            row(
                    "sleep(Long.MAX_VALUE ns) pending, cancellable",
                    () -> {
                        Task<Void> s = Asyncio.sleep(MAX_NANOS);
                        assertTrue(s.cancel());
                        assertThrows(CancelledError.class, () -> await(s));
                    },
                    failures);
            row(
                    "waitFor(done, negative) returns the value",
                    () -> assertEquals("done", await(Asyncio.waitFor(done, NEGATIVE))),
                    failures);
            row(
                    "waitFor(pending, zero) is already expired: TimeoutError, work cancelled",
                    () -> {
                        Task<Void> work = Asyncio.sleep(Duration.ofSeconds(30));
                        assertThrows(TimeoutError.class, () -> await(Asyncio.waitFor(work, Duration.ZERO)));
                        assertTrue(work.isCancelled());
                    },
                    failures);
            row(
                    "waitFor(body, negative): TimeoutError, body never starts",
                    () -> {
                        boolean[] ran = {false};
                        assertThrows(TimeoutError.class, () -> await(Asyncio.waitFor(() -> ran[0] = true, NEGATIVE)));
                        assertFalse(ran[0]);
                    },
                    failures);
            row(
                    "waitFor(work, Duration overflow) = no deadline",
                    () -> assertEquals("v", await(Asyncio.waitFor(Asyncio.sleep(Duration.ofMillis(5), "v"), OVERFLOW))),
                    failures);
            row(
                    "waitFor(work, Long.MAX_VALUE ns) = no deadline",
                    () -> assertEquals(
                            "v", await(Asyncio.waitFor(Asyncio.sleep(Duration.ofMillis(5), "v"), MAX_NANOS))),
                    failures);
            row(
                    "timeout(negative) expires at the first await",
                    () -> assertThrows(
                            TimeoutError.class,
                            () -> Asyncio.timeout(NEGATIVE, t -> await(Asyncio.sleep(Duration.ofSeconds(30))))),
                    failures);
            row(
                    "timeout(negative) without await returns the value",
                    () -> assertEquals("v", Asyncio.timeout(NEGATIVE, t -> "v")),
                    failures);
            row(
                    "timeout(Duration overflow) = no practical deadline",
                    () -> assertEquals("v", Asyncio.timeout(OVERFLOW, t -> {
                        await(Asyncio.sleep(Duration.ofMillis(1)));
                        return "v";
                    })),
                    failures);
            row(
                    "timeoutAt(NaN) -> IllegalArgumentException",
                    () -> assertThrows(IllegalArgumentException.class, () -> Asyncio.timeoutAt(Double.NaN, t -> "v")),
                    failures);
            row(
                    "timeoutAt(+Infinity) = no deadline",
                    () -> assertEquals("v", Asyncio.timeoutAt(Double.POSITIVE_INFINITY, t -> {
                        await(Asyncio.sleep(Duration.ofMillis(1)));
                        return "v";
                    })),
                    failures);
            row(
                    "timeoutAt(-Infinity) expires at the first await",
                    () -> assertThrows(
                            TimeoutError.class,
                            () -> Asyncio.timeoutAt(
                                    Double.NEGATIVE_INFINITY, t -> await(Asyncio.sleep(Duration.ofSeconds(30))))),
                    failures);
            row(
                    "Timeout.reschedule(NaN) -> IllegalArgumentException",
                    () -> Asyncio.timeout(
                            Duration.ofSeconds(30),
                            t -> assertThrows(IllegalArgumentException.class, () -> t.reschedule(Double.NaN))),
                    failures);
            row(
                    "wait(empty) -> IllegalArgumentException",
                    () -> assertThrows(
                            IllegalArgumentException.class, () -> Asyncio.wait(List.<CompletableFuture<?>>of())),
                    failures);
            row(
                    "wait(pending, negative timeout) returns at once with it pending",
                    () -> {
                        CompletableFuture<String> never = new CompletableFuture<>();
                        WaitResult<CompletableFuture<String>> r =
                                await(Asyncio.wait(List.of(never), ReturnWhen.ALL_COMPLETED, NEGATIVE));
                        assertEquals(Set.of(never), r.pending());
                    },
                    failures);
            row(
                    "wait(done, Duration overflow) returns it done",
                    () -> {
                        WaitResult<CompletableFuture<String>> r =
                                await(Asyncio.wait(List.of(done), ReturnWhen.ALL_COMPLETED, OVERFLOW));
                        assertEquals(Set.of(done), r.done());
                    },
                    failures);
            row(
                    "gather(empty collection) -> empty list",
                    () -> assertEquals(List.of(), await(Asyncio.gather(List.<CompletableFuture<String>>of()))),
                    failures);
            row(
                    "gather() no arguments -> empty list",
                    () -> assertEquals(List.of(), await(Asyncio.gather(new Callable<?>[0]))),
                    failures);
            row(
                    "gatherOutcomes(empty) -> empty list",
                    () -> assertEquals(List.of(), await(Asyncio.gatherOutcomes(List.<CompletableFuture<String>>of()))),
                    failures);
            row(
                    "asCompleted(empty) -> empty list",
                    () -> assertEquals(List.of(), Asyncio.asCompleted(List.<CompletableFuture<String>>of())),
                    failures);
            row(
                    "asCompleted(empty, negative) -> empty list",
                    () -> assertEquals(List.of(), Asyncio.asCompleted(List.<CompletableFuture<String>>of(), NEGATIVE)),
                    failures);
            row(
                    "asCompleted(pending, negative) -> TimeoutError at once",
                    () -> {
                        List<Task<String>> slots =
                                Asyncio.asCompleted(List.of(new CompletableFuture<String>()), NEGATIVE);
                        assertThrows(TimeoutError.class, () -> await(slots.get(0)));
                    },
                    failures);
            row(
                    "callLater(negative) runs soon",
                    () -> {
                        CompletableFuture<String> ran = new CompletableFuture<>();
                        loop.callLater(NEGATIVE, () -> ran.complete("ran"));
                        assertEquals("ran", await(ran));
                    },
                    failures);
            row(
                    "callLater(Duration overflow) pending, cancellable",
                    () -> {
                        TimerHandle h = loop.callLater(OVERFLOW, () -> {});
                        h.cancel();
                        assertTrue(h.cancelled());
                    },
                    failures);
            row(
                    "callAt(NaN) -> IllegalArgumentException",
                    () -> assertThrows(IllegalArgumentException.class, () -> loop.callAt(Double.NaN, () -> {})),
                    failures);
            row(
                    "callAt(+Infinity) pending, cancellable",
                    () -> {
                        TimerHandle h = loop.callAt(Double.POSITIVE_INFINITY, () -> {});
                        h.cancel();
                        assertTrue(h.cancelled());
                    },
                    failures);
            row(
                    "setSlowCallbackDuration(negative) -> IllegalArgumentException",
                    () -> assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(NEGATIVE)),
                    failures);
            row(
                    "setSlowCallbackDuration(overflow) saturates",
                    () -> {
                        Duration before = loop.slowCallbackDuration();
                        loop.setSlowCallbackDuration(OVERFLOW);
                        assertEquals(Duration.ofNanos(Long.MAX_VALUE), loop.slowCallbackDuration());
                        loop.setSlowCallbackDuration(before);
                    },
                    failures);
            row(
                    "gather(null element) -> NPE naming the index",
                    () -> {
                        NullPointerException e = assertThrows(
                                NullPointerException.class, () -> Asyncio.gather(java.util.Arrays.asList(done, null)));
                        assertEquals("awaitables[1] must not be null", e.getMessage());
                    },
                    failures);
            return null;
        });
        assertTrue(failures.isEmpty(), failures.size() + " rows failed:\n" + String.join("\n", failures));
    }

    @Test
    void outOfRangeValues_afterTheTable_loopStillUsable() throws Exception {
        assertEquals("ok", Asyncio.run(() -> await(Asyncio.sleep(Duration.ZERO, "ok"))));
        assertInstanceOf(String.class, Asyncio.run(() -> "again"));
    }
}
