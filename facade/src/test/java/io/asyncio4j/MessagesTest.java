package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a user reads: exception messages, task names, and the stack trace of a failed await. */
@Timeout(30)
class MessagesTest {

    @Test
    void taskGroupException_message_namesCountAndEachTypeAndMessage() {
        TaskGroupException e = new TaskGroupException(
                List.of(new IOException("host a unreachable"), new IllegalStateException("closed")));
        assertEquals(
                "unhandled errors in a TaskGroup (2 sub-exceptions): [1] java.io.IOException: host a unreachable;"
                        + " [2] java.lang.IllegalStateException: closed",
                e.getMessage());
        TaskGroupException one = new TaskGroupException(List.of(new IllegalArgumentException("bad")));
        assertEquals(
                "unhandled errors in a TaskGroup (1 sub-exception): [1] java.lang.IllegalArgumentException: bad",
                one.getMessage());
    }

    @Test
    void taskGroupException_message_namesTheFirstTen_andCountsTheRest() {
        List<Throwable> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(new IllegalStateException("e" + i));
        }
        String message = new TaskGroupException(many).getMessage();
        assertThat(message)
                .startsWith(
                        "unhandled errors in a TaskGroup (25 sub-exceptions): [1] java.lang.IllegalStateException: e0")
                .contains("[10] java.lang.IllegalStateException: e9")
                .doesNotContain("[11]")
                .endsWith("; and 15 more");
    }

    @Test
    void taskGroupException_fromAGroup_carriesTheMessage() {
        TaskGroupException e = assertThrows(
                TaskGroupException.class,
                () -> Asyncio.run(() -> {
                    TaskGroup.execute(tg -> {
                        tg.createTask(() -> {
                            throw new IOException("boom");
                        });
                    });
                }));
        assertThat(e.getMessage()).endsWith("(1 sub-exception): [1] java.io.IOException: boom");
    }

    @Test
    void mainTask_isNamedMain_inRunAndRunner() throws Exception {
        assertEquals("main", Asyncio.run(() -> Asyncio.currentTask().getName()));
        try (Runner runner = Runner.create()) {
            assertEquals("main", runner.run(() -> Asyncio.currentTask().getName()));
        }
    }

    @Test
    void generatorTask_isNamedAfterWhereTheGeneratorWasDefined() throws Exception {
        AsyncIterable<String> names =
                Asyncio.generator(y -> y.yield(Asyncio.currentTask().getName()));
        int line = new Throwable().getStackTrace()[0].getLineNumber() - 1;
        List<String> seen = Asyncio.run(() -> await(names.toList()));
        assertEquals(List.of("generator@MessagesTest.java:" + line), seen);
    }

    static String failDeep() throws IOException {
        throw new IOException("failed here");
    }

    static String awaitIt(Task<String> task) throws Exception {
        return await(task);
    }

    @Test
    void failedAwait_stackTrace_showsWhereItFailed_thenWhereItWasAwaited() throws Exception {
        IOException thrown = assertThrows(
                IOException.class,
                () -> Asyncio.run(() -> {
                    Task<String> failing = createTask("failing", MessagesTest::failDeep);
                    return awaitIt(failing);
                }));
        List<String> frames = Arrays.stream(thrown.getStackTrace())
                .map(StackTraceElement::toString)
                .collect(Collectors.toList());
        int failed = indexOf(frames, "MessagesTest.failDeep");
        int boundary = indexOf(frames, "asyncio4j.awaited(");
        int awaited = indexOf(frames, "MessagesTest.awaitIt");
        int run = indexOf(frames, "MessagesTest.failedAwait_stackTrace"); // the thread that called run
        assertThat(failed).isNotNegative().isLessThan(boundary);
        assertThat(boundary).isLessThan(awaited);
        assertThat(awaited).isLessThan(run);
        StringWriter printed = new StringWriter();
        thrown.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).contains("at asyncio4j.awaited(the failure above was awaited here, below)");
    }

    @Test
    void failedAwait_isTheSameObject_andAwaitingTwiceAddsOneBoundaryEach() throws Exception {
        IOException boom = new IOException("boom");
        Asyncio.run(() -> {
            Task<String> failing = createTask(() -> {
                throw boom;
            });
            assertSame(boom, assertThrows(IOException.class, () -> await(failing)));
            assertSame(boom, assertThrows(IOException.class, failing::await));
            return null;
        });
        long boundaries = Arrays.stream(boom.getStackTrace())
                .filter(f -> f.getClassName().equals("asyncio4j"))
                .count();
        assertEquals(2, boundaries);
        assertThat(boom.getSuppressed()).isEmpty();
    }

    @Test
    void cancelledAwait_isNotAnnotated() throws Exception {
        Asyncio.run(() -> {
            Task<Void> sleeper = sleep(Duration.ofSeconds(30));
            sleeper.cancel();
            CancelledError e = assertThrows(CancelledError.class, () -> await(sleeper));
            assertThat(Arrays.stream(e.getStackTrace()).map(StackTraceElement::getClassName))
                    .doesNotContain("asyncio4j");
            return null;
        });
    }

    private static int indexOf(List<String> frames, String part) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
