package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.AsyncContextManager;
import io.asyncio4j.Asyncio;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed 002, "Async Generator Context Manager": {@code @asynccontextmanager} becomes {@code
 * AsyncContextManager.of(setup, teardown)}: the code before {@code yield} is the setup, the {@code
 * finally} after it the teardown.
 */
public final class ManagedResource {
    private ManagedResource() {}

    static AsyncContextManager<Map<String, Object>> managedResource(PrintStream out, String name) {
        return AsyncContextManager.of(
                () -> {
                    out.println("Setting up " + name);
                    await(sleep(Duration.ofMillis(100)));
                    Map<String, Object> resource = new LinkedHashMap<>();
                    resource.put("name", name);
                    resource.put("active", true);
                    return resource; // yield resource
                },
                (resource, failure) -> { // finally:
                    out.println("Tearing down " + name);
                    resource.put("active", false);
                    await(sleep(Duration.ofMillis(100)));
                });
    }

    /** Returns the resource as it is after the block. */
    public static Map<String, Object> run(PrintStream out) throws Exception {
        return Asyncio.run(() -> {
            Map<String, Object> db = asyncWith(managedResource(out, "database"), resource -> {
                out.println("Using " + resource);
                await(sleep(Duration.ofMillis(500)));
                return resource;
            });
            out.println("Resource released: " + db);
            return db;
        });
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
