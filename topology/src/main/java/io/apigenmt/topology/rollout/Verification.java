package io.apigenmt.topology.rollout;

import java.util.List;

/**
 * The verdict on one trial, as tau-bench's reward computes it.
 *
 * @param summary empty when passed; otherwise a short human account of what failed (which
 *                check, and for a state mismatch the differing records), fit for a rollout summary
 */
public record Verification(
        String stateHashExpected,
        String stateHashActual,
        List<String> outputsFound,
        List<String> outputsMissing,
        boolean passed,
        String summary) {

    public Verification {
        outputsFound = List.copyOf(outputsFound);
        outputsMissing = List.copyOf(outputsMissing);
        summary = summary == null ? "" : summary;
    }

    public boolean stateMatches() {
        return stateHashExpected.equals(stateHashActual);
    }
}
