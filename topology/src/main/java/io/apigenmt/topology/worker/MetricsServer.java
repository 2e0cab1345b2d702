package io.apigenmt.topology.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The worker's HTTP endpoint: {@code /metrics} (Prometheus text format), {@code /health/live}
 * (200 unless a stage has failed for good) and {@code /health/ready} (200 once every stage runs).
 */
public final class MetricsServer implements AutoCloseable {

    /** The Prometheus text exposition format, as every scraper reads it. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** @param port 0 for any free port */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry meters, Worker worker) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext("/metrics", ex -> {
                Set<String> names = requestedNames(ex.getRequestURI().getRawQuery());
                String page = names.isEmpty() ? meters.scrape() : meters.scrape(TEXT_FORMAT, names);
                respond(ex, 200, TEXT_FORMAT + "; charset=utf-8", page);
            });
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

    /**
     * {@code ?name[]=a&name[]=b}: only those metric families (the Prometheus clients' convention),
     * so a frequent reader skips the thousands of Kafka client lines. A counter's family is named
     * without its {@code _total} suffix; either spelling is accepted.
     */
    static Set<String> requestedNames(String rawQuery) {
        Set<String> names = new HashSet<>();
        if (rawQuery == null) {
            return names;
        }
        for (String param : rawQuery.split("&")) {
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = URLDecoder.decode(param.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals("name[]")) {
                names.add(URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return withFamilyNames(names);
    }

    /** The names as asked for, plus the family name of each counter asked for by its {@code _total} sample name. */
    public static Set<String> withFamilyNames(Set<String> names) {
        Set<String> all = new HashSet<>(names);
        for (String name : names) {
            if (name.endsWith("_total")) {
                all.add(name.substring(0, name.length() - "_total".length()));
            }
        }
        return all;
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
