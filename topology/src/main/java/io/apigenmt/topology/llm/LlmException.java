package io.apigenmt.topology.llm;

import java.util.Objects;

/**
 * The only way a {@link ChatModel} future (or a {@link StructuredCall}) fails. The {@link Kind}
 * tells a stage what to do: retryable kinds have already been retried by the client, so by the
 * time a stage sees one the endpoint is persistently unhealthy; {@link Kind#MALFORMED_ANSWER}
 * means the model could not produce a usable answer even after re-asks.
 *
 * <p>Messages name the endpoint (scheme, host, port and path only), the model and the HTTP
 * status; they never contain an API key (the client scrubs the key from any server text it
 * quotes, and omits server text altogether on 401/403).
 */
public final class LlmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Closed set of failure kinds; {@link #retryable()} drives the client's retry loop. */
    public enum Kind {
        /** 429: the endpoint asked us to slow down. */
        RATE_LIMITED(true),
        /** 5xx, and 409 (a transient conflict some gateways return). */
        SERVER_ERROR(true),
        /** Connect/read/call timeout, or HTTP 408. */
        TIMEOUT(true),
        /** Connection refused/reset, truncated response, other I/O failures. */
        TRANSPORT(true),
        /** 400/401/403/404 and other 4xx: the request or the configuration is wrong; never retried. */
        CLIENT_ERROR(false),
        /** A 2xx response whose body is not a chat completion (garbled, not JSON, no choices). */
        MALFORMED(true),
        /** The model's answer did not parse or validate, even after the bounded re-asks. */
        MALFORMED_ANSWER(false),
        /**
         * The endpoint is down (a probe confirmed it; its cause is a
         * {@link io.apigenmt.topology.health.Unavailable}): nothing about the request. The work
         * waits for the endpoint and is redone; it never ends a task.
         */
        UNAVAILABLE(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether the HTTP client retries this kind (with backoff) before giving up. */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final String endpoint;
    private final int status;
    private final TokenUsage usage;

    /**
     * @param endpoint display form of the endpoint (no credentials, no query); may be null
     * @param status   HTTP status, or 0 when there was no HTTP response
     * @param usage    tokens already spent in the exchange that failed (re-asks cost tokens)
     */
    public LlmException(Kind kind, String message, String endpoint, int status, TokenUsage usage, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.endpoint = endpoint;
        this.status = status;
        this.usage = usage == null ? TokenUsage.NONE : usage;
    }

    public LlmException(Kind kind, String message) {
        this(kind, message, null, 0, TokenUsage.NONE, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable();
    }

    /**
     * Whether the model endpoint failed the exchange (an HTTP error, a timeout, an unreadable
     * response) rather than the model's answer being unusable: a fault of the endpoint or its
     * configuration, as opposed to the task's.
     */
    public boolean endpointFault() {
        return kind != Kind.MALFORMED_ANSWER && kind != Kind.UNAVAILABLE;
    }

    /** Display form of the endpoint, or null when the failure is not tied to one. */
    public String endpoint() {
        return endpoint;
    }

    /** HTTP status, 0 when there was no response. */
    public int status() {
        return status;
    }

    /** Tokens spent by the failed exchange (so a stage can still account them on a dead letter). */
    public TokenUsage usage() {
        return usage;
    }

    /** The same failure, carrying the usage of a larger exchange it ended. */
    public LlmException withUsage(TokenUsage total) {
        return new LlmException(kind, getMessage(), endpoint, status, total, this);
    }

    /**
     * Unwraps {@link java.util.concurrent.CompletionException}/{@link java.util.concurrent.ExecutionException}
     * layers; anything that is not an LlmException becomes one of kind TRANSPORT so that callers
     * only ever handle one type.
     */
    public static LlmException from(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof java.util.concurrent.CompletionException
                || cur instanceof java.util.concurrent.ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        if (cur instanceof LlmException e) {
            return e;
        }
        return new LlmException(Kind.TRANSPORT, "unexpected failure in LLM call: " + cur.getClass().getSimpleName()
                + (cur.getMessage() == null ? "" : ": " + cur.getMessage()), null, 0, TokenUsage.NONE, cur);
    }
}
