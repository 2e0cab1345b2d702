package io.apigenmt.topology.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Verification;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.TestUsage;
import io.apigenmt.topology.recombine.RecombinationPlan;
import io.apigenmt.topology.recombine.RecombineStage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The books: requested = verified + dead_lettered + in_flight, whatever is redelivered. */
class LedgerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DeadLetters review = new DeadLetters("review", StageHarness.CLOCK);
    private final DeadLetters fanout = new DeadLetters("fan-out", StageHarness.CLOCK);

    private static SeedCheck.Accepted accepted(String id, String domain, int tasks) {
        return new SeedCheck.Accepted(new SeedRequest(id, domain, tasks, 1L, Map.of(), List.of()), java.util.Optional.empty());
    }

    private static Blueprint blueprint(String seedId, String taskId, String domain, int attempt) {
        return Blueprint.newBuilder()
                .setTaskId(taskId).setSeedId(seedId).setDomain(domain).setAttempt(attempt).setUserId("u")
                .setInstruction("i").setActions(List.of()).setOutputs(List.of()).setGeneratorModel("g")
                .setUsage(TestUsage.legacy(10L, 2L, 1)).build();
    }

    private static Trajectory trajectory(String seedId, String taskId, String domain, int trial) {
        return Trajectory.newBuilder()
                .setTaskId(taskId).setDomain(domain).setBlueprint(blueprint(seedId, taskId, domain, 1))
                .setMessages(List.of()).setToolsJson("[]").setSystemPrompt("p").setTrial(trial)
                .setVerification(new Verification("h", "h", List.of(), List.of())).setModels(Map.of())
                .setUsage(TestUsage.legacy(100L, 20L, 5)).build();
    }

    private DeadLetter taskDead(String seedId, String taskId, String domain, DeadLetterReason reason) {
        return review.forTask(taskId, seedId, domain, reason, "", 3, new byte[] {1}, TestUsage.legacy(50L, 10L, 2));
    }

    private static void assertBalanced(Ledger ledger) {
        assertThat(ledger.requested()).isEqualTo(ledger.verified() + ledger.deadLettered() + ledger.inFlight());
        assertThat(ledger.inFlight()).isNotNegative();
    }

    @Test
    void shouldCountGivenTasksApartFromGeneratedOnesAndSettleThemLikeAnyTask() {
        Ledger ledger = new Ledger(3);
        ledger.onSeed(accepted("g", "retail", 2));

        ledger.onCandidate(Blueprint.newBuilder(blueprint("g", "g-0", "retail", 1)).setGivenId("1").build());
        ledger.onCandidate(Blueprint.newBuilder(blueprint("g", "g-1", "retail", 1)).setGivenId("2").build());
        ledger.onVerified(trajectory("g", "g-0", "retail", 1));
        ledger.onDeadLetter(taskDead("g", "g-1", "retail", DeadLetterReason.GIVEN_TASK_REJECTED));

        JsonNode generate = ledger.toJson(JSON).path("stages").path("generate");
        assertThat(generate.path("generated").asLong()).isZero();
        assertThat(generate.path("given").asLong()).isEqualTo(2);
        assertThat(ledger.inFlight()).isZero();
        assertThat(ledger.toJson(JSON).path("dead_letters_by_reason").path("given_task_rejected").asLong()).isEqualTo(1);
        assertBalanced(ledger);
    }

    @Test
    void shouldBalanceWithRedeliveriesRefusedSeedsAndUnattributedDeadLetters() {
        Ledger ledger = new Ledger(3);

        // Given two seeds, one published twice, and two refused seeds
        ledger.onSeed(accepted("a", "retail", 3));
        ledger.onSeed(accepted("a", "retail", 3));
        ledger.onSeed(accepted("b", "airline", 2));
        ledger.onSeed(new SeedCheck.Refused(DeadLetterReason.UNKNOWN_DOMAIN, "unknown domain 'x'",
                new SeedRequest("c", "x", 2, 1L, Map.of(), List.of())));
        ledger.onSeed(new SeedCheck.Refused(DeadLetterReason.UNDECODABLE, "not a SeedRequest", null), "seeds@0:7");
        // When some tasks end, with a trajectory and a dead letter each delivered twice
        ledger.onVerified(trajectory("a", "a-0", "retail", 1));
        ledger.onVerified(trajectory("a", "a-0", "retail", 1));
        ledger.onDeadLetter(taskDead("a", "a-1", "retail", DeadLetterReason.REVIEW_EXHAUSTED));
        ledger.onDeadLetter(taskDead("a", "a-1", "retail", DeadLetterReason.REVIEW_EXHAUSTED));
        ledger.onVerified(trajectory("b", "b-0", "airline", 2));
        ledger.onDeadLetter(fanout.forSeed("c", "x", DeadLetterReason.UNKNOWN_DOMAIN, "", new byte[] {1}));
        ledger.onDeadLetter(fanout.forSeed("seeds@0:7", "", DeadLetterReason.UNDECODABLE, "", new byte[] {1}));
        // and a stage dead-letters bytes that belong to no task
        ledger.onDeadLetter(review.forUndecodable("junk", DeadLetterReason.UNDECODABLE, "", new byte[] {1}, 0));
        // and terminal records of a seed nobody requested (injected by hand) arrive
        ledger.onDeadLetter(taskDead("ghost", "ghost-0", "retail", DeadLetterReason.PAYLOAD_TOO_LARGE));
        ledger.onVerified(trajectory("ghost", "ghost-1", "retail", 1));

        // Then 3 + 2 tasks and two refused seeds are requested; a-2 and b-1 are still in flight
        assertThat(ledger.requested()).isEqualTo(7);
        assertThat(ledger.verified()).isEqualTo(2);
        assertThat(ledger.deadLettered()).isEqualTo(3);
        assertThat(ledger.inFlight()).isEqualTo(2);
        assertBalanced(ledger);

        // When the last two end
        ledger.onDeadLetter(taskDead("a", "a-2", "retail", DeadLetterReason.ROLLOUT_FAILED));
        ledger.onVerified(trajectory("b", "b-1", "airline", 1));

        // Then nothing is in flight, and the report says so
        assertThat(ledger.inFlight()).isZero();
        assertBalanced(ledger);
        ObjectNode report = ledger.toJson(JSON);
        assertThat(report.path("requested").asLong()).isEqualTo(7);
        assertThat(report.path("verified").asLong()).isEqualTo(3);
        assertThat(report.path("dead_lettered").asLong()).isEqualTo(4);
        assertThat(report.path("in_flight").asLong()).isZero();
        assertThat(report.path("unattributed_dead_letters").asLong()).isEqualTo(1);
        // The ghost seed's records are reported, never counted against the requested tasks
        assertThat(report.path("unattributed_terminal_records").asLong()).isEqualTo(2);
        assertThat(report.path("stages").path("fan-out").path("seeds").asLong()).isEqualTo(4);
        assertThat(report.path("stages").path("fan-out").path("seeds_refused").asLong()).isEqualTo(2);
        assertThat(report.path("domains").path("retail").toString())
                .isEqualTo("{\"requested\":3,\"verified\":1,\"dead_lettered\":2}");
        assertThat(report.path("domains").path("airline").toString())
                .isEqualTo("{\"requested\":2,\"verified\":2,\"dead_lettered\":0}");
        assertThat(report.path("dead_letters_by_reason").toString()).isEqualTo(
                "{\"payload_too_large\":1,\"review_exhausted\":1,\"rollout_failed\":1,\"undecodable\":2,\"unknown_domain\":1}");
        // Usage of each terminal record, counted once: 4 trajectories and 3 task dead letters (the ghost's
        // records included: their calls were paid for)
        assertThat(report.path("llm_usage").toString())
                .isEqualTo("{\"prompt_tokens\":550,\"cached_prompt_tokens\":0,\"completion_tokens\":110,\"reasoning_tokens\":0,\"llm_calls\":26}");
    }

    @Test
    void shouldRequestTheCombinedTasksOfARecombiningSeedAndCountThem() {
        Ledger ledger = new Ledger(3);
        SeedRequest seed = new SeedRequest("r", "retail", 5, 1L, Map.of(RecombinationPlan.OPTION, "2"), List.of());

        // A seed of 5 tasks recombining pairs requests 5 members + 2 combined tasks
        ledger.onSeed(new SeedCheck.Accepted(seed, RecombinationPlan.of(seed)));
        assertThat(ledger.requested()).isEqualTo(7);

        // A combined candidate is counted as recombined, not generated; a failed group settles its task
        Blueprint combined = blueprint("r", "r-c0", "retail", 1);
        combined.setOptions(Map.of(Membership.COMBINED_FROM, "r-0,r-1"));
        ledger.onCandidate(combined);
        ledger.onCandidate(blueprint("r", "r-0", "retail", 1));
        ledger.onDeadLetter(new DeadLetters(RecombineStage.NAME, StageHarness.CLOCK)
                .forTask("r-c1", "r", "retail", DeadLetterReason.RECOMBINATION_FAILED, "1 of 2 members were approved", 0, null, null));

        JsonNode report = ledger.toJson(JSON);
        assertThat(report.path("stages").path("recombine").path("combined").asLong()).isEqualTo(1);
        assertThat(report.path("stages").path("recombine").path("failed").asLong()).isEqualTo(1);
        assertThat(report.path("stages").path("generate").path("generated").asLong()).isEqualTo(1);
        assertThat(report.path("domains").path("retail").path("requested").asLong()).isEqualTo(7);
        assertThat(ledger.deadLettered()).isEqualTo(1);
        assertBalanced(ledger);
    }

    @Test
    void shouldCountTheFunnelFirstPassAndAfterFeedback() {
        Ledger ledger = new Ledger(3);
        ledger.onSeed(accepted("a", "retail", 2));

        ledger.onCandidate(blueprint("a", "a-0", "retail", 1));
        ledger.onCandidate(blueprint("a", "a-1", "retail", 1));
        ledger.onRetry(new RejectedBlueprint(blueprint("a", "a-1", "retail", 1), "format", List.of("x"), List.of(), null));
        ledger.onCandidate(blueprint("a", "a-1", "retail", 2));
        ledger.onRetry(new RejectedBlueprint(blueprint("a", "a-1", "retail", 2), "review", List.of("x"), List.of(), null));
        ledger.onCandidate(blueprint("a", "a-1", "retail", 3));
        ledger.onApproved(new ApprovedBlueprint(blueprint("a", "a-0", "retail", 1), "[]", List.of(), 1.0, List.of()));
        ledger.onApproved(new ApprovedBlueprint(blueprint("a", "a-1", "retail", 3), "[]", List.of(), 0.75, List.of("policy")));
        ledger.onRetry(new RejectedBlueprint(blueprint("a", "a-0", "retail", 1), "rollout", List.of("x"), List.of(), "s"));
        ledger.onVerified(trajectory("a", "a-1", "retail", 2));

        ObjectNode stages = (ObjectNode) ledger.toJson(JSON).path("stages");
        assertThat(stages.path("generate").path("generated").asLong()).isEqualTo(2);
        assertThat(stages.path("regenerate").path("regenerations").asLong()).isEqualTo(2);
        assertThat(stages.path("review").toString()).isEqualTo("{\"format_rejections\":1,\"execution_rejections\":0,"
                + "\"policy_rejections\":0,\"review_rejections\":1,\"approvals\":2,\"approved_first_attempt\":1,"
                + "\"approved_after_feedback\":1,\"policy_checks_skipped\":1}");
        // One verified after 2 trials, one rollout failure of 3 trials
        assertThat(stages.path("rollout").toString())
                .isEqualTo("{\"verified\":1,\"rollout_failures\":1,\"rollout_trials\":5}");
        assertThat(ledger.inFlight()).isEqualTo(1);
    }

    @Test
    void shouldCountOnlyTheSeedsItFollows() {
        Ledger ledger = new Ledger(3, "mine"::equals);

        ledger.onSeed(accepted("mine", "retail", 1));
        ledger.onSeed(accepted("theirs", "retail", 5));
        ledger.onVerified(trajectory("theirs", "theirs-0", "retail", 1));
        ledger.onDeadLetter(taskDead("theirs", "theirs-1", "retail", DeadLetterReason.REVIEW_EXHAUSTED));
        ledger.onCandidate(blueprint("theirs", "theirs-2", "retail", 1));

        assertThat(ledger.requested()).isEqualTo(1);
        assertThat(ledger.verified()).isZero();
        assertThat(ledger.deadLettered()).isZero();
        assertThat(ledger.inFlight()).isEqualTo(1);

        ledger.onVerified(trajectory("mine", "mine-0", "retail", 1));
        assertThat(ledger.inFlight()).isZero();
        assertBalanced(ledger);
    }
}
