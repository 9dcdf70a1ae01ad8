package io.asyncio4j.samples.seed002;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed002SemaphoreTest {
    private final Capture c = new Capture();

    @Test
    void webScraper_wholeSiteOnce_brokenLinkSkipped_atMostThreeInFlight() throws Exception {
        WebScraper.Result r = WebScraper.run(c.out);
        assertEquals(11, r.pages(), c::text);
        assertEquals(11, r.pagesConcurrently(), c::text);
        assertTrue(r.maxInFlight() <= 3, r::toString);
        assertEquals(22, c.count("Scraped ("));
        c.assertContains("Scraped 11 pages");
        assertTrue(c.lines().stream().noneMatch(l -> l.contains("missing.html") && l.startsWith("Scraped (")));
        assertTrue(c.lines().stream().noneMatch(l -> l.contains("example.org")));
    }

    @Test
    void fileProcessor_downloadsInChunks_countsLinesAndWords() throws Exception {
        FileProcessor.Result r = FileProcessor.run(c.out);
        assertEquals(8, r.downloaded());
        assertTrue(r.maxInFlight() <= 3, r::toString);
        assertEquals(8, r.counts().size());
        for (int i = 0; i < 8; i++) {
            FileProcessor.Counts counts = r.counts().get(i);
            int lines = 500 * (i + 1);
            assertEquals("file_" + i + ".dat", counts.file());
            assertEquals(lines + 1, counts.lines()); // content.split('\n') ends with an empty piece
            assertEquals(4 * lines, counts.words());
        }
        c.assertContains("downloaded 8/8");
    }
}
