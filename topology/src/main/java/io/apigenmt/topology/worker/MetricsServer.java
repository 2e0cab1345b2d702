package io.apigenmt.topology.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The worker's HTTP endpoint: {@code /metrics} (Prometheus text format), {@code /health/live}
 * (200 unless a stage has failed for good) and {@code /health/ready} (200 once every stage runs).
 *
 * <p>Before the stages exist the worker is <em>starting</em>: live, not ready. A worker waiting
 * for its model endpoints to pass preflight says why in the readiness body ({@link #waiting}).
 * A stage paused because an endpoint went down later stays ready: an outage of a dependency is
 * no reason for an orchestrator to restart or replace the worker (a restart would not bring the
 * endpoint back, and would only redo the journalled work); the body and {@code /metrics}
 * ({@code apigen_stage_paused}) say which stages wait and why.
 */
public final class MetricsServer implements AutoCloseable {

    /** The Prometheus text exposition format, as every scraper reads it. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private volatile Worker worker;
    private volatile List<String> waitingFor = List.of();

    private MetricsServer(HttpServer server, Worker worker) {
        this.server = server;
        this.worker = worker;
    }

    /**
     * @param port   0 for any free port
     * @param worker the worker to report on; null while it is starting (see {@link #serve})
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry meters, Worker worker) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
            MetricsServer server = new MetricsServer(http, worker);
            http.createContext("/metrics", ex -> {
                Set<String> names = requestedNames(ex.getRequestURI().getRawQuery());
                String page = names.isEmpty() ? meters.scrape() : meters.scrape(TEXT_FORMAT, names);
                respond(ex, 200, TEXT_FORMAT + "; charset=utf-8", page);
            });
            http.createContext("/health/live", ex -> server.live(ex));
            http.createContext("/health/ready", ex -> server.ready(ex));
            http.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "metrics-http");
                t.setDaemon(true);
                return t;
            }));
            http.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("metrics endpoint cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The worker is built: report on it from now on. */
    public void serve(Worker started) {
        this.worker = started;
        this.waitingFor = List.of();
    }

    /** Still starting, because of these problems (one line each; preflight of the model endpoints). */
    public void waiting(List<String> problems) {
        this.waitingFor = List.copyOf(problems);
    }

    private void live(HttpExchange ex) throws IOException {
        Worker w = worker;
        ObjectNode body = JSON.createObjectNode();
        boolean failed = w != null && w.states().values().stream()
                .anyMatch(s -> s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR);
        body.put("live", !failed);
        body.put("stages", w == null ? "starting" : String.valueOf(w.states()));
        respond(ex, failed ? 503 : 200, "application/json", body.toString());
    }

    private void ready(HttpExchange ex) throws IOException {
        Worker w = worker;
        ObjectNode body = JSON.createObjectNode();
        boolean ready = w != null && w.healthy();
        body.put("ready", ready);
        if (w == null) {
            body.put("stages", "starting");
            ArrayNode problems = body.putArray("preflight");
            waitingFor.forEach(problems::add);
        } else {
            body.put("stages", String.valueOf(w.states()));
            ObjectNode paused = body.putObject("paused");
            w.pauses().forEach((stage, policy) -> policy.current().ifPresent(p -> paused.put(stage, p.describe())));
        }
        respond(ex, ready ? 200 : 503, "application/json", body.toString());
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
