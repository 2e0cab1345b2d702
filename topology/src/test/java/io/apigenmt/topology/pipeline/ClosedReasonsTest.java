package io.apigenmt.topology.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The reasons on the wire are a contract (DeadLetter.reason, RejectedBlueprint.stage, report.json,
 * metrics): the closed sets must keep exactly these strings.
 */
class ClosedReasonsTest {

    @Test
    void shouldWriteEveryDeadLetterReasonExactlyAsDocumented() {
        assertThat(Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::wire)).containsExactlyInAnyOrder(
                "undecodable", "payload_too_large", "invalid_seed", "unknown_domain", "invalid_task_count",
                "too_many_tasks", "invalid_option", "generation_failed", "review_exhausted", "regeneration_failed",
                "rollout_failed", "recombination_failed", "given_task_rejected", "domain_data_mismatch",
                "environment_protocol", "budget_exhausted");
        assertThat(DeadLetterReason.values()).allSatisfy(reason -> assertThat(reason).hasToString(reason.wire()));
    }

    @Test
    void shouldWriteEveryRejectionAsTheStageFieldDocumentsIt() {
        assertThat(Arrays.stream(Rejection.values()).map(Rejection::wire))
                .containsExactly("format", "execution", "policy", "review", "rollout");
        assertThat(Rejection.values()).allSatisfy(rejection -> assertThat(rejection).hasToString(rejection.wire()));
        assertThat(Rejection.ROLLOUT.is("rollout")).isTrue();
        assertThat(Rejection.COMMITTEE.is("committee")).isFalse();
    }
}
