package io.asyncio4j.samples.seed003;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.samples.Capture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class Seed003Test {
    private final Capture c = new Capture();

    @Test
    void syncVsAsync_realApiDbAndFile_gatherFaster() throws Exception {
        SyncVsAsync.Result r = SyncVsAsync.run(c.out);
        assertEquals("api: HTTP 200", r.results().get(0));
        assertEquals("database: [alice, bob, carol]", r.results().get(1));
        assertEquals("file: 50000 lines", r.results().get(2));
        assertTrue(r.timings().concurrent() < 0.8 * r.timings().sequential(), r.timings()::toString);
    }

    @Test
    void coroutines_bothWaysToRun() throws Exception {
        assertEquals(List.of("Done", "Result", "Hello!", "Hello!"), Coroutines.run(c.out));
        c.assertOrder("Hello!", "Start process...", "Process finished!", "Got: Result");
    }

    @Test
    void downloadFiles_finishIn312Order_resultsInArgumentOrder() throws Exception {
        DownloadFiles.Result r = DownloadFiles.run(c.out);
        assertEquals(List.of("file1.txt downloaded", "file2.txt downloaded", "file3.txt downloaded"), r.results());
        // the three start in parallel (in no fixed order), then finish in order of their durations
        for (String start : List.of("file1.txt", "file2.txt", "file3.txt")) {
            c.assertOrder("Start download " + start + "...", "Finished download file3.txt");
        }
        c.assertOrder("Finished download file3.txt", "Finished download file1.txt", "Finished download file2.txt");
        assertTrue(r.timings().concurrent() < 0.8 * r.timings().sequential(), r.timings()::toString);
    }

    @Test
    void backgroundCancel_runsThenEndsCancelled() throws Exception {
        assertTrue(BackgroundCancel.run(c.out));
        assertTrue(c.count("Background task running...") >= 2, c::text);
    }

    @Test
    void githubUsers_threeJsonRecords() throws Exception {
        assertEquals(List.of("python", "django", "fastapi"), GithubUsers.run(c.out));
        c.assertOrder(
                "User: python (42 public repos)", "User: django (42 public repos)", "User: fastapi (49 public repos)");
    }

    @Test
    void waitForTimeout_timesOut() throws Exception {
        assertEquals("timeout", WaitForTimeout.run(c.out));
        c.assertOrder("Operation timeout!");
    }
}
