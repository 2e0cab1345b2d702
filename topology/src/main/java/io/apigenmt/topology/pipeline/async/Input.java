package io.apigenmt.topology.pipeline.async;

import java.util.Objects;

/**
 * One input of an {@link AsyncWork}, decoded once by the processor: the record key, the value as
 * the work's input type, and the value's bytes exactly as they arrived, for outputs that must keep
 * the original (a dead letter's payload).
 *
 * @param key   the input record's key (may be {@code null})
 * @param value the decoded value
 * @param bytes the raw value the journal holds
 */
public record Input<IN>(String key, IN value, byte[] bytes) {

    public Input {
        Objects.requireNonNull(value, "value");
    }
}
