package io.asyncio4j.samples.seed004;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Queue;
import io.asyncio4j.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Seed 004, "Producer-Consumer Pattern": two producers put items on a bounded queue, three consumers
 * take them; {@code join} waits until every item is processed, then the consumers are cancelled.
 */
public final class ProducerConsumer {
    private ProducerConsumer() {}

    static Void producer(PrintStream out, Queue<String> queue, String name, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String item = name + "-" + i;
            await(queue.put(item)); // waits while the queue is full
            out.println("produced " + item);
            await(sleep(Duration.ofMillis(10)));
        }
        return null;
    }

    static Void consumer(PrintStream out, Queue<String> queue, String name, List<String> consumed) throws Exception {
        while (true) {
            String item = await(queue.get());
            await(sleep(Duration.ofMillis(30))); // process the item
            consumed.add(item);
            out.println(name + " consumed " + item);
            queue.taskDone();
        }
    }

    /** Returns the items consumed, sorted. */
    public static List<String> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            Queue<String> queue = new Queue<>(5);
            List<String> consumed = new CopyOnWriteArrayList<>();
            List<Task<Void>> consumers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String name = "consumer-" + i;
                consumers.add(createTask(() -> consumer(out, queue, name, consumed)));
            }
            await(gather(() -> producer(out, queue, "a", 6), () -> producer(out, queue, "b", 6)));
            await(queue.join()); // every item produced has been processed
            consumers.forEach(Task::cancel);
            out.println("all " + consumed.size() + " items consumed");
            return consumed.stream().sorted().toList();
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
