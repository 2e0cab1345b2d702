package io.apigenmt.topology.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.apigenmt.schemas.registry.Compatibility;
import io.apigenmt.schemas.registry.RegisteredSchema;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process schema registry serving the Confluent REST subset that Avro serdes and tools
 * use (register, lookup, fetch by id, versions, compatibility, config), on loopback. Schemas
 * live in a compacted Kafka topic and are replayed on start, so ids survive a restart on the
 * same broker data. Any Confluent-API client, or curl, can use it.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final ObjectMapper json = new ObjectMapper();

    private static final Pattern SUBJECT_VERSIONS = Pattern.compile("^/subjects/([^/]+)/versions/?$");
    private static final Pattern SUBJECT_VERSION = Pattern.compile("^/subjects/([^/]+)/versions/([^/]+)/?$");
    private static final Pattern SUBJECT = Pattern.compile("^/subjects/([^/]+)/?$");
    private static final Pattern SCHEMA_ID = Pattern.compile("^/schemas/ids/(-?\\d+)/?$");
    private static final Pattern COMPATIBILITY = Pattern.compile("^/compatibility/subjects/([^/]+)/versions/([^/]+)/?$");
    private static final Pattern CONFIG = Pattern.compile("^/config(?:/([^/]+))?/?$");

    private final HttpServer http;
    private final ExecutorService executor;
    private final KafkaSchemaLog schemaLog;
    private final SchemaStore store;

    private SchemaRegistryServer(HttpServer http, ExecutorService executor, KafkaSchemaLog schemaLog, SchemaStore store) {
        this.http = http;
        this.executor = executor;
        this.schemaLog = schemaLog;
        this.store = store;
    }

    /** Replays the schemas topic, then serves on 127.0.0.1. */
    public static SchemaRegistryServer start(String bootstrapServers, RegistrySettings settings) {
        KafkaSchemaLog schemaLog = KafkaSchemaLog.open(bootstrapServers, settings.topic(),
                settings.replicationFactor(), settings.clientProperties());
        SchemaStore store = new SchemaStore(schemaLog);
        try {
            schemaLog.replayInto(new KafkaSchemaLog.SchemaStoreLoader() {
                @Override
                public void schema(String subject, int version, int id, String schema) {
                    store.applySchema(subject, version, id, schema);
                }

                @Override
                public void config(String subject, Compatibility level) {
                    store.applyConfig(subject, level);
                }
            });
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(EmbeddedBroker.HOST),
                    settings.port()), 64);
            AtomicInteger n = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "schema-registry-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            http.setExecutor(executor);
            SchemaRegistryServer server = new SchemaRegistryServer(http, executor, schemaLog, store);
            http.createContext("/", server::handle);
            http.start();
            log.info("schema registry up on {}", server.url());
            return server;
        } catch (IOException e) {
            schemaLog.close();
            throw new UncheckedIOException("cannot serve the schema registry on port " + settings.port()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            schemaLog.close();
            throw e;
        }
    }

    public String url() {
        return "http://" + EmbeddedBroker.HOST + ":" + port();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        schemaLog.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                JsonNode answer = route(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex);
                send(ex, 200, answer);
            } catch (SchemaRegistryException e) {
                send(ex, e.httpStatus(), error(e.errorCode(), e.getMessage()));
            } catch (BadRequest e) {
                send(ex, 400, error(400, e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("registry {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                send(ex, 500, error(50001, "Error in the backend data store: " + e.getMessage()));
            }
        }
    }

    private JsonNode route(String method, String path, HttpExchange ex) throws IOException {
        Matcher m;
        if (path.equals("/") && method.equals("GET")) {
            return json.createObjectNode();
        }
        if (path.matches("^/subjects/?$") && method.equals("GET")) {
            return array(store.subjects());
        }
        if ((m = SUBJECT_VERSIONS.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            if (method.equals("GET")) {
                return array(store.versions(subject));
            }
            if (method.equals("POST")) {
                return json.createObjectNode().put("id", store.register(subject, schemaOf(ex)));
            }
        }
        if ((m = SUBJECT_VERSION.matcher(path)).matches() && method.equals("GET")) {
            return registered(store.version(decode(m.group(1)), decode(m.group(2))));
        }
        if ((m = SUBJECT.matcher(path)).matches() && method.equals("POST")) {
            return registered(store.lookup(decode(m.group(1)), schemaOf(ex)));
        }
        if ((m = SCHEMA_ID.matcher(path)).matches() && method.equals("GET")) {
            int id = Integer.parseInt(m.group(1));
            return json.createObjectNode().put("schema", store.schemaById(id).toString());
        }
        if ((m = COMPATIBILITY.matcher(path)).matches() && method.equals("POST")) {
            List<String> problems = store.checkCompatibility(decode(m.group(1)), decode(m.group(2)), schemaOf(ex));
            ObjectNode out = json.createObjectNode().put("is_compatible", problems.isEmpty());
            if (!problems.isEmpty() && query(ex).contains("verbose=true")) {
                out.set("messages", array(problems));
            }
            return out;
        }
        if ((m = CONFIG.matcher(path)).matches()) {
            String subject = m.group(1) == null ? null : decode(m.group(1));
            if (method.equals("GET")) {
                return getConfig(subject, query(ex));
            }
            if (method.equals("PUT")) {
                JsonNode body = body(ex);
                Compatibility level = Compatibility.parse(body.path("compatibility").asText(null));
                if (level == null) {
                    throw new SchemaRegistryException(422, 42203, "Invalid compatibility level. Valid values are "
                            + "none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive");
                }
                store.setCompatibility(subject, level);
                return json.createObjectNode().put("compatibility", level.name());
            }
        }
        throw new SchemaRegistryException(404, 404, "HTTP 404 Not Found: " + method + " " + path);
    }

    private JsonNode getConfig(String subject, String query) {
        if (subject == null) {
            return json.createObjectNode().put("compatibilityLevel", store.globalCompatibility().name());
        }
        Optional<Compatibility> own = store.subjectCompatibility(subject);
        if (own.isPresent()) {
            return json.createObjectNode().put("compatibilityLevel", own.get().name());
        }
        if (query.contains("defaultToGlobal=true")) {
            return json.createObjectNode().put("compatibilityLevel", store.globalCompatibility().name());
        }
        throw new SchemaRegistryException(404, 40408, "Subject '" + subject
                + "' does not have subject-level compatibility configured");
    }

    private static ObjectNode registered(RegisteredSchema r) {
        return json.createObjectNode().put("subject", r.subject()).put("version", r.version())
                .put("id", r.id()).put("schema", r.schema().toString());
    }

    private static String schemaOf(HttpExchange ex) throws IOException {
        JsonNode body = body(ex);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(422, 42201, "Invalid schema: only AVRO is supported, got " + type);
        }
        if (body.hasNonNull("references") && !body.get("references").isEmpty()) {
            throw new SchemaRegistryException(422, 42201, "Invalid schema: schema references are not supported");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException(422, 42201, "Invalid schema: the body needs a \"schema\" string");
        }
        return schema.asText();
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            try {
                JsonNode n = json.readTree(bytes);
                if (n == null || !n.isObject()) {
                    throw new BadRequest("Request body must be a JSON object");
                }
                return n;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new BadRequest("Unrecognized JSON in the request body: " + e.getOriginalMessage());
            }
        }
    }

    private static String query(HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        return q == null ? "" : q;
    }

    private static ObjectNode error(int code, String message) {
        return json.createObjectNode().put("error_code", code).put("message", message);
    }

    private static ArrayNode array(List<?> items) {
        ArrayNode a = json.createArrayNode();
        items.forEach(i -> a.addPOJO(i));
        return a;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A malformed request body: HTTP 400 like the Confluent registry. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
