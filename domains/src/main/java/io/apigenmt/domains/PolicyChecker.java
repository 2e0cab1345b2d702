package io.apigenmt.domains;

import java.util.List;

/** Domain rules that can be decided from an executed action sequence and the database. */
public interface PolicyChecker {

    /**
     * @param trace   the blueprint's actions in order, each with its observation, as executed on
     *                {@code initial}'s copy
     * @param initial a fresh environment in the state before the first action (read only)
     * @return every violation; empty when the sequence is allowed
     */
    List<PolicyViolation> check(List<ExecutedCall> trace, Environment initial);

    record ExecutedCall(ToolCall call, Observation observation) {}
}
