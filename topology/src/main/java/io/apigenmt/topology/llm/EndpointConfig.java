package io.apigenmt.topology.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * One role's endpoint: the endpoint keys of {@link LlmSettings#SECTION}, resolved (a role's
 * unset keys inherit the llm section's). Holds the <em>names</em> of where the key lives (an
 * environment variable or a file), never the key itself, so this record is safe to log, print
 * and compare.
 *
 * @param baseUrl        OpenAI-compatible base URL; see {@link Endpoints#chatCompletionsUrl} for the rule
 * @param model          model name sent in the request; null only in the section's own keys
 * @param apiKeyEnv      environment variable holding the key (null: none)
 * @param apiKeyFile     file holding the key (wins over apiKeyEnv when set)
 * @param temperature    default sampling temperature; null leaves it to the server
 * @param timeout        whole-call budget of one HTTP attempt (also the read timeout)
 * @param maxRetries     retries after the first attempt for retryable failures
 * @param maxConcurrency upper bound of the endpoint's adaptive concurrency limit
 * @param keepReasoning  keep the role's chain of thought where its turns are recorded (the agent's messages)
 */
public record EndpointConfig(String baseUrl, String model, String apiKeyEnv, String apiKeyFile, Double temperature,
                             Duration timeout, int maxRetries, int maxConcurrency, boolean keepReasoning) {

    public EndpointConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        if (apiKeyEnv != null && apiKeyEnv.isBlank()) {
            apiKeyEnv = null;
        }
        if (apiKeyFile != null && apiKeyFile.isBlank()) {
            apiKeyFile = null;
        }
    }

    public EndpointConfig withBaseUrl(String value) {
        return new EndpointConfig(value, model, apiKeyEnv, apiKeyFile, temperature, timeout, maxRetries, maxConcurrency, keepReasoning);
    }

    public EndpointConfig withApiKeyEnv(String value) {
        return new EndpointConfig(baseUrl, model, value, apiKeyFile, temperature, timeout, maxRetries, maxConcurrency, keepReasoning);
    }

    public EndpointConfig withApiKeyFile(String value) {
        return new EndpointConfig(baseUrl, model, apiKeyEnv, value, temperature, timeout, maxRetries, maxConcurrency, keepReasoning);
    }

    public EndpointConfig withMaxConcurrency(int value) {
        return new EndpointConfig(baseUrl, model, apiKeyEnv, apiKeyFile, temperature, timeout, maxRetries, value, keepReasoning);
    }

    /** Key of the endpoint's shared concurrency limiter: the normalized base URL. */
    public String endpointKey() {
        return Endpoints.key(baseUrl);
    }
}
