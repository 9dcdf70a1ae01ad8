package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Context;
import io.asyncio4j.ContextVar;
import io.asyncio4j.Event;
import io.asyncio4j.EventLoop;
import io.asyncio4j.Task;
import io.asyncio4j.TaskGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's own context-variable tests, ported one for one and named after them: the task-related cases
 * of {@code Lib/test/test_context.py} ({@code ContextTest}, {@code AsyncContextTest}) and the context
 * cases of {@code Lib/test/test_asyncio/test_tasks.py}. Python's {@code LookupError}, {@code
 * RuntimeError} and {@code ValueError} become {@code NoSuchElementException}, {@code
 * IllegalStateException} and {@code IllegalArgumentException}. The test_context.py cases run inside a
 * fresh {@code Context} as CPython's {@code @isolated_context} does, so that the test thread's own
 * context does not carry values from one test to the next.
 */
@Timeout(60)
class ContextConformanceTest {

    private static int divide(int a, int b) {
        return a / b; // CPython: 1 / 0
    }

    private static <T> T isolated(java.util.concurrent.Callable<T> body) throws Exception {
        return Context.create().run(body);
    }

    // ---- test_context.py, ContextTest

    /** test_context.py: ContextTest.test_context_var_new_1 */
    @Test
    void test_context_var_new_1() {
        assertThrows(NullPointerException.class, () -> ContextVar.create(null));
        ContextVar<Object> c = ContextVar.create("aaa");
        assertEquals("aaa", c.name());
        assertFalse(c.equals(ContextVar.create("aaa")), "variables are compared by identity");
    }

