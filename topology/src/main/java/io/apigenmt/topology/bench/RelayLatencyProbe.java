package io.apigenmt.topology.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the relay adds to a round trip, measured while the benchmark runs: pairs of the same cheap
 * request ({@code GET <base>/models}, which every OpenAI-compatible server answers at once), one
 * straight to the server and one through the relay, in alternating order so that neither path
 * always goes second; the figure is the median of the pairs' differences.
 */
public final class RelayLatencyProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI direct;
    private final URI relayed;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final List<Long> differences = new ArrayList<>();
    private final List<Long> directTimes = new ArrayList<>();
    private String failure;
    private int pairs;

    /** @param directBaseUrl the server's base URL; @param relayedBaseUrl the relay's */
    public RelayLatencyProbe(String directBaseUrl, String relayedBaseUrl) {
        this.direct = URI.create(strip(directBaseUrl) + "/models");
        this.relayed = URI.create(strip(relayedBaseUrl) + "/models");
    }

    /** The requests sent through the relay so far (they count there as requests). */
    public int relayedRequests() {
        return pairs;
    }

    /** Sends one pair; after the first failure the probe stays silent (the figure is then unknown). */
    public void probe() throws InterruptedException {
        if (failure != null) {
            return;
        }
        try {
            boolean directFirst = pairs % 2 == 0;
            pairs++;
            long a = directFirst ? time(direct) : time(relayed);
            long b = directFirst ? time(relayed) : time(direct);
            long directNanos = directFirst ? a : b;
            long relayedNanos = directFirst ? b : a;
            directTimes.add(directNanos);
            differences.add(relayedNanos - directNanos);
        } catch (IOException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** Median extra milliseconds the relay adds to a round trip, or null when nothing was measured. */
    public Double medianAddedMs() {
        return medianMs(differences);
    }

    /** Median milliseconds of the direct round trip (the scale the difference is read against). */
    public Double medianDirectMs() {
        return medianMs(directTimes);
    }

    public int pairs() {
        return differences.size();
    }

    /** Why the probe stopped, or null. */
    public String failure() {
        return failure;
    }

    private long time(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri.getPath() + " answered HTTP " + response.statusCode());
        }
        return nanos;
    }

    private static Double medianMs(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return median / 1e6;
    }

    private static String strip(String baseUrl) {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
