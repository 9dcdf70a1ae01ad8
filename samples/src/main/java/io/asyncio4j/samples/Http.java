package io.asyncio4j.samples;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers for the HTTP samples: a client that only talks to where it is told, and JSON fields. */
public final class Http {
    private Http() {}

    /**
     * A new {@link HttpClient} (the samples' {@code aiohttp.ClientSession}): HTTP/1.1, no proxy (so a
     * request to 127.0.0.1 goes straight there), connect timeout of 5 s.
     */
    public static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The value of a string or number field of a flat JSON object, or null; enough for the samples. */
    public static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|([-0-9.]+))")
                .matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }
}
