package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ContextVar} and {@link Context} beyond CPython's own cases (those are in {@code
 * conformance/ContextConformanceTest}): the Java forms (tokens as resources, null values refused), and
 * every place the library copies the context: task-creating helpers, executors, iteration, and
 * future-style continuations, as listed in {@link Context}'s documentation. Each test runs in a fresh
 * context of its own so the test thread's context carries nothing between tests.
 */
@Timeout(30)
class ContextVarTest {
    private static final ContextVar<String> REQUEST = ContextVar.create("request", "none");

    private static <T> T inFreshContext(java.util.concurrent.Callable<T> body) throws Exception {
        return Context.create().run(body);
    }

    @Test
    void set_null_throwsNpeNamingValue() throws Exception {
        inFreshContext(() -> {
            NullPointerException e = assertThrows(NullPointerException.class, () -> REQUEST.set(null));
            assertThat(e.getMessage()).startsWith("value");
            return null;
        });
        assertThrows(NullPointerException.class, () -> ContextVar.create("x", null));
    }

    @Test
    void token_close_resetsTheVariable() throws Exception {
        inFreshContext(() -> {
            REQUEST.set("outer");
            try (ContextVar.Token<String> t = REQUEST.set("inner")) {
                assertEquals("inner", REQUEST.get());
                assertEquals("outer", t.oldValue());
                assertFalse(t.used());
            }
            assertEquals("outer", REQUEST.get());
            return null;
        });
    }

    @Test
    void get_withoutValueOrDefault_throwsNoSuchElementNamingTheVariable() throws Exception {
        ContextVar<Integer> v = ContextVar.create("counter");
        java.util.NoSuchElementException e = assertThrows(java.util.NoSuchElementException.class, v::get);
        assertThat(e.getMessage()).contains("counter");
    }

    @Test
    void setInTask_isInvisibleToParentAndSiblings() throws Exception {
        Asyncio.run(() -> {
            REQUEST.set("parent");
            Event go = new Event();
            Task<String> a = Asyncio.createTask(() -> {
                REQUEST.set("a");
                await(go.waitFor());
                return REQUEST.get();
            });
            Task<String> b = Asyncio.createTask(() -> {
                await(go.waitFor());
                return REQUEST.get();
            });
            await(Asyncio.sleep(Duration.ofMillis(5)));
            go.set();
            assertEquals("a", await(a));
            assertEquals("parent", await(b));
            assertEquals("parent", REQUEST.get());
            return null;
        });
    }

    @Test
    void run_copiesTheCallersContextIntoMain_andMainsSetsStayInside() throws Exception {
        inFreshContext(() -> {
            REQUEST.set("caller");
            assertEquals("caller", Asyncio.run(() -> REQUEST.get()));
            Asyncio.run(() -> REQUEST.set("main"));
            assertEquals("caller", REQUEST.get());
            return null;
        });
    }

