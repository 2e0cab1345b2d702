package io.apigenmt.topology.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The worker's HTTP endpoint: {@code /metrics} (Prometheus text format), {@code /health/live}
 * (200 unless a stage has failed for good) and {@code /health/ready} (200 once every stage runs).
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** @param port 0 for any free port */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry meters, Worker worker) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape()));
            server.createContext("/health/live", ex -> {
                boolean failed = worker.states().values().stream()
                        .anyMatch(s -> s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR);
                respond(ex, failed ? 503 : 200, "application/json", "{\"live\":" + !failed + ",\"stages\":\"" + worker.states() + "\"}");
            });
            server.createContext("/health/ready", ex -> {
                boolean ready = worker.healthy();
                respond(ex, ready ? 200 : 503, "application/json", "{\"ready\":" + ready + ",\"stages\":\"" + worker.states() + "\"}");
            });
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "metrics-http");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new MetricsServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("metrics endpoint cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
