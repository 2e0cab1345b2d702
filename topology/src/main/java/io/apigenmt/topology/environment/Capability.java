package io.apigenmt.topology.environment;

import java.util.Optional;

/**
 * The optional capabilities of an environment (ENVIRONMENT-PROTOCOL.md): {@code context} samples
 * what the generator needs (Phase 1), {@code policy} checks a whole action sequence against the
 * domain's rules (review Stage 1). {@link #wire()} is the string {@code describe} lists.
 */
public enum Capability {

    CONTEXT("context"),
    POLICY("policy");

    private final String wire;

    Capability(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The capability a describe answer names, if it is one we know (others are ignored). */
    public static Optional<Capability> of(String wire) {
        for (Capability c : values()) {
            if (c.wire.equals(wire)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wire;
    }
}
