package io.apigenmt.topology.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Review;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.platform.SampleRecords;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Per-task histories folded from the records the stages write. */
class TaskBookTest {

    private static final JudgeVerdict VERDICT = JudgeVerdict.newBuilder().setJudge("j1").setCorrectness(1)
            .setCompleteness(1).setSatisfaction(1).setCreativity(0).setReflection("fine").build();

    private static Blueprint blueprint(String taskId, String seed, int attempt, Usage usage) {
        Blueprint sample = SampleRecords.of(Blueprint.class);
        return Blueprint.newBuilder(sample).setTaskId(taskId).setSeedId(seed).setDomain("retail").setAttempt(attempt)
                .setUsage(usage).setOptions(Map.of()).build();
    }

    /** Generate, a policy rejection, regenerate, approval, a verified rollout: usage grows along the way. */
    private static List<Consumer<TaskBook>> verifiedTask() {
        Blueprint a1 = blueprint("s-0", "s", 1, Usages.of(100L, 10L, 1));
        Blueprint rejected = Blueprint.newBuilder(a1).setUsage(Usages.of(160L, 16L, 4)).build();
        Blueprint a2 = blueprint("s-0", "s", 2, Usages.of(220L, 22L, 6));
        Blueprint approved = Blueprint.newBuilder(a2).setUsage(Usages.of(400L, 40L, 9)).build();
        Trajectory t = Trajectory.newBuilder(SampleRecords.of(Trajectory.class)).setTaskId("s-0").setDomain("retail")
                .setBlueprint(Blueprint.newBuilder(a2).setUsage(Usages.of(900L, 90L, 15)).build())
                .setUsage(Usages.of(900L, 90L, 15)).setReview(new Review("[]", List.of(VERDICT), 1.0, List.of())).build();
        return List.of(
                b -> b.onCandidate(a1),
                b -> b.onRetry(new RejectedBlueprint(rejected, "policy", List.of("not pending"), List.of(), null)),
                b -> b.onCandidate(a2),
                b -> b.onApproved(new ApprovedBlueprint(approved, "[]", List.of(VERDICT), 1.0, List.of())),
                b -> b.onVerified(t));
    }

    private static List<ObjectNode> fold(List<Consumer<TaskBook>> records) {
        TaskBook book = new TaskBook(seed -> seed.equals("s"));
        records.forEach(r -> r.accept(book));
        return book.toJson();
    }

    @Test
    void shouldFoldEveryRecordOfATaskIntoOneHistoryWhateverOrderTheTopicsAreReadIn() {
        // When the records are folded in the order written, and in reverse
        List<ObjectNode> forward = fold(verifiedTask());
        List<Consumer<TaskBook>> reversed = new ArrayList<>(verifiedTask());
        Collections.reverse(reversed);

        // Then both give the same single history
        assertThat(fold(reversed)).isEqualTo(forward);
        assertThat(forward).singleElement().satisfies(task -> {
            assertThat(task.path("outcome").asText()).isEqualTo("verified");
            assertThat(task.path("attempts").asInt()).isEqualTo(2);
            assertThat(task.path("blueprints")).hasSize(2);
            assertThat(task.path("rejections")).singleElement().satisfies(r -> {
                assertThat(r.path("attempt").asInt()).isEqualTo(1);
                assertThat(r.path("stage").asText()).isEqualTo("policy");
                assertThat(r.path("reasons").get(0).asText()).isEqualTo("not pending");
            });
            assertThat(task.path("approvals")).singleElement().satisfies(a -> assertThat(a.path("score").asDouble()).isEqualTo(1.0));
            assertThat(task.path("trajectory").path("review").path("verdicts").get(0).path("judge").asText()).isEqualTo("j1");
            assertThat(task.path("trajectory").has("blueprint")).as("the blueprint is in blueprints[] already").isFalse();
        });
    }

