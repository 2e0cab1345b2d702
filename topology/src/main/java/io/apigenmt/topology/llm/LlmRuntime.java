package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.health.Probe;
import io.apigenmt.topology.health.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * What the LLM layer shares across a worker process: the HTTP client, the retry scheduler,
 * the per-endpoint limiters (keyed by normalized base URL, so every stage and role hitting one
 * server shares one limit — the limit is the server's capacity, not a stage's) and the metrics
 * sink. Create one per process, build every stage's {@link ModelRoles} from it, close it last.
 *
 * <p>With health tracking ({@link #create}), it also holds one {@link Dependency} per model and
 * endpoint (base URL, model, key): its probe is {@code GET /models} and one tiny call for the
 * model. A model's calls fail fast while it is down, and a call that failed after its retries
 * is the endpoint's fault only when the probe confirms it (see {@link Dependency#check}).
 */
public final class LlmRuntime implements AutoCloseable {

    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final ScheduledExecutorService scheduler;
    private final LlmMetrics metrics;
    private final Function<String, String> env;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ConcurrentHashMap<String, AdaptiveLimit> limits = new ConcurrentHashMap<>();
    private final boolean trackHealth;
    private final ConcurrentHashMap<String, Dependency> dependencies = new ConcurrentHashMap<>();

    /**
     * @param http    the shared client, from {@link LlmHttpClients#create}; null creates (and owns) one
     * @param env     environment lookup for API keys (the CLI's environment; a map in tests)
     */
    public LlmRuntime(LlmSettings settings, OkHttpClient http, LlmMetrics metrics, Function<String, String> env, Clock clock) {
        this(settings, http, metrics, env, clock, false);
    }

    /** @param trackHealth whether models get a {@link Dependency} (probes, fail-fast while down) */
    private LlmRuntime(LlmSettings settings, OkHttpClient http, LlmMetrics metrics, Function<String, String> env, Clock clock,
                       boolean trackHealth) {
        this.trackHealth = trackHealth;
        this.ownsHttp = http == null;
        this.http = http != null ? http : LlmHttpClients.create(settings.connectTimeout());
        this.metrics = metrics == null ? LlmMetrics.NOOP : metrics;
        this.env = env;
        this.clock = clock;
        // One daemon thread suffices: it only re-enqueues calls, never waits on them.
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("llm-retry-scheduler");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
    }

    /**
     * Production wiring: a fresh shared client, the process's environment (for API keys), the
     * system clock, and the health of every endpoint tracked.
     */
    public static LlmRuntime create(LlmSettings settings, LlmMetrics metrics, Function<String, String> env) {
        return new LlmRuntime(settings, null, metrics, env, Clock.systemUTC(), true);
    }

    /**
     * The limiter of an endpoint, created on first use with the given maximum. Roles sharing a
     * base URL share its limiter; the first registration fixes its bounds, which is why
     * {@link ModelRoles#build} registers every endpoint with the largest maxConcurrency any of
     * its roles configures before creating models.
     */
    public AdaptiveLimit limiterFor(String endpointKey, int maxConcurrency) {
        return limits.computeIfAbsent(endpointKey, k -> {
            AdaptiveLimit limit = AdaptiveLimit.withMax(maxConcurrency);
            metrics.registerEndpoint(k, limit);
            return limit;
        });
    }

    /** Current limiters by endpoint key (for a progress line or a report). */
    public Map<String, AdaptiveLimit> limiters() {
        return Map.copyOf(limits);
    }

    /** The health of every model endpoint used so far (empty without health tracking). */
    public Collection<Dependency> dependencies() {
        return List.copyOf(dependencies.values());
    }

    /** Builds the models of every role of {@code settings}; see {@link ModelRoles#build}. */
    public ModelRoles roles(LlmSettings settings) {
        return ModelRoles.build(settings, this);
    }

    OpenAiChatModel model(String role, EndpointConfig config, LlmSettings.Backoff backoff, Map<String, ApiKey> keys) {
        ApiKey key = keys.computeIfAbsent(config.apiKeyEnv() + "\u0000" + config.apiKeyFile(),
                k -> ApiKey.resolve(config.apiKeyEnv(), config.apiKeyFile(), env));
        AdaptiveLimit limit = limiterFor(config.endpointKey(), config.maxConcurrency());
        return new OpenAiChatModel(role, config, key, http, limit, scheduler, RetryPolicy.of(config, backoff), metrics,
                clock, mapper, trackHealth ? dependencyFor(config, key) : null);
    }

    /** One per base URL, model and key: roles asking one server for one model share its health. */
    private Dependency dependencyFor(EndpointConfig config, ApiKey key) {
        String id = config.endpointKey() + "\u0000" + config.model() + "\u0000" + key.source();
        return dependencies.computeIfAbsent(id, k -> {
            String name = "model '" + config.model() + "' at " + Endpoints.key(config.baseUrl());
            EndpointCheck check = new EndpointCheck(config, key, http, mapper);
            Probe probe = () -> check.probe(config.model())
                    .thenApply(problem -> problem.map(p -> new Problem(p.reason(), name + ": " + p.message())));
            return new Dependency(name, probe, scheduler, Dependency.Schedule.defaults(), clock);
        });
    }

    static Map<String, Integer> maxConcurrencyByEndpoint(List<EndpointConfig> roles) {
        Map<String, Integer> max = new LinkedHashMap<>();
        for (EndpointConfig r : new ArrayList<>(roles)) {
            max.merge(r.endpointKey(), r.maxConcurrency(), Math::max);
        }
        return max;
    }

    public LlmMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        dependencies.values().forEach(Dependency::close);
        scheduler.shutdownNow();
        if (ownsHttp) {
            LlmHttpClients.shutdown(http);
        }
    }

    @Override
    public String toString() {
        return "LlmRuntime[endpoints=" + limits.keySet() + "]";
    }
}
