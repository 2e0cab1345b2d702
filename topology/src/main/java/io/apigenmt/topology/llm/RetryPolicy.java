package io.apigenmt.topology.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to retry a failed attempt and how long to wait.
 *
 * <p>Backoff is exponential with full jitter (uniform in [0, min(max, initial x 2^retry)]):
 * many workers retrying against one endpoint spread out instead of returning in lockstep.
 * A Retry-After header (seconds or an HTTP date) on 429/503 replaces the backoff: the server
 * knows better; it is capped at {@code maxRetryAfter} and gets up to 10% jitter on top for the
 * same lockstep reason.
 *
 * @param maxRetries retries after the first attempt (0: a single attempt)
 */
public record RetryPolicy(int maxRetries, Duration initial, Duration max, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
    }

    public static RetryPolicy of(EndpointConfig endpoint, LlmSettings.Backoff backoff) {
        return new RetryPolicy(endpoint.maxRetries(), backoff.backoffInitial(), backoff.backoffMax(), backoff.maxRetryAfter());
    }

    /** Delay before retry number {@code retry} (0-based), with no server hint. */
    public Duration backoff(int retry, RandomGenerator random) {
        long ceiling = initial.toNanos() << Math.min(retry, 30);
        if (ceiling <= 0 || ceiling > max.toNanos()) {
            ceiling = max.toNanos();
        }
        return Duration.ofNanos((long) (random.nextDouble() * ceiling));
    }

    /** Delay honouring a server's Retry-After. */
    public Duration afterServerHint(Duration retryAfter, RandomGenerator random) {
        Duration capped = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        long jitter = (long) (random.nextDouble() * capped.toNanos() * 0.1);
        return capped.plusNanos(jitter);
    }

    /**
     * Parses a Retry-After value: delta-seconds ("2", tolerated "1.5") or an HTTP date
     * (RFC 1123). Unparseable or absent: empty (the caller falls back to backoff).
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
