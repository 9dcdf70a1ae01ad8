package io.asyncio4j.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What a sample printed, line by line, with assertions on order. */
public final class Capture {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** The stream to hand to the sample's {@code run}. */
    public final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** An empty capture. */
    public Capture() {}

    public List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The index of the first line equal to {@code line}; fails if there is none. */
    public int indexOf(String line) {
        int i = lines().indexOf(line);
        if (i < 0) {
            fail("no line \"" + line + "\" in:\n" + text());
        }
        return i;
    }

    /** The number of lines that start with {@code prefix}. */
    public long count(String prefix) {
        return lines().stream().filter(l -> l.startsWith(prefix)).count();
    }

    /**
     * Asserts that every line is printed, in this order (other lines may come between): each is looked
     * for after the previous one.
     */
    public void assertOrder(String... expected) {
        List<String> lines = lines();
        int previous = -1;
        for (String line : expected) {
            int i = previous + 1;
            while (i < lines.size() && !lines.get(i).equals(line)) {
                i++;
            }
            assertTrue(i < lines.size(), "\"" + line + "\" missing or out of order in:\n" + text());
            previous = i;
        }
    }

    public void assertContains(String fragment) {
        assertTrue(text().contains(fragment), "no \"" + fragment + "\" in:\n" + text());
    }
}
