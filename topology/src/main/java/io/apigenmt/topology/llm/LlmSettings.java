package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Per-role model endpoints. Built from the {@code llm} section of the config file with
 * {@link #fromTree}, then {@link #withEnvironment} and {@link #withOverrides} (flags) on top:
 * file &lt; environment &lt; flags.
 *
 * <pre>
 * llm:                          # defaults every role inherits
 *   base-url: http://127.0.0.1:8000/v1
 *   api-key-env: OPENAI_API_KEY # or api-key-file: /run/secrets/llm-key (file wins)
 *   model: gpt-4o-mini          # optional; else each role's built-in sim-* name
 *   temperature: 0.7            # optional; else the server's default
 *   timeout: 120s               # 500ms, 30s, 2m, PT2M or plain seconds
 *   max-retries: 4
 *   max-concurrency: 64         # upper bound of each endpoint's adaptive limit
 *   connect-timeout: 10s        # process-wide (one shared HTTP client)
 *   backoff-initial: 500ms      # first retry delay bound (full jitter)
 *   backoff-max: 20s
 *   max-retry-after: 60s        # longest Retry-After honoured
 *   generator:  { model: qwen3-32b, temperature: 1.0 }
 *   reviewers:                  # the committee; one entry per judge
 *     - { model: judge-a }
 *     - { model: judge-b, base-url: http://other:8000/v1, api-key-env: OTHER_KEY }
 *   summarizer: { }
 *   user:       { model: gpt-4o }
 *   agent:      { }
 * </pre>
 * Keys are accepted in kebab-case, snake_case or camelCase; an unknown key is an error naming
 * its path (a typo must not silently fall back to a default). Each role inherits every field
 * it does not set. A role's model is, in order: its own {@code model}, the section's
 * {@code model}, the built-in sim name ({@code sim-generator}, {@code sim-judge-1..3},
 * {@code sim-summarizer}, {@code sim-user}, {@code sim-agent}: the built-in simulated server
 * picks its role from these). Without a {@code reviewers} list the committee has three judges.
 *
 * @param defaults       the section's own fields (model may be null)
 * @param connectTimeout TCP connect timeout of the shared HTTP client
 */
public record LlmSettings(EndpointConfig defaults, EndpointConfig generator, List<EndpointConfig> reviewers,
                          EndpointConfig summarizer, EndpointConfig user, EndpointConfig agent,
                          Duration connectTimeout, Backoff backoff) {

    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8000/v1";
    public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";
    public static final int DEFAULT_COMMITTEE_SIZE = 3;

    /** Environment variables read by {@link #withEnvironment}. */
    public static final String ENV_BASE_URL = "APIGEN_LLM_BASE_URL";
    public static final String ENV_CONCURRENCY = "APIGEN_LLM_CONCURRENCY";

    /** Retry delays: exponential from initial, capped at max, full jitter; Retry-After capped at maxRetryAfter. */
    public record Backoff(Duration initial, Duration max, Duration maxRetryAfter) {
        public Backoff {
            requirePositive(initial, "backoff initial");
            requirePositive(max, "backoff max");
            requirePositive(maxRetryAfter, "max Retry-After");
        }

        public static Backoff defaults() {
            return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(60));
        }
    }

    public LlmSettings {
        Objects.requireNonNull(defaults, "defaults");
        reviewers = List.copyOf(reviewers);
        if (reviewers.isEmpty()) {
            throw new IllegalArgumentException("llm.reviewers must name at least one judge");
        }
        for (EndpointConfig role : roles(generator, reviewers, summarizer, user, agent)) {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(role.model(), "every role needs a model");
        }
        requirePositive(connectTimeout, "connect timeout");
        Objects.requireNonNull(backoff, "backoff");
    }

    private static List<EndpointConfig> roles(EndpointConfig g, List<EndpointConfig> r, EndpointConfig s,
                                              EndpointConfig u, EndpointConfig a) {
        List<EndpointConfig> all = new ArrayList<>();
        all.add(g);
        all.addAll(r);
        all.add(s);
        all.add(u);
        all.add(a);
        return all;
    }

    /** Every configured endpoint, generator first then the committee, summarizer, user, agent. */
    public List<EndpointConfig> allRoles() {
        return roles(generator, reviewers, summarizer, user, agent);
    }

    /** What applies when nothing is configured: everything on the local sim-llm. */
    public static LlmSettings defaultSettings() {
        return fromTree(null);
    }

    static EndpointConfig builtInDefaults() {
        return new EndpointConfig(DEFAULT_BASE_URL, null, DEFAULT_API_KEY_ENV, null, null,
                Duration.ofSeconds(120), 4, 64);
    }

    private static final Set<String> ENDPOINT_KEYS = Set.of("baseurl", "model", "apikeyenv", "apikeyfile",
            "temperature", "timeout", "maxretries", "maxconcurrency");
    private static final Set<String> SECTION_KEYS = Set.of("connecttimeout", "backoffinitial", "backoffmax",
            "maxretryafter", "generator", "reviewers", "summarizer", "user", "agent");

    /**
     * Parses the {@code llm} section (YAML or JSON tree); null or missing means all defaults.
     *
     * @throws IllegalArgumentException naming the offending path (e.g. {@code llm.reviewers[1].timeout})
     */
    public static LlmSettings fromTree(JsonNode llmSection) {
        JsonNode section = llmSection == null || llmSection.isMissingNode() || llmSection.isNull() ? null : llmSection;
        if (section != null && !section.isObject()) {
            throw new IllegalArgumentException("llm must be a mapping");
        }
        Map<String, JsonNode> fields = normalized(section, "llm", union(ENDPOINT_KEYS, SECTION_KEYS));
        EndpointConfig defaults = overlay(builtInDefaults(), fields, "llm");
        Duration connectTimeout = duration(fields.get("connecttimeout"), Duration.ofSeconds(10), "llm.connect-timeout");
        Backoff backoff = new Backoff(
                duration(fields.get("backoffinitial"), Backoff.defaults().initial(), "llm.backoff-initial"),
                duration(fields.get("backoffmax"), Backoff.defaults().max(), "llm.backoff-max"),
                duration(fields.get("maxretryafter"), Backoff.defaults().maxRetryAfter(), "llm.max-retry-after"));

        EndpointConfig generator = role(defaults, fields.get("generator"), "llm.generator", "sim-generator");
        List<EndpointConfig> reviewers = new ArrayList<>();
        JsonNode list = fields.get("reviewers");
        if (list == null || list.isNull()) {
            for (int i = 1; i <= DEFAULT_COMMITTEE_SIZE; i++) {
                reviewers.add(role(defaults, null, "llm.reviewers", "sim-judge-" + i));
            }
        } else if (list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                reviewers.add(role(defaults, list.get(i), "llm.reviewers[" + i + "]", "sim-judge-" + (i + 1)));
            }
        } else {
            throw new IllegalArgumentException("llm.reviewers must be a list of endpoints (one per judge)");
        }
        EndpointConfig summarizer = role(defaults, fields.get("summarizer"), "llm.summarizer", "sim-summarizer");
        EndpointConfig user = role(defaults, fields.get("user"), "llm.user", "sim-user");
        EndpointConfig agent = role(defaults, fields.get("agent"), "llm.agent", "sim-agent");
        return new LlmSettings(defaults, generator, reviewers, summarizer, user, agent, connectTimeout, backoff);
    }

    /**
     * Flag overrides; a null argument leaves the setting alone. A base URL or a concurrency
     * given here applies to the defaults <em>and every role</em>: {@code --llm-base-url} means
     * "point the whole pipeline at this server", {@code --concurrency} bounds every endpoint.
     */
    public LlmSettings withOverrides(String baseUrl, Integer maxConcurrency, String apiKeyEnv) {
        LlmSettings s = this;
        if (baseUrl != null && !baseUrl.isBlank()) {
            s = s.mapRoles(e -> e.withBaseUrl(baseUrl.trim()));
        }
        if (maxConcurrency != null) {
            s = s.mapRoles(e -> e.withMaxConcurrency(maxConcurrency));
        }
        if (apiKeyEnv != null && !apiKeyEnv.isBlank()) {
            s = s.mapRoles(e -> e.withApiKeyEnv(apiKeyEnv.trim()).withApiKeyFile(null));
        }
        return s;
    }

    /** {@value #ENV_BASE_URL} and {@value #ENV_CONCURRENCY}, applied like {@link #withOverrides}. */
    public LlmSettings withEnvironment(Function<String, String> env) {
        String concurrency = env.apply(ENV_CONCURRENCY);
        Integer c = null;
        if (concurrency != null && !concurrency.isBlank()) {
            try {
                c = Integer.parseInt(concurrency.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV_CONCURRENCY + " must be an integer, got '" + concurrency + "'");
            }
        }
        return withOverrides(env.apply(ENV_BASE_URL), c, null);
    }

    /** Applies f to the defaults and to every role. */
    public LlmSettings mapRoles(UnaryOperator<EndpointConfig> f) {
        return new LlmSettings(f.apply(defaults), f.apply(generator), reviewers.stream().map(f).toList(),
                f.apply(summarizer), f.apply(user), f.apply(agent), connectTimeout, backoff);
    }

    public LlmSettings withBackoff(Backoff value) {
        return new LlmSettings(defaults, generator, reviewers, summarizer, user, agent, connectTimeout, value);
    }

    private static EndpointConfig role(EndpointConfig defaults, JsonNode node, String path, String simModel) {
        if (node != null && !node.isNull() && !node.isObject()) {
            throw new IllegalArgumentException(path + " must be a mapping of endpoint settings");
        }
        Map<String, JsonNode> fields = normalized(node, path, ENDPOINT_KEYS);
        EndpointConfig base = defaults.model() == null ? defaults.withModel(simModel) : defaults;
        return overlay(base, fields, path);
    }

    private static EndpointConfig overlay(EndpointConfig base, Map<String, JsonNode> f, String path) {
        try {
            return new EndpointConfig(
                    text(f.get("baseurl"), base.baseUrl(), path + ".base-url"),
                    text(f.get("model"), base.model(), path + ".model"),
                    text(f.get("apikeyenv"), base.apiKeyEnv(), path + ".api-key-env"),
                    text(f.get("apikeyfile"), base.apiKeyFile(), path + ".api-key-file"),
                    f.containsKey("temperature") ? number(f.get("temperature"), path + ".temperature") : base.temperature(),
                    duration(f.get("timeout"), base.timeout(), path + ".timeout"),
                    integer(f.get("maxretries"), base.maxRetries(), path + ".max-retries"),
                    integer(f.get("maxconcurrency"), base.maxConcurrency(), path + ".max-concurrency"));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(path)) {
                throw e;
            }
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, JsonNode> normalized(JsonNode node, String path, Set<String> allowed) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown setting " + path + "." + e.getKey()
                        + " (known: base-url, model, api-key-env, api-key-file, temperature, timeout, max-retries,"
                        + " max-concurrency" + (allowed.contains("generator")
                        ? ", connect-timeout, backoff-initial, backoff-max, max-retry-after, generator, reviewers,"
                        + " summarizer, user, agent" : "") + ")");
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static String text(JsonNode n, String fallback, String path) {
        if (n == null) {
            return fallback;
        }
        if (n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw new IllegalArgumentException(path + " must be a string");
        }
        return n.asText().trim();
    }

    private static Double number(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(n.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + " must be a number, got '" + n.asText() + "'");
        }
    }

    private static int integer(JsonNode n, int fallback, String path) {
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (n.canConvertToInt() && n.isIntegralNumber()) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(n.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + " must be an integer, got '" + n.asText() + "'");
        }
    }

    static Duration duration(JsonNode n, Duration fallback, String path) {
        if (n == null || n.isNull()) {
            return fallback;
        }
        Duration d = parseDuration(n.isNumber() ? n.asText() : n.asText().trim(), path);
        requirePositive(d, path);
        return d;
    }

    /** "500ms", "30s", "2m", "1h", ISO-8601 "PT30S", or a plain number of seconds. */
    public static Duration parseDuration(String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 60));
            }
            if (t.endsWith("h")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 3600));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " must be a duration like 500ms, 30s, 2m or PT30S, got '" + text + "'");
        }
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
