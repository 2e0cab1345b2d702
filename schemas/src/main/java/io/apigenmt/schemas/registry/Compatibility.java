package io.apigenmt.schemas.registry;

/** The Confluent compatibility levels. apigen-mt subjects use {@link #BACKWARD}. */
public enum Compatibility {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** Parses a level as the REST API spells it; null when it is not one. */
    public static Compatibility parse(String s) {
        if (s == null) {
            return null;
        }
        for (Compatibility c : values()) {
            if (c.name().equalsIgnoreCase(s.strip())) {
                return c;
            }
        }
        return null;
    }

    public boolean transitive() {
        return this == BACKWARD_TRANSITIVE || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }

    /** New schemas must read data written with older ones. */
    public boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Older schemas must read data written with new ones. */
    public boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }
}
