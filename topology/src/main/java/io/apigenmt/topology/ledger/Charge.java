package io.apigenmt.topology.ledger;

import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.topology.llm.Tokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one task adds to the spend book as of its latest record: its usage breakdown, each entry
 * filed under the outcome of the work it paid for ({@link WorkOutcome}), and the task's own
 * outcome (verified, a dead letter's reason, or in flight).
 *
 * @param outcome {@link #VERIFIED}, {@link #IN_FLIGHT}, or a dead letter's reason
 */
record Charge(String outcome, Map<Part, Tokens> parts) {

    static final String VERIFIED = "verified";
    static final String IN_FLIGHT = "in_flight";

    /** Where a share of the spend goes. */
    record Part(String stage, String model, WorkOutcome work) {}

    static Charge of(String outcome, List<UsageEntry> breakdown, Function<UsageEntry, WorkOutcome> classify) {
        Map<Part, Tokens> parts = new HashMap<>();
        for (UsageEntry e : breakdown) {
            parts.merge(new Part(e.getStage(), e.getModel(), classify.apply(e)), new Tokens(e.getPromptTokens(),
                    e.getCachedPromptTokens(), e.getCompletionTokens(), e.getLlmCalls()), Tokens::plus);
        }
        return new Charge(outcome, Map.copyOf(parts));
    }

    boolean isDeadLetter() {
        return !VERIFIED.equals(outcome) && !IN_FLIGHT.equals(outcome);
    }
}
