package io.apigenmt.topology.ledger;

import io.apigenmt.topology.generate.GenerateStage;
import io.apigenmt.topology.regenerate.RegenerateStage;
import io.apigenmt.topology.review.ReviewStage;
import io.apigenmt.topology.rollout.RolloutStage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which stage each unfinished task waits in or is worked on by, from the latest record about it:
 * a candidate is review's, an approved blueprint rollout's, a rejected one regenerate's. Latest
 * by attempt, not by arrival, so the order the topics are read in does not matter. A task with
 * no record yet is generate's (or still with fan-out or recombine).
 */
final class Whereabouts {

    /** attempt * 3 + step: review holds step 0, rollout step 1, regenerate step 2. */
    private final Map<String, Integer> positions = new HashMap<>();

    void candidate(String taskId, int attempt) {
        at(taskId, 3 * attempt);
    }

    void approved(String taskId, int attempt) {
        at(taskId, 3 * attempt + 1);
    }

    void rejected(String taskId, int attempt) {
        at(taskId, 3 * attempt + 2);
    }

    void finished(String taskId) {
        positions.remove(taskId);
    }

    private void at(String taskId, int position) {
        positions.merge(taskId, position, Math::max);
    }

    /** Tasks per stage, in pipeline order; {@code inFlight} less the located ones are generate's. */
    Map<String, Long> byStage(long inFlight) {
        long review = 0;
        long rollout = 0;
        long regenerate = 0;
        for (int p : positions.values()) {
            switch (p % 3) {
                case 0 -> review++;
                case 1 -> rollout++;
                default -> regenerate++;
            }
        }
        Map<String, Long> by = new LinkedHashMap<>();
        by.put(GenerateStage.NAME, Math.max(0, inFlight - review - rollout - regenerate));
        by.put(ReviewStage.NAME, review);
        by.put(RegenerateStage.NAME, regenerate);
        by.put(RolloutStage.NAME, rollout);
        return by;
    }
}
