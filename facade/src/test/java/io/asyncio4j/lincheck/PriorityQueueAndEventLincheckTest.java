package io.asyncio4j.lincheck;

import io.asyncio4j.Event;
import io.asyncio4j.PriorityQueue;
import io.asyncio4j.QueueEmpty;
import io.asyncio4j.QueueFull;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checks of {@link PriorityQueue}'s non-waiting operations against a sorted list, and
 * of {@link Event}'s {@code set}/{@code clear}/{@code isSet} against a boolean. (FIFO and LIFO queues
 * are checked in QueueTest, semaphores and the lock in SemaphoreLincheckTest and SemaphoreTest.)
 */
@Timeout(600)
@Tag("lincheck")
class PriorityQueueAndEventLincheckTest {
    static {
        try { // initialize the task machinery outside Lincheck's instrumented runs
            Class.forName("io.asyncio4j.Task", true, PriorityQueueAndEventLincheckTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static class PriorityModel {
        private final PriorityQueue<Integer> q = PriorityQueue.create(2);

        @Operation
        public String putNowait(int item) {
            try {
                q.putNowait(item);
                return "ok";
            } catch (QueueFull e) {
                return "full";
            }
        }

        @Operation
        public Object getNowait() {
            try {
                return q.getNowait();
            } catch (QueueEmpty e) {
                return "empty";
            }
        }

        @Operation
        public int qsize() {
            return q.qsize();
        }
    }

    public static class PrioritySpec {
        private final List<Integer> items = new ArrayList<>();

        public String putNowait(int item) {
            if (items.size() == 2) {
                return "full";
            }
            items.add(item);
            Collections.sort(items);
            return "ok";
        }

        public Object getNowait() {
            return items.isEmpty() ? "empty" : items.remove(0);
        }

        public int qsize() {
            return items.size();
        }
    }

    public static class EventModel {
        private final Event event = Event.create();

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
    void priorityQueue_nowaitOperations_linearizable() {
        new ModelCheckingOptions()
                .iterations(2)
                .invocationsPerIteration(50)
                .sequentialSpecification(PrioritySpec.class)
                .check(PriorityModel.class);
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
    void heavy_priorityQueueAndEvent_linearizable() {
        new ModelCheckingOptions()
                .iterations(50)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(PrioritySpec.class)
                .check(PriorityModel.class);
        new ModelCheckingOptions()
                .iterations(50)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(EventSpec.class)
                .check(EventModel.class);
    }
}
