package io.apigenmt.topology.environment.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.apigenmt.domains.Observation;
import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.environment.AsyncDomain;
import io.apigenmt.topology.environment.AsyncEpisode;
import io.apigenmt.topology.environment.DomainDescription;
import io.apigenmt.topology.environment.EpisodeState;
import io.apigenmt.topology.environment.protocol.MalformedMessage;
import io.apigenmt.topology.environment.protocol.ProtocolJson;
import io.apigenmt.topology.platform.JdkHttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A domain of this process served over the environment protocol ({@code apigen env serve}):
 * describe, episodes (open, call, state with hash and diff, delete; dropped after an idle expiry),
 * and the {@code context} and {@code policy} capabilities, plus the extensions of
 * docs/environment-protocol.md. Requests are answered on a small thread pool; the domain's work
 * is done in the handler (an in-process domain's futures are complete when returned).
 */
public final class EnvironmentServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentServer.class);
    private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private final AsyncDomain domain;
    private final String host;
    private final int requestedPort;
    private final ProtocolJson json = new ProtocolJson();
    private final EpisodeTable episodes;
    private final Duration idle;
    private HttpServer server;
    private ExecutorService handlers;
    private ScheduledExecutorService sweeper;

    /** @param idle how long an episode may go without a request before it is dropped */
    public EnvironmentServer(AsyncDomain domain, String host, int port, Duration idle) {
        this.domain = domain;
        this.host = host;
        this.requestedPort = port;
        this.idle = idle;
        this.episodes = new EpisodeTable(idle);
    }

    /** Binds and starts serving; returns the port (useful with port 0). */
    public synchronized int start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HttpServer http = JdkHttpServers.create(host, requestedPort);
        handlers = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                JdkHttpServers.daemonThreads("env-serve-handler"));
        sweeper = Executors.newSingleThreadScheduledExecutor(JdkHttpServers.daemonThreads("env-serve-expiry"));
        long every = Math.max(50, Math.min(30_000, idle.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::expire, every, every, TimeUnit.MILLISECONDS);
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
        http.start();
        server = http;
        return port();
    }

    public int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** e.g. {@code http://127.0.0.1:7000}: the base URL clients are given. */
    public String baseUrl() {
        return "http://" + host + ":" + port();
    }

    /** Episodes open now. */
    public int openEpisodes() {
        return episodes.size();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        sweeper.shutdownNow();
        handlers.shutdownNow();
        server = null;
    }

    private void expire() {
        int dropped = episodes.expire();
        if (dropped > 0) {
            log.info("dropped {} episodes idle for more than {} s", dropped, idle.toSeconds());
        }
    }

    // ---- routing -------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            List<String> parts = segments(path);
            Reply reply;
            try {
                reply = route(method, parts, exchange);
            } catch (MalformedMessage m) {
                reply = new Reply(400, json.error(m.getMessage()));
            } catch (RuntimeException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                log.warn("{} {} failed: {}", method, path, cause.toString());
                reply = new Reply(500, json.error("the environment failed: " + cause.getMessage()));
            }
            send(exchange, reply);
        } catch (IOException e) {
            log.debug("answering a request failed: {}", e.toString());
        }
    }

    private record Reply(int status, ObjectNode body) {}

    private Reply route(String method, List<String> parts, HttpExchange exchange) throws IOException {
        if (parts.size() < 2 || !parts.get(0).equals("v1")) {
            return notFound(method, parts);
        }
        String resource = parts.get(1);
        if (parts.size() == 2) {
            return switch (resource) {
                case "environment" -> method.equals("GET") ? describe() : notAllowed(method, parts);
                case "episodes" -> method.equals("POST") ? open() : notAllowed(method, parts);
                case "context" -> method.equals("POST") ? context(body(exchange)) : notAllowed(method, parts);
                case "policy-check" -> method.equals("POST") ? policy(body(exchange)) : notAllowed(method, parts);
                default -> notFound(method, parts);
            };
        }
        if (!resource.equals("episodes")) {
            return notFound(method, parts);
        }
        String id = parts.get(2);
        if (parts.size() == 3) {
            if (!method.equals("DELETE")) {
                return notAllowed(method, parts);
            }
            return episodes.remove(id) ? new Reply(204, null) : unknownEpisode(id);
        }
        if (parts.size() != 4) {
            return notFound(method, parts);
        }
        return switch (parts.get(3)) {
            case "calls" -> method.equals("POST") ? call(id, body(exchange)) : notAllowed(method, parts);
            case "state" -> method.equals("GET") ? state(id) : notAllowed(method, parts);
            default -> notFound(method, parts);
        };
    }

    // ---- endpoints -----------------------------------------------------------------------------

    private Reply describe() {
        DomainDescription d = domain.describe().join();
        return new Reply(200, json.describe(domain.name(), d));
    }

    /** The body ({@code {}}) says nothing yet: it is not read. */
    private Reply open() {
        AsyncEpisode episode = domain.openEpisode().join();
        return new Reply(201, json.episode(episodes.add(episode)));
    }

    private Reply call(String id, ObjectNode body) {
        ToolCall call = json.readCall(body, "");
        Optional<EpisodeTable.Entry> entry = episodes.use(id);
        if (entry.isEmpty()) {
            return unknownEpisode(id);
        }
        Observation observation;
        synchronized (entry.get()) {
            observation = entry.get().episode.call(call).join();
        }
        return new Reply(200, json.observation(observation));
    }

    private Reply state(String id) {
        Optional<EpisodeTable.Entry> entry = episodes.use(id);
        if (entry.isEmpty()) {
            return unknownEpisode(id);
        }
        synchronized (entry.get()) {
            EpisodeState state = entry.get().episode.state().join();
            return new Reply(200, json.state(state.hash(), state.diff()));
        }
    }

    private Reply context(ObjectNode body) {
        long seed = json.readSeed(body);
        Integer member = json.readMember(body);
        return new Reply(200, json.context(member == null ? domain.context(seed).join()
                : domain.memberContext(seed, member).join()));
    }

    /** The actions run on a fresh episode first: in-process checkers judge the trace with its observations. */
    private Reply policy(ObjectNode body) {
        List<ToolCall> actions = json.readPolicyRequest(body);
        AsyncEpisode episode = domain.openEpisode().join();
        try {
            List<ExecutedCall> trace = new ArrayList<>();
            for (ToolCall call : actions) {
                trace.add(new ExecutedCall(call, episode.call(call).join()));
            }
            return new Reply(200, json.violations(domain.checkPolicy(trace).join()));
        } finally {
            episode.close();
        }
    }

    private Reply unknownEpisode(String id) {
        return new Reply(404, json.error("unknown episode '" + id + "' (it may have expired after " + idle.toSeconds()
                + " s without a request)"));
    }

    private Reply notFound(String method, List<String> parts) {
        return new Reply(404, json.error("no such endpoint: " + method + " /" + String.join("/", parts)));
    }

    private Reply notAllowed(String method, List<String> parts) {
        return new Reply(405, json.error(method + " is not allowed on /" + String.join("/", parts)));
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private ObjectNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
            if (bytes.length > MAX_REQUEST_BYTES) {
                throw new MalformedMessage("the request body is larger than " + MAX_REQUEST_BYTES + " bytes");
            }
            return json.object(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] bytes = json.write(reply.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
