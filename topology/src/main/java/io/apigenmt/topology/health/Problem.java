package io.apigenmt.topology.health;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a dependency does not answer: a reason from a closed set (a metric label, bounded) and a
 * one-line message for people (a console line, a report). The message stands alone: it names the
 * dependency (its address) and what it said, e.g. {@code model 'qwen3' at http://vllm:8000/v1:
 * connection refused}; it never holds a credential.
 */
public record Problem(Reason reason, String message) {

    /** The closed set of reasons a dependency is down; {@link #wire()} is the metric label. */
    public enum Reason {
        /** Nothing listens, the name does not resolve, the connection is refused or reset, TLS fails. */
        UNREACHABLE,
        /** No answer within the probe's time. */
        TIMEOUT,
        /** It answers with 5xx. */
        SERVER_ERROR,
        /** It answers 429: up, but not taking work. */
        RATE_LIMITED,
        /** It refuses the credentials (401, 403). */
        UNAUTHORIZED,
        /** What we ask for is not there (a model not served, an environment not found). */
        NOT_FOUND,
        /** It answers, but not with what the protocol says. */
        BAD_RESPONSE;

        /** Lower case, as in metrics and reports: {@code unreachable}, {@code server_error}... */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Problem {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message;
    }
}
