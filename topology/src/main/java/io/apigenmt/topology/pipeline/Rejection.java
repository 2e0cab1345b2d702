package io.apigenmt.topology.pipeline;

/**
 * Which check rejected a blueprint and sent it back to the feedback loop: the closed set of
 * RejectedBlueprint {@code stage} values. {@link #wire()} is that field, the metric
 * {@code retry.<stage>} and, for the review checks, the report's {@code <stage>_rejections}; those
 * strings are a contract and never change.
 */
public enum Rejection {

    /** Review Stage 1: the blueprint is malformed (unknown tool, bad arguments, empty instruction...). */
    FORMAT("format"),
    /** Review Stage 1: an action fails on a fresh environment. */
    EXECUTION("execution"),
    /** Review Stage 1: the execution trace breaks a domain policy rule. */
    POLICY("policy"),
    /** Review Stage 2: the committee voted it down (on the wire, {@code review}). */
    COMMITTEE("review"),
    /** Rollout: every trial failed verification. */
    ROLLOUT("rollout");

    private final String wire;

    Rejection(String wire) {
        this.wire = wire;
    }

    /** The check as written in a RejectedBlueprint record. */
    public String wire() {
        return wire;
    }

    /** Whether a record's {@code stage} field names this check. */
    public boolean is(String stage) {
        return wire.equals(stage);
    }

    /** The wire form, so that concatenating a rejection can never write the constant's name. */
    @Override
    public String toString() {
        return wire;
    }
}
