package io.apigenmt.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Client of the Confluent schema registry REST API. Thread-safe. Ids are cached in both
 * directions (a schema's id per subject, a schema per id): ids are immutable in every
 * Confluent-API registry, so the cache never needs invalidation.
 */
public final class SchemaRegistryClient {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final System.Logger log = System.getLogger(SchemaRegistryClient.class.getName());
    private static final ObjectMapper json = new ObjectMapper();

    private final SchemaRegistryConfig config;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Set<String> subjectsConfigured = ConcurrentHashMap.newKeySet();

    public SchemaRegistryClient(SchemaRegistryConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.timeout());
        if (config.truststore() != null) {
            builder.sslContext(sslContext(config));
        }
        this.http = builder.build();
        this.authorization = config.basicAuth() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.basicAuth().getBytes(StandardCharsets.UTF_8));
    }

    public static SchemaRegistryClient of(String url) {
        return new SchemaRegistryClient(SchemaRegistryConfig.of(url));
    }

    public SchemaRegistryConfig config() {
        return config;
    }

    /**
     * Registers {@code schema} under {@code subject} and returns its id; an identical schema
     * already registered returns the existing id. On the first registration under a subject,
     * sets the configured compatibility level there unless the subject already has one.
     */
    public int register(String subject, Schema schema) {
        Integer cached = idsFor(subject).get(schema);
        if (cached != null) {
            return cached;
        }
        ensureSubjectCompatibility(subject);
        ObjectNode body = json.createObjectNode().put("schema", schema.toString());
        int id = call("POST", "/subjects/" + enc(subject) + "/versions", body).path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException(200, 50001, "registry answered a registration without an id");
        }
        cache(subject, schema, id);
        return id;
    }

    /** The id of {@code schema} under {@code subject}, without registering it. */
    public int lookup(String subject, Schema schema) {
        Integer cached = idsFor(subject).get(schema);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = json.createObjectNode().put("schema", schema.toString());
        RegisteredSchema found = registered(call("POST", "/subjects/" + enc(subject), body), subject);
        cache(subject, schema, found.id());
        return found.id();
    }

    /** The schema with this id; throws {@link SchemaNotFoundException} when there is none. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = parse(call("GET", "/schemas/ids/" + id, null).path("schema").asText(), "id " + id);
        schemasById.put(id, schema);
        return schema;
    }

    public RegisteredSchema latest(String subject) {
        return version(subject, "latest");
    }

    public RegisteredSchema version(String subject, int version) {
        return version(subject, Integer.toString(version));
    }

    private RegisteredSchema version(String subject, String version) {
        RegisteredSchema r = registered(call("GET", "/subjects/" + enc(subject) + "/versions/" + version, null), subject);
        cache(subject, r.schema(), r.id());
        return r;
    }

    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        call("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        call("GET", "/subjects/" + enc(subject) + "/versions", null).forEach(n -> out.add(n.asInt()));
        return out;
    }

    /** Whether {@code schema} may be registered next under {@code subject} (checked against latest). */
    public boolean isCompatible(String subject, Schema schema) {
        ObjectNode body = json.createObjectNode().put("schema", schema.toString());
        return call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", body)
                .path("is_compatible").asBoolean(false);
    }

    /** The global level. */
    public Compatibility compatibility() {
        return level(call("GET", "/config", null));
    }

    /** The subject's own level, empty when it has none (the global level then applies). */
    public Optional<Compatibility> subjectCompatibility(String subject) {
        try {
            return Optional.of(level(call("GET", "/config/" + enc(subject) + "?defaultToGlobal=false", null)));
        } catch (SubjectNotFoundException e) {
            return Optional.empty();
        } catch (SchemaRegistryException e) {
            // 40408: subject-level compatibility not configured.
            if (e.errorCode() == 40408 || e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public void setCompatibility(Compatibility level) {
        call("PUT", "/config", json.createObjectNode().put("compatibility", level.name()));
    }

    public void setCompatibility(String subject, Compatibility level) {
        call("PUT", "/config/" + enc(subject), json.createObjectNode().put("compatibility", level.name()));
    }

    private void ensureSubjectCompatibility(String subject) {
        Compatibility wanted = config.subjectCompatibility();
        if (wanted == null || subjectsConfigured.contains(subject)) {
            return;
        }
        try {
            if (subjectCompatibility(subject).isEmpty()) {
                setCompatibility(subject, wanted);
            }
        } catch (SchemaRegistryException e) {
            // Managed registries may forbid config writes to producers; registration must still
            // work there, under whatever level the operator chose.
            log.log(System.Logger.Level.WARNING, "could not set compatibility {0} on subject {1}: {2}",
                    wanted, subject, e.getMessage());
        }
        subjectsConfigured.add(subject);
    }

    private Map<Schema, Integer> idsFor(String subject) {
        return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    }

    private void cache(String subject, Schema schema, int id) {
        idsFor(subject).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private RegisteredSchema registered(JsonNode n, String subject) {
        int id = n.path("id").asInt();
        return new RegisteredSchema(n.path("subject").asText(subject), n.path("version").asInt(),
                id, parse(n.path("schema").asText(), "id " + id));
    }

    private static Compatibility level(JsonNode n) {
        String s = n.hasNonNull("compatibilityLevel") ? n.get("compatibilityLevel").asText()
                : n.path("compatibility").asText(null);
        Compatibility c = Compatibility.parse(s);
        if (c == null) {
            throw new SchemaRegistryException(200, 50001, "registry answered an unknown compatibility level: " + s);
        }
        return c;
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new InvalidSchemaException("registry returned an unparsable schema for " + what + ": " + e.getMessage());
        }
    }

    private JsonNode call(String method, String path, JsonNode body) {
        URI uri = URI.create(config.url() + path);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        if (body == null) {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            req.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (javax.net.ssl.SSLException e) {
            // Usually a registry certificate from a private CA: say what to configure.
            throw new SchemaRegistryException("TLS to the schema registry " + config.url() + " failed on " + method + " "
                    + path + ": " + e.getMessage() + (config.truststore() == null
                    ? " (no truststore is configured: if the registry uses a private CA, set its truststore)"
                    : " (truststore " + config.truststore() + ")"), e);
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry " + config.url() + " unreachable on "
                    + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted calling the schema registry on " + method + " " + path, e);
        }
        JsonNode parsed = readJson(resp.body());
        if (resp.statusCode() / 100 != 2) {
            int code = parsed != null && parsed.has("error_code") ? parsed.get("error_code").asInt() : resp.statusCode();
            String message = parsed != null && parsed.has("message") ? parsed.get("message").asText()
                    : "HTTP " + resp.statusCode();
            throw SchemaRegistryException.of(resp.statusCode(), code, method + " " + path + ": " + message);
        }
        if (parsed == null) {
            throw new SchemaRegistryException(resp.statusCode(), 50001, method + " " + path + ": answer is not JSON");
        }
        return parsed;
    }

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String enc(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static SSLContext sslContext(SchemaRegistryConfig config) {
        char[] password = config.truststorePassword() == null ? null : config.truststorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(config.truststore())) {
            String type = config.truststore().toString().endsWith(".jks") ? "JKS" : "PKCS12";
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load schema registry truststore " + config.truststore()
                    + ": " + e.getMessage(), e);
        }
    }
}
