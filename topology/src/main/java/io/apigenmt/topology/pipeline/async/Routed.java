package io.apigenmt.topology.pipeline.async;

import java.util.Objects;

/**
 * One output of a unit of asynchronous work: the value to forward, its key, and the name of the
 * downstream child node (processor or sink) to forward it to, e.g. {@code "approved"},
 * {@code "retry"}, {@code "dead-letters"}.
 *
 * <p>The forwarded record keeps the input record's timestamp and (a copy of) its headers.
 *
 * @param child name of a child node of the async processor in the topology
 * @param key   the output record key
 * @param value the output record value (the child's serde must accept it)
 */
public record Routed(String child, String key, Object value) {

    public Routed {
        Objects.requireNonNull(child, "child");
    }

    /** Shorthand for {@code new Routed(child, key, value)}. */
    public static Routed to(String child, String key, Object value) {
        return new Routed(child, key, value);
    }
}
