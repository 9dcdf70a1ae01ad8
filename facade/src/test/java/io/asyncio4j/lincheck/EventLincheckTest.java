package io.asyncio4j.lincheck;

import io.asyncio4j.Event;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model check of {@link Event}'s {@code set}/{@code clear}/{@code isSet} and of whether a new
 * wait completes at once, against a boolean. (The three queues are checked in QueueTest, semaphores and
 * the lock in SemaphoreLincheckTest and SemaphoreTest.)
 */
@Timeout(600)
@Tag("lincheck")
class EventLincheckTest {
    static {
        try { // initialize the task machinery outside Lincheck's instrumented runs
            Class.forName("io.asyncio4j.Task", true, EventLincheckTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static class EventModel {
        private final Event event = new Event();

        @Operation
        public void set() {
            event.set();
        }

        @Operation
        public void clear() {
            event.clear();
        }

        @Operation
        public boolean isSet() {
            return event.isSet();
        }

        /** A wait begun now completes at once exactly when the event is set. */
        @Operation
        public boolean waitCompletesAtOnce() {
            return event.waitFor().isDone();
        }
    }

    public static class EventSpec {
        private boolean value;

        public void set() {
            value = true;
        }

        public void clear() {
            value = false;
        }

        public boolean isSet() {
            return value;
        }

        public boolean waitCompletesAtOnce() {
            return value;
        }
    }

    @Test
    void event_setClearIsSet_linearizable() {
        new ModelCheckingOptions()
                .iterations(4)
                .invocationsPerIteration(100)
                .sequentialSpecification(EventSpec.class)
                .check(EventModel.class);
    }

    @Test
    @Tag("stress")
    void heavy_event_linearizable() {
        new ModelCheckingOptions()
                .iterations(50)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(EventSpec.class)
                .check(EventModel.class);
    }
}