    @Test
    void shouldChargeEachStageWhatItsOutputCarriesBeyondItsInput() {
        JsonNode byStage = fold(verifiedTask()).get(0).path("usage_by_stage");

        assertThat(StageUsage.of(byStage.path("generate"))).isEqualTo(new StageUsage(100, 10, 1));
        // review: the rejection of attempt 1 (160 - 100) and the approval of attempt 2 (400 - 220)
        assertThat(StageUsage.of(byStage.path("review"))).isEqualTo(new StageUsage(240, 24, 6));
        assertThat(StageUsage.of(byStage.path("regenerate"))).isEqualTo(new StageUsage(60, 6, 2));
        assertThat(StageUsage.of(byStage.path("rollout"))).isEqualTo(new StageUsage(500, 50, 6));
        // Together they are what the trajectory carries
        StageUsage sum = StageUsage.NONE;
        for (JsonNode u : byStage) {
            sum = sum.plus(StageUsage.of(u));
        }
        assertThat(sum).isEqualTo(new StageUsage(900, 90, 15));
    }

    @Test
    void shouldEndADeadLetteredTaskWithItsReasonAndChargeItToTheStageThatWroteIt() {
        Blueprint a1 = blueprint("s-1", "s", 1, Usages.of(100L, 10L, 1));
        Blueprint approved = Blueprint.newBuilder(a1).setUsage(Usages.of(130L, 13L, 4)).build();
        DeadLetter dead = DeadLetter.newBuilder().setId("s-1").setStage("rollout").setReason("rollout_failed")
                .setError("trial 1: state mismatch").setAttempts(1).setSeedId("s").setDomain("retail").setTasks(1)
                .setUsage(Usages.of(330L, 33L, 10)).setAt(1L).build();

        List<ObjectNode> tasks = fold(List.of(b -> b.onDeadLetter(dead), b -> b.onCandidate(a1),
                b -> b.onApproved(new ApprovedBlueprint(approved, "[]", List.of(), 1.0, List.of()))));

        assertThat(tasks).singleElement().satisfies(task -> {
            assertThat(task.path("outcome").asText()).isEqualTo("dead_lettered");
            assertThat(task.path("reason").asText()).isEqualTo("rollout_failed");
            assertThat(task.path("dead_letter").path("error").asText()).isEqualTo("trial 1: state mismatch");
            assertThat(task.path("dead_letter").has("payload")).isFalse();
            assertThat(StageUsage.of(task.path("usage_by_stage").path("rollout"))).isEqualTo(new StageUsage(200, 20, 6));
            assertThat(StageUsage.of(task.path("usage"))).isEqualTo(new StageUsage(330, 33, 10));
        });
    }

    @Test
    void shouldKeepOnlyTheFilteredSeedsTasksButListEveryDeadLetterOfNoTask() {
        DeadLetter otherSeed = DeadLetter.newBuilder().setId("x-0").setStage("generate").setReason("generation_failed")
                .setError("e").setSeedId("x").setTasks(1).setAt(1L).build();
        DeadLetter noTask = DeadLetter.newBuilder().setId("apigen.tasks@0:7").setStage("generate").setReason("undecodable")
                .setError("e").setTasks(0).setAt(1L).build();
        TaskBook book = new TaskBook(seed -> seed.equals("s"));

        book.onDeadLetter(otherSeed);
        book.onDeadLetter(noTask);
        book.onCandidate(blueprint("x-1", "x", 1, Usages.of(1L, 1L, 1)));

        assertThat(book.toJson()).isEmpty();
        assertThat(book.deadLettersJson()).extracting(d -> d.path("id").asText()).containsExactly("apigen.tasks@0:7");
    }

    @Test
    void shouldListTasksInTheOrderPeopleCountThem() {
        TaskBook book = new TaskBook(seed -> true);
        for (String id : List.of("s-10", "s-2", "s-c1", "s-1")) {
            book.onCandidate(blueprint(id, "s", 1, Usages.of(1L, 1L, 1)));
        }
        assertThat(book.toJson()).extracting(t -> t.path("task_id").asText()).containsExactly("s-1", "s-2", "s-10", "s-c1");
    }
}
