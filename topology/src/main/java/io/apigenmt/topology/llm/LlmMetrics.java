package io.apigenmt.topology.llm;

import java.time.Duration;

/**
 * Where the LLM layer reports what it does; bound to Micrometer by {@link MicrometerLlmMetrics}.
 * Implementations must be thread-safe and cheap (called on HTTP threads). Labels are safe to
 * export: role, model and endpoint display form (no credentials, no query string).
 */
public interface LlmMetrics {

    /** A call that returned a chat completion (after any retries); usage has calls = 1. */
    void callSucceeded(String role, String model, String endpoint, Duration latency, TokenUsage usage);

    /** One HTTP attempt failed; {@code willRetry} tells whether the client retries it. */
    void attemptFailed(String role, String model, String endpoint, LlmException.Kind kind, boolean willRetry);

    /** A call failed for good (retries spent or not retryable). */
    void callFailed(String role, String model, String endpoint, LlmException.Kind kind);

    /**
     * The server's part of a successful attempt: request written to response headers read (what
     * the adaptive limit judges the endpoint by; the client's own time around it is left out).
     */
    default void serverLatency(String role, String model, Duration latency) {
    }

    /** A structured answer did not parse; {@code willReask} false means the exchange failed. */
    void answerRejected(String model, boolean willReask);

    /** An endpoint's limiter exists; gauge its limit, in-flight and waiting counts. */
    void registerEndpoint(String endpoint, AdaptiveLimit limit);

    LlmMetrics NOOP = new LlmMetrics() {
        @Override
        public void callSucceeded(String role, String model, String endpoint, Duration latency, TokenUsage usage) {
        }

        @Override
        public void attemptFailed(String role, String model, String endpoint, LlmException.Kind kind, boolean willRetry) {
        }

        @Override
        public void callFailed(String role, String model, String endpoint, LlmException.Kind kind) {
        }

        @Override
        public void answerRejected(String model, boolean willReask) {
        }

        @Override
        public void registerEndpoint(String endpoint, AdaptiveLimit limit) {
        }
    };
}
