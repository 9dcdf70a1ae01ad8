package io.asyncio4j;

import static io.asyncio4j.Asyncio.await;
import static io.asyncio4j.Asyncio.sleep;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The program {@link SigintTest} starts in a child JVM and sends SIGINT to. It prints a marker line at
 * each step the test waits for or checks; {@code args[0]} picks the scenario:
 *
 * <ul>
 *   <li>{@code once}: main sleeps; one SIGINT; its {@code finally} runs; run throws KeyboardInterrupt.
 *   <li>{@code restore}: as {@code once}, then waits: a SIGINT now reaches the JVM's own handler again.
 *   <li>{@code twice}: main's {@code finally} itself waits; a second SIGINT stops the JVM at once.
 *   <li>{@code thread}: the run is on a thread other than main, which does not take SIGINT.
 * </ul>
 */
public final class SigintChild {
    private SigintChild() {}

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "once";
        if (scenario.equals("thread")) {
            Thread runner = new Thread(SigintChild::runQuietly, "not-main");
            runner.start();
            runner.join();
            return;
        }
        try {
            Asyncio.run(() -> {
                try {
                    say("sleeping");
                    await(sleep(Duration.ofSeconds(30)));
                    say("slept");
                } finally {
                    say("finally ran");
                    if (scenario.equals("twice")) {
                        say("cleaning up");
                        await(sleep(Duration.ofSeconds(30)));
                        say("cleanup done");
                    }
                }
            });
            say("run returned");
        } catch (KeyboardInterrupt e) {
            say("KeyboardInterrupt");
        }
        if (scenario.equals("restore")) {
            say("after run");
            new CountDownLatch(1).await(30, TimeUnit.SECONDS); // the test's SIGINT ends the JVM first
            say("not stopped");
        }
    }

    private static void runQuietly() {
        try {
            Asyncio.run(() -> {
                try {
                    say("sleeping");
                    await(sleep(Duration.ofSeconds(30)));
                } finally {
                    say("finally ran");
                }
            });
        } catch (Exception e) {
            say(e.toString());
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