    /** test_context.py: ContextTest.test_context_var_repr_1 */
    @Test
    void test_context_var_repr_1() throws Exception {
        isolated(() -> {
            assertThat(ContextVar.create("a").toString()).contains("a");
            ContextVar<Integer> c = ContextVar.create("a", 123);
            assertThat(c.toString()).contains("123");
            ContextVar.Token<Integer> t = c.set(1);
            assertThat(t.toString()).contains(c.toString()).doesNotContain("used");
            c.reset(t);
            assertThat(t.toString()).contains("used");
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_get_context_1 */
    @Test
    void test_context_get_context_1() {
        assertThat(Context.copyContext()).isInstanceOf(Context.class);
    }

    /** test_context.py: ContextTest.test_context_run_1 (a missing callable is a NullPointerException here) */
    @Test
    void test_context_run_1() {
        assertThrows(NullPointerException.class, () -> Context.create().run(null));
    }

    /** test_context.py: ContextTest.test_context_run_2 (Java's Callable takes no arguments: the value only) */
    @Test
    void test_context_run_2() throws Exception {
        Context ctx = Context.create();
        assertEquals(List.of("bar"), ctx.run(() -> List.of("bar")));
    }

    /** test_context.py: ContextTest.test_context_run_3 */
    @Test
    void test_context_run_3() {
        Context ctx = Context.create();
        assertThrows(ArithmeticException.class, () -> ctx.run(() -> divide(1, 0)));
    }

    /** test_context.py: ContextTest.test_context_run_4 */
    @Test
    void test_context_run_4() throws Exception {
        isolated(() -> {
            Context ctx1 = Context.create();
            Context ctx2 = Context.create();
            ContextVar<String> var = ContextVar.create("var");
            Context returned = ctx1.run(() -> {
                assertNull(var.get(null));
                var.set("spam");
                ctx2.run(() -> {
                    assertNull(var.get(null));
                    return null;
                });
                assertEquals("spam", var.get(null));
                Context cur = Context.copyContext();
                assertEquals(1, cur.size());
                assertEquals("spam", cur.get(var));
                return cur;
            });
            assertEquals(ctx1, returned);
            assertEquals("spam", returned.get(var));
            assertTrue(returned.contains(var));
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_run_5 */
    @Test
    void test_context_run_5() throws Exception {
        Context ctx = Context.create();
        ContextVar<String> var = ContextVar.create("var");
        assertThrows(
                ArithmeticException.class,
                () -> ctx.run(() -> {
                    assertNull(var.get(null));
                    var.set("spam");
                    return divide(1, 0);
                }));
        assertNull(var.get(null));
    }

    /** test_context.py: ContextTest.test_context_run_6 */
    @Test
    void test_context_run_6() throws Exception {
        Context ctx = Context.create();
        ContextVar<Integer> c = ContextVar.create("a", 0);
        ctx.run(() -> {
            assertEquals(0, c.get());
            assertNull(ctx.get(c));
            c.set(42);
            assertEquals(42, c.get());
            assertEquals(42, ctx.get(c));
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_run_7 */
    @Test
    void test_context_run_7() throws Exception {
        Context ctx = Context.create();
        ctx.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> null));
            assertThat(e.getMessage()).contains("is already entered");
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_getset_1 */
    @Test
    void test_context_getset_1() throws Exception {
        isolated(() -> {
            ContextVar<String> c = ContextVar.create("c");
            assertThrows(NoSuchElementException.class, c::get);
            assertNull(c.get(null));

            ContextVar.Token<String> t0 = c.set("42");
            assertEquals("42", c.get());
            assertEquals("42", c.get(null));
            assertTrue(t0.oldValueMissing());
            assertNull(t0.oldValue());
            assertSame(c, t0.var());

            ContextVar.Token<String> t = c.set("spam");
            assertEquals("spam", c.get());
            assertEquals("42", t.oldValue());
            c.reset(t);
            assertEquals("42", c.get());

            c.set("spam2");
            IllegalStateException used = assertThrows(IllegalStateException.class, () -> c.reset(t));
            assertThat(used.getMessage()).contains("has already been used");
            assertEquals("spam2", c.get());

            Context ctx1 = Context.copyContext();
            assertTrue(ctx1.contains(c));

            c.reset(t0);
            assertThrows(IllegalStateException.class, () -> c.reset(t0));
            assertNull(c.get(null));

            assertTrue(ctx1.contains(c));
            assertEquals("spam2", ctx1.get(c));
            assertEquals("spam2", ctx1.get(c, "aa"));
            assertEquals(1, ctx1.size());
            assertEquals(Map.of(c, "spam2"), ctx1.asMap());

            Context ctx2 = Context.copyContext();
            assertFalse(ctx2.contains(c));
            assertNull(ctx2.get(c));
            assertEquals("aa", ctx2.get(c, "aa"));
            assertEquals(0, ctx2.size());
            assertTrue(ctx2.asMap().isEmpty());
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_getset_2 */
    @Test
    void test_context_getset_2() throws Exception {
        isolated(() -> {
            ContextVar<Integer> v1 = ContextVar.create("v1");
            ContextVar<Integer> v2 = ContextVar.create("v2");
            ContextVar.Token<Integer> t1 = v1.set(42);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v2.reset(t1));
            assertThat(e.getMessage()).contains("by a different");
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_getset_3 */
    @Test
    void test_context_getset_3() throws Exception {
        isolated(() -> {
            ContextVar<Integer> c = ContextVar.create("c", 42);
            Context ctx = Context.create();
            ctx.run(() -> {
                assertEquals(42, c.get());
                assertNull(ctx.get(c));
                assertEquals(7, ctx.get(c, 7)); // CPython: ctx.get(c, 'spam') == 'spam'
                assertFalse(ctx.contains(c));
                assertTrue(ctx.asMap().isEmpty());

                ContextVar.Token<Integer> t = c.set(1);
                assertEquals(List.of(c), new ArrayList<>(ctx.asMap().keySet()));
                assertEquals(1, ctx.get(c));

                c.reset(t);
                assertTrue(ctx.asMap().isEmpty());
                assertNull(ctx.get(c));
                return null;
            });
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_getset_4 */
    @Test
    void test_context_getset_4() throws Exception {
        isolated(() -> {
            ContextVar<Integer> c = ContextVar.create("c", 42);
            Context ctx = Context.create();
            ContextVar.Token<Integer> tok = ctx.run(() -> c.set(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.reset(tok));
            assertThat(e.getMessage()).contains("different Context");
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_getset_5 */
    @Test
    void test_context_getset_5() throws Exception {
        isolated(() -> {
            ContextVar<List<Integer>> c = ContextVar.create("c", new ArrayList<>());
            c.set(new ArrayList<>());
            Context.copyContext().run(() -> {
                c.set(new ArrayList<>());
                c.get().add(42);
                assertEquals(List.of(42), c.get());
                return null;
            });
            assertEquals(List.of(), c.get());
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_copy_1 */
    @Test
    void test_context_copy_1() throws Exception {
        Context ctx1 = Context.create();
        ContextVar<Integer> c = ContextVar.create("c", 42);
        ctx1.run(() -> {
            c.set(10);
            Context ctx2 = ctx1.copy();
            assertEquals(10, ctx2.get(c));

            c.set(20);
            assertEquals(20, ctx1.get(c));
            assertEquals(10, ctx2.get(c));

            ctx2.run(() -> {
                assertEquals(10, c.get());
                c.set(30);
                assertEquals(30, c.get());
                return null;
            });
            assertEquals(20, ctx1.get(c));
            assertEquals(30, ctx2.get(c));
            return null;
        });
    }

    /** test_context.py: ContextTest.test_context_threads_1 */
    @Test
    void test_context_threads_1() throws Exception {
        isolated(() -> {
            ContextVar<Integer> cvar = ContextVar.create("cvar");
            ExecutorService tp = Executors.newFixedThreadPool(10);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int n = 0; n < 10; n++) {
                    int num = n;
                    results.add(tp.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            cvar.set(num + i);
                            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 10)); // CPython's random sleep
                            assertEquals(num + i, cvar.get());
                        }
                        return num;
                    }));
                }
                for (int n = 0; n < 10; n++) {
                    assertEquals(n, results.get(n).get());
                }
            } finally {
                tp.shutdownNow();
            }
            return null;
        });
    }

    // ---- test_context.py, AsyncContextTest

    /** test_context.py: AsyncContextTest.test_asyncio_independent_contexts */
    @Test
    void test_asyncio_independent_contexts() throws Exception {
        ContextVar<String> cvar = ContextVar.create("cvar", "A");
        Asyncio.run(() -> {
            Event updated1 = new Event();
            Event updated2 = new Event();
            TaskGroup.run(tg -> {
                tg.createTask(() -> {
                    assertEquals("A", cvar.get());
                    await(Asyncio.sleep(Duration.ZERO));
                    cvar.set("B");
                    await(Asyncio.sleep(Duration.ZERO));
                    updated1.set();
                    await(updated2.waitFor());
                    assertEquals("B", cvar.get());
                    return null;
                });
                tg.createTask(() -> {
                    await(updated1.waitFor());
                    assertEquals("A", cvar.get());
                    await(Asyncio.sleep(Duration.ZERO));
                    cvar.set("C");
                    await(Asyncio.sleep(Duration.ZERO));
                    updated2.set();
                    await(Asyncio.sleep(Duration.ZERO));
                    assertEquals("C", cvar.get());
                    return null;
                });
                return null;
            });
            assertEquals("A", cvar.get());
            return null;
        });
    }

    // ---- test_asyncio/test_tasks.py, BaseTaskTests

    /** test_tasks.py: BaseTaskTests.test_context_1 */
    @Test
    void test_context_1() throws Exception {
        ContextVar<String> cvar = ContextVar.create("cvar", "nope");
        Asyncio.run(() -> {
            assertEquals("nope", cvar.get());
            Task<Void> subtask = Asyncio.createTask(() -> {
                await(Asyncio.sleep(Duration.ofMillis(10)));
                assertEquals("nope", cvar.get());
                cvar.set("something else");
                return null;
            });
            cvar.set("yes");
            assertEquals("yes", cvar.get());
            await(subtask);
            assertEquals("yes", cvar.get());
            return null;
        });
    }

    /** test_tasks.py: BaseTaskTests.test_context_2 */
    @Test
    void test_context_2() throws Exception {
        ContextVar<String> cvar = ContextVar.create("cvar", "nope");
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            assertEquals("nope", cvar.get());
            for (int j = 0; j < 2; j++) {
                CompletableFuture<Object> plain = loop.createFuture();
                Task<Object> fut = Asyncio.ensureFuture(plain);
                // this change must not pollute the context of the main task
                fut.addDoneCallback(f -> cvar.set("something else"));
                cvar.set("yes" + j);
                loop.callSoon(() -> plain.complete(null));
                await(fut);
                assertEquals("yes" + j, cvar.get());
                for (int i = 0; i < 3; i++) {
                    // the task passed its context to add_done_callback
                    cvar.set("yes" + i + "-" + j);
                    await(Asyncio.sleep(Duration.ofMillis(1)));
                    assertEquals("yes" + i + "-" + j, cvar.get());
                }
            }
            return null;
        });
        assertEquals("nope", cvar.get());
    }

    /** test_tasks.py: BaseTaskTests.test_context_3 (100 tasks in parallel, each modifying the variable) */
    @Test
    void test_context_3() throws Exception {
        ContextVar<Integer> cvar = ContextVar.create("cvar", -1);
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            List<Task<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < 100; t++) {
                int num = ThreadLocalRandom.current().nextInt(0, 11);
                tasks.add(loop.createTask(() -> {
                    for (int i = 0; i < 10; i++) {
                        cvar.set(num + i);
                        await(Asyncio.sleep(
                                Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 50))));
                        assertEquals(num + i, cvar.get());
                    }
                    return null;
                }));
            }
            await(Asyncio.gather(tasks));
            return null;
        });
        assertEquals(-1, cvar.get());
    }

    /** test_tasks.py: BaseTaskTests.test_context_4 (the Task constructor's context=: EventLoop.createTask here) */
    @Test
    void test_context_4() throws Exception {
        contextKwargCase((body, ctx) -> Asyncio.getRunningLoop().createTask(body, ctx));
    }

    /** test_tasks.py: BaseTaskTests.test_context_5 (asyncio.create_task(coro, context=ctx)) */
    @Test
    void test_context_5() throws Exception {
        contextKwargCase(Asyncio::createTask);
    }

    /** test_tasks.py: BaseTaskTests.test_context_6 (loop.create_task(coro, context=ctx)) */
    @Test
    void test_context_6() throws Exception {
        contextKwargCase((body, ctx) -> Asyncio.getRunningLoop().createTask("named", body, ctx));
    }

    interface TaskWithContext {
        Task<Object> create(java.util.concurrent.Callable<Object> body, Context context);
    }

    private static void contextKwargCase(TaskWithContext factory) throws Exception {
        ContextVar<Integer> cvar = ContextVar.create("cvar");
        List<Integer> ret = Asyncio.run(() -> {
            List<Integer> r = new ArrayList<>();
            Context ctx = Context.copyContext();
            r.add(ctx.get(cvar));
            await(factory.create(() -> coro(cvar, 1), ctx));
            r.add(ctx.get(cvar));
            await(factory.create(() -> coro(cvar, 2), ctx));
            r.add(ctx.get(cvar));
            return r;
        });
        assertEquals(java.util.Arrays.asList(null, 1, 2), ret);
    }

    private static Object coro(ContextVar<Integer> cvar, int val) throws Exception {
        await(Asyncio.sleep(Duration.ZERO));
        cvar.set(val);
        return null;
    }

    /** test_tasks.py: BaseTaskTests.test_get_context */
    @Test
    void test_get_context() throws Exception {
        Asyncio.run(() -> {
            Context context = Context.copyContext();
            Task<Object> task = Asyncio.createTask(() -> null, context);
            await(task);
            assertSame(context, task.getContext());
            return null;
        });
    }

    // ---- loop callbacks: asyncio's call_soon/call_later/call_at(..., context=)

    /** asyncio's loop.call_soon(cb): the callback runs in a copy of the context, its set stays there. */
    @Test
    void callSoon_withoutContext_runsInACopy() throws Exception {
        ContextVar<String> var = ContextVar.create("var", "unset");
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            var.set("main");
            CompletableFuture<String> seen = loop.createFuture();
            loop.callSoon(() -> {
                seen.complete(var.get());
                var.set("changed by the callback");
            });
            var.set("after scheduling");
            assertEquals("main", await(seen));
            await(Asyncio.sleep(Duration.ZERO));
            assertEquals("after scheduling", var.get());
            return null;
        });
    }

    /** asyncio's loop.call_soon(cb, context=ctx): the callback runs in ctx itself. */
    @Test
    void callSoon_withContext_runsInThatContext() throws Exception {
        ContextVar<String> var = ContextVar.create("var", "unset");
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            var.set("main");
            Context ctx = Context.copyContext();
            ctx.run(() -> var.set("override"));
            CompletableFuture<String> seen = loop.createFuture();
            loop.callSoon(
                    () -> {
                        seen.complete(var.get());
                        var.set("set in the callback");
                    },
                    ctx);
            assertEquals("override", await(seen));
            assertEquals("main", var.get());
            await(Asyncio.sleep(Duration.ofMillis(5)));
            assertEquals("set in the callback", ctx.get(var));
            return null;
        });
    }

    /** asyncio's loop.call_later/call_at: copied at scheduling time, or the given context. */
    @Test
    void callLaterAndCallAt_copyAtScheduling_orUseTheGivenContext() throws Exception {
        ContextVar<String> var = ContextVar.create("var", "unset");
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            var.set("scheduled");
            CompletableFuture<String> later = loop.createFuture();
            CompletableFuture<String> at = loop.createFuture();
            loop.callLater(Duration.ofMillis(5), () -> later.complete(var.get()));
            loop.callAt(loop.time() + 0.005, () -> at.complete(var.get()));
            Context ctx = Context.create();
            CompletableFuture<String> laterCtx = loop.createFuture();
            CompletableFuture<String> atCtx = loop.createFuture();
            ctx.run(() -> var.set("given"));
            loop.callLater(Duration.ofMillis(5), () -> laterCtx.complete(var.get()), ctx);
            loop.callAt(loop.time() + 0.005, () -> atCtx.complete(var.get()), ctx);
            var.set("changed");
            assertEquals("scheduled", await(later));
            assertEquals("scheduled", await(at));
            assertEquals("given", await(laterCtx));
            assertEquals("given", await(atCtx));
            return null;
        });
    }

    /** asyncio's to_thread: the function runs in ctx.run of a copy made at the call. */
    @Test
    void toThread_runsInACopyOfTheCallersContext() throws Exception {
        ContextVar<String> var = ContextVar.create("var", "unset");
        Asyncio.run(() -> {
            var.set("caller");
            String seen = await(Asyncio.toThread(() -> {
                String v = var.get();
                var.set("worker");
                return v;
            }));
            assertEquals("caller", seen);
            assertEquals("caller", var.get());
            return null;
        });
    }
}
