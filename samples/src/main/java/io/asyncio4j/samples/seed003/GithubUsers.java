package io.asyncio4j.samples.seed003;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Task;
import io.asyncio4j.samples.Http;
import io.asyncio4j.samples.LocalHttpServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003, "Practical Example: Async HTTP Requests": three JSON user records fetched concurrently
 * from the local stand-in for api.github.com, through one shared client (the seed's {@code
 * ClientSession}).
 */
public final class GithubUsers {
    private GithubUsers() {}

    static String fetchUrl(HttpClient session, String url) throws Exception {
        HttpResponse<String> response = await(session.sendAsync(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
        return response.body(); // response.json(): the samples read fields with Http.field
    }

    /** Returns the logins, in request order. */
    public static List<String> run(PrintStream out) throws Exception {
        try (LocalHttpServer github = LocalHttpServer.start()) {
            List<String> urls =
                    List.of(github.url("/users/python"), github.url("/users/django"), github.url("/users/fastapi"));
            return Asyncio.run(() -> {
                HttpClient session = Http.client();
                // Fetch all URLs concurrently
                List<Task<String>> tasks = new ArrayList<>();
                for (String url : urls) {
                    tasks.add(createTask(() -> fetchUrl(session, url)));
                }
                List<String> results = await(gather(tasks));
                List<String> logins = new ArrayList<>();
                for (String result : results) {
                    out.println("User: " + Http.field(result, "login") + " (" + Http.field(result, "public_repos")
                            + " public repos)");
                    logins.add(Http.field(result, "login"));
                }
                return logins;
            });
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