    @Test
    void createTask_copiesAtCreationNotAtStart() throws Exception {
        Asyncio.run(() -> {
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                REQUEST.set("r" + i);
                tasks.add(Asyncio.createTask(() -> REQUEST.get()));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("r" + i, await(tasks.get(i)));
            }
            return null;
        });
    }

    @Test
    void gatherWaitForAndTaskGroup_runBodiesInCopies() throws Exception {
        Asyncio.run(() -> {
            REQUEST.set("gather");
            assertEquals(List.of("gather", "gather"), await(Asyncio.gather(REQUEST::get, REQUEST::get)));
            REQUEST.set("waitFor");
            assertEquals("waitFor", await(Asyncio.waitFor(REQUEST::get, Duration.ofSeconds(5))));
            REQUEST.set("group");
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            Context given = Context.create();
            given.run(() -> REQUEST.set("given"));
            TaskGroup.run(tg -> {
                tg.createTask(() -> seen.add(REQUEST.get()));
                tg.createTask("named", () -> seen.add(REQUEST.get()));
                tg.createTask(() -> seen.add(REQUEST.get()), given);
                tg.createTask("named-given", () -> seen.add(REQUEST.get()), given);
                return null;
            });
            assertThat(seen).containsExactlyInAnyOrder("group", "group", "given", "given");
            return null;
        });
    }

    @Test
    void runInExecutor_ownExecutor_runsInACopy() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Asyncio.run(() -> {
                REQUEST.set("executor");
                EventLoop loop = Asyncio.getRunningLoop();
                assertEquals("executor", await(loop.runInExecutor(pool, REQUEST::get)));
                assertEquals("executor", await(loop.runInExecutor(null, REQUEST::get)));
                return null;
            });
            // the executor's thread is back in its own (empty) context
            assertEquals("none", pool.submit(() -> REQUEST.get()).get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void asyncIterable_operatorsAndGenerator_runInTheConsumersContext() throws Exception {
        Asyncio.run(() -> {
            REQUEST.set("consumer");
            AsyncIterable<String> gen = AsyncIterable.generator(y -> {
                y.yield(REQUEST.get());
                await(Asyncio.sleep(Duration.ofMillis(1)));
                y.yield(REQUEST.get());
            });
            List<String> mapped = await(gen.map(v -> v + "/" + REQUEST.get())
                    .filter(v -> REQUEST.get().equals("consumer"))
                    .mapAsync(2, v -> Asyncio.createTask(() -> v + "/" + REQUEST.get()))
                    .toList());
            assertEquals(List.of("consumer/consumer/consumer", "consumer/consumer/consumer"), mapped);

            List<String> seen = new CopyOnWriteArrayList<>();
            await(AsyncIterable.range(0, 3).forEach(i -> seen.add(REQUEST.get())));
            assertEquals(List.of("consumer", "consumer", "consumer"), seen);

            try (var it = AsyncIterable.range(0, 2).map(i -> REQUEST.get()).iterate()) {
                for (String v : it) {
                    assertEquals("consumer", v);
                }
            }
            return null;
        });
    }

    @Test
    void asPublisher_runsTheSourceInTheContextOfTheAsPublisherCall() throws Exception {
        Flow.Publisher<String> publisher = inFreshContext(() -> {
            REQUEST.set("publisher");
            return AsyncIterable.range(0, 2).map(i -> REQUEST.get()).asPublisher();
        });
        CompletableFuture<List<String>> all = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<String>() {
            final List<String> items = new ArrayList<>();

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String item) {
                items.add(item);
            }

            @Override
            public void onError(Throwable t) {
                all.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                all.complete(items);
            }
        });
        assertEquals(List.of("publisher", "publisher"), all.get());
    }

    @Test
    void continuations_registeredBeforeCompletion_runInTheTasksContext() throws Exception {
        Asyncio.run(() -> {
            REQUEST.set("creator");
            Task<String> sleep = Asyncio.sleep(Duration.ofMillis(20), "v");
            CompletableFuture<String> sync = sleep.thenApply(v -> REQUEST.get());
            CompletableFuture<String> async = sleep.thenApplyAsync(v -> REQUEST.get());
            CompletableFuture<String> chained = sleep.thenApplyAsync(v -> v).thenApplyAsync(v -> REQUEST.get());
            Task<String> body = Asyncio.createTask(() -> {
                await(Asyncio.sleep(Duration.ofMillis(20)));
                return "b";
            });
            CompletableFuture<String> onBody = body.thenApply(v -> REQUEST.get());
            REQUEST.set("changed later");
            assertEquals("creator", await(sync));
            assertEquals("creator", await(async));
            assertEquals("creator", await(chained));
            assertEquals("creator", await(onBody));
            // registered after completion: runs at once, here
            assertEquals("changed later", await(sleep.thenApply(v -> REQUEST.get())));
            return null;
        });
    }

    @Test
    void addDoneCallback_copiesAtRegistration_orUsesTheGivenContext() throws Exception {
        Asyncio.run(() -> {
            REQUEST.set("registrant");
            Task<Void> t = Asyncio.sleep(Duration.ofMillis(10));
            CompletableFuture<String> copied = new CompletableFuture<>();
            CompletableFuture<String> given = new CompletableFuture<>();
            Context ctx = Context.create();
            ctx.run(() -> REQUEST.set("given"));
            t.addDoneCallback(x -> copied.complete(REQUEST.get()));
            t.addDoneCallback(x -> given.complete(REQUEST.get()), ctx);
            REQUEST.set("later");
            assertEquals("registrant", await(copied));
            assertEquals("given", await(given));
            return null;
        });
    }

    @Test
    void removeDoneCallback_findsACallbackBoundToAContext() throws Exception {
        Asyncio.run(() -> {
            REQUEST.set("x");
            Task<Void> t = Asyncio.sleep(Duration.ofMillis(10));
            java.util.function.Consumer<Task<Void>> cb = x -> {};
            t.addDoneCallback(cb);
            t.addDoneCallback(cb, Context.create());
            assertEquals(2, t.removeDoneCallback(cb));
            return null;
        });
    }

    @Test
    void getContext_ofATaskWithoutExplicitContext_seesWhatItsBodySet() throws Exception {
        Asyncio.run(() -> {
            Task<Void> t = Asyncio.createTask(() -> {
                REQUEST.set("body");
                return null;
            });
            await(t);
            assertEquals("body", t.getContext().get(REQUEST));
            assertSame(t.getContext(), t.getContext());
            return null;
        });
    }

    @Test
    void contextEquality_isByContent() throws Exception {
        inFreshContext(() -> {
            REQUEST.set("a");
            Context one = Context.copyContext();
            Context two = Context.copyContext();
            assertEquals(one, two);
            assertEquals(one.hashCode(), two.hashCode());
            two.run(() -> REQUEST.set("b"));
            assertNotEquals(one, two);
            assertThat(one.toString()).contains("request").contains("a");
            return null;
        });
    }

    @Test
    void contextSharedByParallelTasks_everySetIsKept() throws Exception {
        List<ContextVar<Integer>> vars = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            vars.add(ContextVar.create("v" + i));
        }
        Asyncio.run(() -> {
            Context shared = Context.create();
            List<Task<Object>> tasks = new ArrayList<>();
            for (ContextVar<Integer> v : vars) {
                tasks.add(Asyncio.createTask(
                        () -> {
                            v.set(1);
                            return null;
                        },
                        shared));
            }
            await(Asyncio.gather(tasks));
            assertEquals(16, shared.size());
            return null;
        });
    }

    @Test
    void explicitContext_enteredElsewhere_callbackRefusedAndLogged() throws Exception {
        try (io.asyncio4j.testing.LogCapture log = new io.asyncio4j.testing.LogCapture()) {
            Asyncio.run(() -> {
                Context ctx = Context.create();
                EventLoop loop = Asyncio.getRunningLoop();
                CompletableFuture<Void> ran = new CompletableFuture<>();
                ctx.run(() -> {
                    loop.callSoon(() -> ran.complete(null), ctx);
                    await(Asyncio.sleep(Duration.ofMillis(20))); // still entered when the callback is due
                    return null;
                });
                assertFalse(ran.isDone());
                return null;
            });
            org.awaitility.Awaitility.await()
                    .untilAsserted(() -> assertTrue(log.records().stream()
                            .anyMatch(r -> r.getThrown() instanceof IllegalStateException
                                    && r.getThrown().getMessage().contains("already entered"))));
        }
    }
}
