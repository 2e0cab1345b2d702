package io.apigenmt.topology.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.platform.SampleRecords;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the ledger's unfinished tasks are: what the progress line calls the stage holding most. */
class WhereaboutsTest {

    private static Blueprint blueprint(String taskId, int attempt) {
        return Blueprint.newBuilder(SampleRecords.of(Blueprint.class)).setTaskId(taskId).setSeedId("s").setAttempt(attempt)
                .setUsage(Usages.of(1L, 1L, 1)).setOptions(Map.of()).build();
    }

    @Test
    void shouldPlaceEachUnfinishedTaskByItsLatestRecordWhateverTheReadingOrder() {
        Ledger ledger = new Ledger(3);
        ledger.onSeed(new SeedCheck.Accepted(new SeedRequest("s", "retail", 5, 1L, Map.of(), List.of()), Optional.empty()));

        // s-0 was approved after a rejection (records read newest first); s-1 is a candidate;
        // s-2 was rejected; s-3 is verified; s-4 has no record yet
        ledger.onApproved(new ApprovedBlueprint(blueprint("s-0", 2), "[]", List.of(), 1.0, List.of()));
        ledger.onRetry(new RejectedBlueprint(blueprint("s-0", 1), "policy", List.of("x"), List.of(), null));
        ledger.onCandidate(blueprint("s-0", 2));
        ledger.onCandidate(blueprint("s-1", 1));
        ledger.onCandidate(blueprint("s-2", 1));
        ledger.onRetry(new RejectedBlueprint(blueprint("s-2", 1), "review", List.of("x"), List.of(), null));
        ledger.onCandidate(blueprint("s-3", 1));
        ledger.onVerified(Trajectory.newBuilder(SampleRecords.of(Trajectory.class)).setTaskId("s-3")
                .setBlueprint(blueprint("s-3", 1)).build());
        ledger.onApproved(new ApprovedBlueprint(blueprint("s-3", 1), "[]", List.of(), 1.0, List.of()));

        assertThat(ledger.inFlightByStage()).containsExactly(
                Map.entry("generate", 1L), Map.entry("review", 1L), Map.entry("regenerate", 1L), Map.entry("rollout", 1L));
    }
}
