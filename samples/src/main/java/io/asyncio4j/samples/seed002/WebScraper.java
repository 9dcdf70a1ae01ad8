package io.asyncio4j.samples.seed002;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.Semaphore;
import io.asyncio4j.Task;
import io.asyncio4j.samples.Http;
import io.asyncio4j.samples.LocalHttpServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 002, "Async Web Scraper": crawls the local server's small site from its index page, fetching
 * through a semaphore, extracting links (a regex stands in for BeautifulSoup) and stopping at {@code
 * max_pages}. The seed's {@code scrape} awaits one page at a time; {@link #scrapeConcurrently} fetches
 * each wave of new links together, and there the semaphore keeps at most {@code max_concurrent}
 * requests in flight. Links to other hosts are not followed (the samples talk to 127.0.0.1 only).
 */
public final class WebScraper {
    private static final Pattern HREF = Pattern.compile("<a\\s+[^>]*href=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private final int maxConcurrent;
    private final Semaphore semaphore;
    private final PrintStream out;

    WebScraper(int maxConcurrent, PrintStream out) {
        this.maxConcurrent = maxConcurrent;
        this.semaphore = new Semaphore(maxConcurrent);
        this.out = out;
    }

    /** Fetch a single page: its HTML, or null (non-200 status or an error). */
    String fetchPage(HttpClient session, String url) throws Exception {
        return semaphore.asyncWith(() -> {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10)) // aiohttp.ClientTimeout(total=10)
                        .build();
                HttpResponse<String> response = await(session.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
                if (response.statusCode() == 200) {
                    return response.body();
                }
                return null;
            } catch (java.io.IOException e) {
                out.println("Error fetching " + url + ": " + e);
                return null;
            }
        });
    }

    /** Extract links from HTML: absolute http(s) URLs on the same host as {@code baseUrl}. */
    Set<String> extractLinks(String html, String baseUrl) {
        URI base = URI.create(baseUrl);
        Set<String> links = new LinkedHashSet<>();
        Matcher a = HREF.matcher(html);
        while (a.find()) {
            String href = base.resolve(a.group(1)).toString(); // urljoin(base_url, a['href'])
            if (href.startsWith("http") && URI.create(href).getAuthority().equals(base.getAuthority())) {
                links.add(href);
            }
        }
        return links;
    }

    /** Scrape pages starting from URL, one page at a time, as the seed does. */
    Set<String> scrape(String startUrl, int maxPages) throws Exception {
        Set<String> visited = new LinkedHashSet<>();
        Set<String> toVisit = new LinkedHashSet<>(List.of(startUrl));
        HttpClient session = Http.client();
        while (!toVisit.isEmpty() && visited.size() < maxPages) {
            String url = toVisit.iterator().next();
            toVisit.remove(url);
            if (visited.contains(url)) {
                continue;
            }
            String html = fetchPage(session, url);
            if (html != null) {
                visited.add(url);
                out.println("Scraped (" + visited.size() + "): " + url);
                // Extract and queue new links
                Set<String> newLinks = extractLinks(html, url);
                newLinks.removeAll(visited);
                toVisit.addAll(newLinks);
            }
        }
        return visited;
    }

    /** Like {@link #scrape}, but fetching every pending link of a wave together (the semaphore limits them). */
    Set<String> scrapeConcurrently(String startUrl, int maxPages) throws Exception {
        Set<String> visited = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>(List.of(startUrl));
        List<String> wave = List.of(startUrl);
        HttpClient session = Http.client();
        while (!wave.isEmpty() && visited.size() < maxPages) {
            List<Task<String>> fetches = new ArrayList<>();
            for (String url : wave) {
                fetches.add(createTask(() -> fetchPage(session, url)));
            }
            List<String> pages = await(gather(fetches));
            List<String> next = new ArrayList<>();
            for (int i = 0; i < wave.size() && visited.size() < maxPages; i++) {
                String html = pages.get(i);
                if (html != null) {
                    visited.add(wave.get(i));
                    out.println("Scraped (" + visited.size() + "): " + wave.get(i));
                    for (String link : extractLinks(html, wave.get(i))) {
                        if (seen.add(link)) {
                            next.add(link);
                        }
                    }
                }
            }
            wave = next;
        }
        return visited;
    }

    /** What the scrapes found. */
    public record Result(int pages, int pagesConcurrently, int maxInFlight, int maxConcurrent) {}

    public static Result run(PrintStream out) throws Exception {
        try (LocalHttpServer site = LocalHttpServer.start()) {
            return Asyncio.run(() -> {
                WebScraper scraper = new WebScraper(3, out);
                Set<String> pages = scraper.scrape(site.url("/site/index.html"), 20);
                out.println("Scraped " + pages.size() + " pages");

                out.println("-- the same site, each wave of links fetched concurrently (at most 3 at once):");
                Set<String> again = scraper.scrapeConcurrently(site.url("/site/index.html"), 20);
                out.println("Scraped " + again.size() + " pages; at most " + site.maxInFlight()
                        + " requests were in flight at once");
                return new Result(pages.size(), again.size(), site.maxInFlight(), scraper.maxConcurrent);
            });
        }
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }
}
