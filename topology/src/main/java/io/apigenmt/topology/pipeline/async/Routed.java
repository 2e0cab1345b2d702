package io.apigenmt.topology.pipeline.async;

import java.util.Objects;

/**
 * Where {@link AsyncEdges#route} sends one output: the name of the downstream child node
 * (processor or sink), the record key and the value. Work never builds these; its outputs are
 * typed, and the edges map each type to its child.
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
