package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer's web server, on loopback only: the page and its assets from the jar
 * ({@code /viewer/} on the classpath; nothing is fetched from elsewhere, so it works offline)
 * and a small read-only JSON API over a {@link ViewSource}:
 * <ul>
 *   <li>{@code GET /api/overview}: ledger, funnel, rejections, dead letters by reason, usage per stage, facets</li>
 *   <li>{@code GET /api/tasks?q=&domain=&tool=&outcome=&offset=&limit=}: one page of matching tasks</li>
 *   <li>{@code GET /api/tasks/ID}: one task with everything known about it</li>
 *   <li>{@code GET /api/dead-letters}: groups with their redrive command, and every letter</li>
 * </ul>
 * Requests naming another host are refused, so a web page elsewhere cannot read the data
 * through a rebound DNS name.
 */
public final class ViewServer implements AutoCloseable {

    /** The documented default port; when it is taken, any free one. */
    public static final int DEFAULT_PORT = 8484;

    private static final Logger log = LoggerFactory.getLogger(ViewServer.class);
    private static final String ASSETS = "/viewer/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    private static final Set<String> FILES = Set.of("index.html", "app.js", "app.css", "favicon.svg");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ViewSource source;
    private final ObjectMapper json = new ObjectMapper();

    private ViewServer(HttpServer server, ExecutorService executor, ViewSource source) {
        this.server = server;
        this.executor = executor;
        this.source = source;
    }

    /**
     * @param port     0 for any free port
     * @param fallback when {@code port} is taken, take any free one instead of failing
     * @throws IOException when the port is taken and there is no fallback
     */
    public static ViewServer start(ViewSource source, int port, boolean fallback) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(loopback, port), 0);
        } catch (BindException e) {
            if (!fallback) {
                throw new IOException("port " + port + " is in use; choose another with --port (0 = any free port)", e);
            }
            http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "viewer-http");
            t.setDaemon(true);
            return t;
        });
        ViewServer viewer = new ViewServer(http, executor, source);
        http.createContext("/", viewer::handle);
        http.setExecutor(executor);
        http.start();
        return viewer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8484/}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!hostAllowed(ex.getRequestHeaders().getFirst("Host"))) {
                text(ex, 403, "this viewer answers only on " + url());
                return;
            }
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                text(ex, 405, "read-only: GET only");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/api/")) {
                api(ex, path.substring("/api/".length()));
            } else {
                asset(ex, path.equals("/") ? "index.html" : path.substring(1));
            }
        } catch (RuntimeException e) {
            log.warn("viewer request {} failed: {}", ex.getRequestURI(), e.toString());
            try {
                send(ex, 500, "application/json", json.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
            } catch (IOException sendFailed) {
                log.debug("could not send the error response: {}", sendFailed.toString());
            }
        }
    }

    private void api(HttpExchange ex, String route) throws IOException {
        ViewData data = source.snapshot();
        JsonNode answer;
        if (route.equals("overview")) {
            answer = Overview.of(data);
        } else if (route.equals("tasks")) {
            answer = TaskQuery.of(query(ex.getRequestURI().getRawQuery())).answer(data.tasks());
        } else if (route.startsWith("tasks/")) {
            // A path segment: '+' is a plus, not a space.
            String id = URLDecoder.decode(route.substring("tasks/".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
            var task = TaskQuery.find(data.tasks(), id);
            if (task.isEmpty()) {
                send(ex, 404, "application/json", json.createObjectNode().put("error", "no task " + id).toString());
                return;
            }
            answer = task.get();
        } else if (route.equals("dead-letters")) {
            answer = DeadLetterList.of(data);
        } else {
            send(ex, 404, "application/json", json.createObjectNode().put("error", "no such API: " + route).toString());
            return;
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, 200, "application/json", json.writeValueAsString(answer));
    }

    private void asset(HttpExchange ex, String name) throws IOException {
        if (!FILES.contains(name)) {
            text(ex, 404, "not found: /" + name);
            return;
        }
        try (InputStream in = ViewServer.class.getResourceAsStream(ASSETS + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the viewer asset " + name);
            }
            String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            send(ex, 200, TYPES.get(ext), in.readAllBytes());
        }
    }

    /** Only the names this server is reached by on loopback. */
    private boolean hostAllowed(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        String port = ":" + port();
        return h.equals("127.0.0.1" + port) || h.equals("localhost" + port) || h.equals("[::1]" + port);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private void text(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", body);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type.startsWith("application/json") ? "application/json; charset=utf-8" : type,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving and closes the source. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        source.close();
    }
}
