package io.apigenmt.topology.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.platform.JdkHttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in deterministic OpenAI-compatible model server ({@code apigen sim-llm}).
 *
 * <p>Endpoints (each also without the {@code /v1} prefix): {@code POST /v1/chat/completions},
 * {@code GET /v1/models}, {@code GET /v1/sim/stats} (requests in flight now / max / time-weighted
 * mean, totals per role, status and fault), {@code POST /v1/sim/stats/reset}.
 *
 * <p>Latency without threads: the handler computes the answer at once and hands the open
 * exchange to a {@link ScheduledExecutorService}, which writes and closes it when the delay is
 * over. The JDK server allows completing an exchange from another thread, so thousands of
 * delayed requests cost one socket and a scheduled task each, not a parked thread.
 *
 * <p>Determinism: the answer is a function of (seed, request body bytes). Faults are decided from
 * the same hash plus how many times this exact body was seen before, so a retried request draws
 * again and can succeed. Usage reports cached prompt tokens as a prefix-caching server would
 * ({@link PrefixCache}): those depend on which requests came before, not on the answer.
 */
public final class SimLlmServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimLlmServer.class);

    /** Fault classes, in the order their share of faultRate is laid out. */
    public enum Fault { RATE_LIMITED, SERVER_ERROR, SLOW, TRUNCATED, NON_JSON }

    private static final int OCCURRENCE_MEMORY = 200_000;
    /** Message prefixes the simulated prompt cache remembers (a few MB). */
    private static final int PROMPT_CACHE_PREFIXES = 100_000;
    private static final long SLOW_FACTOR = 5;
    private static final long SLOW_MINIMUM_MS = 200;

    private final SimLlmOptions options;
    private final SimRoles roles;
    private final ObjectMapper json;
    private final SimStats stats = new SimStats();
    private final ConcurrentHashMap<Long, AtomicInteger> occurrences = new ConcurrentHashMap<>();
    private final PrefixCache promptCache = new PrefixCache(PROMPT_CACHE_PREFIXES);
    private HttpServer server;
    /** The port of the first start, kept by a restart (0 before it). */
    private int boundPort;
    private ExecutorService handlers;
    private ScheduledExecutorService responder;

    public SimLlmServer(SimLlmOptions options, SimRoles roles, ObjectMapper json) {
        this.options = options;
        this.roles = roles;
        this.json = json;
    }

    /** A server playing the Phase-1 roles (generator, judge, summarizer) over the domains on the class path. */
    public static SimLlmServer phaseOne(SimLlmOptions options) {
        ObjectMapper json = new ObjectMapper();
        return new SimLlmServer(options, SimRoles.phaseOne(DomainRegistry.load(), options, json).build(), json);
    }

    /**
     * Binds and starts serving; returns the actual port (useful with port 0). After
     * {@link #close()} it may be started again: it binds the port of its first start, so a client
     * sees the same server go away and come back (an outage).
     */
    public synchronized int start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HttpServer http = JdkHttpServers.create(options.host(), boundPort > 0 ? boundPort : options.port());
        handlers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                JdkHttpServers.daemonThreads("sim-llm-handler"));
        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(2, JdkHttpServers.daemonThreads("sim-llm-responder"));
        scheduled.setRemoveOnCancelPolicy(true);
        responder = scheduled;
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
        http.start();
        server = http;
        boundPort = http.getAddress().getPort();
        return boundPort;
    }

    public int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** e.g. {@code http://127.0.0.1:8000/v1}: what clients take as base URL. */
    public String baseUrl() {
        return "http://" + options.host() + ":" + port() + "/v1";
    }

    public SimStats.Snapshot stats() {
        return stats.snapshot();
    }

    public void resetStats() {
        stats.reset();
    }

    public SimLlmOptions options() {
        return options;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        responder.shutdownNow();
        handlers.shutdownNow();
        server = null;
    }

    // ---------------------------------------------------------------- routing

    private void handle(HttpExchange exchange) {
        stats.started();
        try {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/v1/")) {
                path = path.substring(3);
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            switch (path) {
                case "/chat/completions" -> {
                    if (method.equals("POST")) {
                        chat(exchange);
                    } else {
                        respondNow(exchange, 405, error("method " + method + " not allowed", "invalid_request_error", null));
                    }
                }
                case "/models" -> respondNow(exchange, 200, models());
                case "/sim/stats" -> respondNow(exchange, 200, json.valueToTree(stats.snapshot()));
                case "/sim/stats/reset" -> {
                    stats.reset();
                    respondNow(exchange, 200, json.valueToTree(stats.snapshot()));
                }
                default -> respondNow(exchange, 404, error("no such endpoint: " + path, "invalid_request_error", "not_found"));
            }
        } catch (RuntimeException | IOException e) {
            log.warn("sim-llm request failed: {}", e.toString());
            respondNow(exchange, 500, error("internal error: " + e.getMessage(), "server_error", null));
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JsonProcessingException e) {
            respondNow(exchange, 400, error("request body is not JSON: " + e.getOriginalMessage(), "invalid_request_error", null));
            return;
        }
        if (request == null || !request.isObject() || !request.path("messages").isArray()) {
            respondNow(exchange, 400, error("request must be a JSON object with a messages list", "invalid_request_error", null));
            return;
        }
        Optional<SimRoles.Entry> role = roles.resolve(request);
        String model = request.path("model").asText("");
        if (role.isEmpty()) {
            respondNow(exchange, 404, error("The model '" + model + "' does not exist and the prompt matches no simulated role",
                    "invalid_request_error", "model_not_found"));
            return;
        }
        stats.role(role.get().name());
        long bodyHash = hash(body);
        int occurrence = occurrences.computeIfAbsent(bodyHash, k -> new AtomicInteger()).getAndIncrement();
        if (occurrences.size() > OCCURRENCE_MEMORY) {
            // Bounded memory on long runs; forgetting only means a retry may redraw the same fault.
            occurrences.clear();
        }
        Fault fault = fault(bodyHash, occurrence, SimPrompts.wantsJson(request));
        long delay = delay(bodyHash, occurrence);
        if (fault != null) {
            stats.fault(fault.name().toLowerCase(Locale.ROOT));
        }
        if (fault == Fault.RATE_LIMITED) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            schedule(exchange, 429, error("Rate limit reached (simulated)", "rate_limit_error", "rate_limit_exceeded"), delay, false);
            return;
        }
        if (fault == Fault.SERVER_ERROR) {
            schedule(exchange, 500, error("The server had an error while processing your request (simulated)", "server_error", null),
                    delay, false);
            return;
        }
        ObjectNode message = role.get().role().respond(request, new SplittableRandom(mix(options.randomSeed(), bodyHash)));
        if (fault == Fault.NON_JSON) {
            message.put("content", "I am sorry, I need a moment to think about this request before I can give a proper answer.");
            message.remove("tool_calls");
        }
        // Faults above never reached the model, so they leave the prompt cache as it was.
        long cachedBytes = promptCache.lookUpAndRemember(request);
        ObjectNode completion = completion(body.length, cachedBytes, model, message, bodyHash);
        if (fault == Fault.SLOW) {
            delay = delay * SLOW_FACTOR + SLOW_MINIMUM_MS;
        }
        schedule(exchange, 200, completion, delay, fault == Fault.TRUNCATED);
    }

    /**
     * The fault for this draw, or null. One uniform draw decides both whether and which, so
     * the classes split faultRate evenly. The non-JSON fault only means something for json-mode
     * roles; elsewhere it becomes a truncated body.
     */
    private Fault fault(long bodyHash, int occurrence, boolean jsonMode) {
        if (options.faultRate() <= 0) {
            return null;
        }
        double u = new SplittableRandom(mix(mix(options.randomSeed() ^ 0x5EEDFA17L, bodyHash), occurrence)).nextDouble();
        if (u >= options.faultRate()) {
            return null;
        }
        Fault fault = Fault.values()[(int) Math.min(Fault.values().length - 1, u / options.faultRate() * Fault.values().length)];
        return fault == Fault.NON_JSON && !jsonMode ? Fault.TRUNCATED : fault;
    }

    private long delay(long bodyHash, int occurrence) {
        long jitter = options.jitterMs() <= 0 ? 0
                : new SplittableRandom(mix(bodyHash, occurrence + 0x1F7L)).nextLong(options.jitterMs() + 1);
        return options.latencyMs() + jitter;
    }

    // ---------------------------------------------------------------- responses

    private ObjectNode completion(int requestBytes, long cachedBytes, String model, ObjectNode message, long bodyHash) {
        message.put("role", "assistant");
        if (!message.has("content")) {
            message.putNull("content");
        }
        JsonNode calls = message.path("tool_calls");
        if (calls.isArray()) {
            for (int i = 0; i < calls.size(); i++) {
                ObjectNode call = (ObjectNode) calls.get(i);
                if (!call.hasNonNull("id")) {
                    call.put("id", "call_" + Long.toHexString(mix(bodyHash, i)));
                }
                call.put("type", "function");
            }
        }
        ObjectNode out = json.createObjectNode();
        out.put("id", "chatcmpl-" + Long.toHexString(bodyHash));
        out.put("object", "chat.completion");
        out.put("created", System.currentTimeMillis() / 1000);
        out.put("model", model.isEmpty() ? "sim" : model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", calls.isArray() && calls.size() > 0 ? "tool_calls" : "stop");
        // The prompt is the request body: its messages and tools, and a few bytes of settings.
        int promptTokens = tokens(requestBytes);
        int answerTokens = tokens(message.path("content").asText("").length() + message.path("tool_calls").toString().length());
        int reasoningTokens = options.reasoning().apply(message, choice);
        int completionTokens = answerTokens + reasoningTokens;
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        if (reasoningTokens > 0) {
            usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens);
        }
        // Whole tokens of the cached prefix, in OpenAI's (and vLLM's, llama.cpp's) shape.
        usage.putObject("prompt_tokens_details").put("cached_tokens", Math.min(promptTokens, cachedBytes / 4));
        return out;
    }

    /** About four characters a token, as for English text with common BPE vocabularies. */
    private static int tokens(int chars) {
        return chars <= 0 ? 0 : (chars + 3) / 4;
    }

    private ObjectNode models() {
        ObjectNode out = json.createObjectNode();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        for (SimRoles.Entry e : roles.entries()) {
            ObjectNode model = data.addObject();
            model.put("id", e.name());
            model.put("object", "model");
            model.put("created", 0);
            model.put("owned_by", "apigen-sim");
        }
        return out;
    }

    private ObjectNode error(String message, String type, String code) {
        ObjectNode out = json.createObjectNode();
        ObjectNode error = out.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return out;
    }

    private void schedule(HttpExchange exchange, int status, JsonNode body, long delayMs, boolean truncate) {
        if (delayMs <= 0) {
            send(exchange, status, body, truncate);
            return;
        }
        try {
            responder.schedule(() -> send(exchange, status, body, truncate), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            exchange.close();
            stats.finished(503);
        }
    }

    private void respondNow(HttpExchange exchange, int status, JsonNode body) {
        send(exchange, status, body, false);
    }

    private void send(HttpExchange exchange, int status, JsonNode body, boolean truncate) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        // A truncated answer is the first half of the JSON with matching framing: what a client
        // gets from a proxy that cut the upstream answer. (Announcing the full length and closing
        // early cannot be done portably: the JDK server keeps such a connection open.)
        int length = truncate ? bytes.length / 2 : bytes.length;
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, length);
            }
        } catch (IOException e) {
            log.debug("sim-llm could not send a response: {}", e.toString());
        } finally {
            exchange.close();
            stats.finished(status);
        }
    }

    // ---------------------------------------------------------------- hashing

    /** 64 bits of SHA-256: stable across JVMs, unlike String.hashCode-based schemes. */
    static long hash(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xFF);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** A SplitMix64-style combination of two values into a well-spread seed. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
