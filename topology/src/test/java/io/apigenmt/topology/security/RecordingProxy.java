package io.apigenmt.topology.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP pass-through in front of a model server that remembers every Authorization
 * header it saw: the test's view of what credentials actually went over the wire.
 */
final class RecordingProxy implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String target;
    private final Set<String> authorizations = ConcurrentHashMap.newKeySet();

    /** @param target base of the upstream server, e.g. {@code http://127.0.0.1:8000} (no path) */
    RecordingProxy(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    Set<String> authorizations() {
        return Set.copyOf(authorizations);
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "<none>" : auth);
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .timeout(Duration.ofSeconds(60))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", "application/json");
            HttpResponse<byte[]> resp;
            try {
                resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException | InterruptedException e) {
                ex.sendResponseHeaders(502, -1);
                return;
            }
            for (String h : List.of("Retry-After", "Content-Type")) {
                resp.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
            }
            ex.sendResponseHeaders(resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(resp.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
