package io.apigenmt.topology.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * {@link LlmMetrics} on Micrometer. Meter names (Prometheus form after the registry's naming):
 * <ul>
 *   <li>{@code apigen_llm_calls_total{role,model,endpoint,outcome=success|failure}}</li>
 *   <li>{@code apigen_llm_tokens_total{role,model,type=prompt|cached_prompt|completion}} (cached_prompt: the part
 *       of prompt the server read from its prompt cache)</li>
 *   <li>{@code apigen_llm_latency_seconds{role,model}} (histogram; the whole call as the caller waits for it)</li>
 *   <li>{@code apigen_llm_server_latency_seconds{role,model}} (request written to response headers read)</li>
 *   <li>{@code apigen_llm_attempt_failures_total{role,model,kind,retried}}</li>
 *   <li>{@code apigen_llm_failures_total{role,model,kind}} (final failures)</li>
 *   <li>{@code apigen_llm_answers_rejected_total{model,reasked}}</li>
 *   <li>{@code apigen_llm_concurrency_limit|in_flight|waiting{endpoint}} (gauges)</li>
 *   <li>{@code apigen_llm_concurrency_decreases_total{endpoint,cause=latency|overload}}</li>
 * </ul>
 * Meters are looked up per event; Micrometer caches them by id, so this stays cheap.
 */
public final class MicrometerLlmMetrics implements LlmMetrics {

    private final MeterRegistry registry;

    public MicrometerLlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void callSucceeded(String role, String model, String endpoint, Duration latency, TokenUsage usage) {
        Counter.builder("apigen.llm.calls").tags("role", role, "model", model, "endpoint", endpoint, "outcome", "success")
                .register(registry).increment();
        Counter.builder("apigen.llm.tokens").tags("role", role, "model", model, "type", "prompt")
                .register(registry).increment(usage.promptTokens());
        Counter.builder("apigen.llm.tokens").tags("role", role, "model", model, "type", "cached_prompt")
                .register(registry).increment(usage.cachedPromptTokens());
        Counter.builder("apigen.llm.tokens").tags("role", role, "model", model, "type", "completion")
                .register(registry).increment(usage.completionTokens());
        Timer.builder("apigen.llm.latency").tags("role", role, "model", model).publishPercentileHistogram()
                .register(registry).record(latency);
    }

    @Override
    public void serverLatency(String role, String model, Duration latency) {
        Timer.builder("apigen.llm.server.latency").tags("role", role, "model", model)
                .description("Request written to response headers read, per successful attempt")
                .register(registry).record(latency);
    }

    @Override
    public void attemptFailed(String role, String model, String endpoint, LlmException.Kind kind, boolean willRetry) {
        Counter.builder("apigen.llm.attempt.failures")
                .tags("role", role, "model", model, "kind", kind.name().toLowerCase(Locale.ROOT), "retried", Boolean.toString(willRetry))
                .register(registry).increment();
    }

    @Override
    public void callFailed(String role, String model, String endpoint, LlmException.Kind kind) {
        Counter.builder("apigen.llm.calls").tags("role", role, "model", model, "endpoint", endpoint, "outcome", "failure")
                .register(registry).increment();
        Counter.builder("apigen.llm.failures").tags("role", role, "model", model, "kind", kind.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    @Override
    public void answerRejected(String model, boolean willReask) {
        Counter.builder("apigen.llm.answers.rejected").tags("model", model, "reasked", Boolean.toString(willReask))
                .register(registry).increment();
    }

    @Override
    public void registerEndpoint(String endpoint, AdaptiveLimit limit) {
        Gauge.builder("apigen.llm.concurrency.limit", limit, AdaptiveLimit::limit).tag("endpoint", endpoint).strongReference(true).register(registry);
        Gauge.builder("apigen.llm.in.flight", limit, AdaptiveLimit::inFlight).tag("endpoint", endpoint).strongReference(true).register(registry);
        Gauge.builder("apigen.llm.waiting", limit, AdaptiveLimit::waiting).tag("endpoint", endpoint).strongReference(true).register(registry);
        FunctionCounter.builder("apigen.llm.concurrency.decreases", limit, AdaptiveLimit::latencyDecreases)
                .tags("endpoint", endpoint, "cause", "latency").register(registry);
        FunctionCounter.builder("apigen.llm.concurrency.decreases", limit, AdaptiveLimit::overloadDecreases)
                .tags("endpoint", endpoint, "cause", "overload").register(registry);
    }
}
