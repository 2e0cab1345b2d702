package io.apigenmt.topology.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.schemas.Verification;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.Redrives;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.TestUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The ledger counts a task by its latest terminal record: a redriven task that verifies is
 * verified once, one that dead-letters again is dead-lettered once, whatever order the topics are
 * read in, and requested = verified + dead_lettered + in_flight holds after every record.
 */
class LedgerLatestTerminalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UsageEntry FAILED_GENERATION = TestUsage.scripted("generate", "gen", 1, 0, 3);

    private final DeadLetters generate = new DeadLetters("generate", StageHarness.CLOCK);
    private final DeadLetters regenerate = new DeadLetters("regenerate", StageHarness.CLOCK);

    private static Ledger ledgerOfOneTask() {
        Ledger ledger = new Ledger(3);
        ledger.onSeed(new SeedCheck.Accepted(new SeedRequest("s", "retail", 1, 1L, Map.of(), List.of()), Optional.empty()));
        return ledger;
    }

    private static Map<String, String> generation(int n, int base) {
        return new Redrives(n, base).writeTo(Map.of());
    }

    private static TaskRequest task(int generation, Usage usage) {
        return new TaskRequest("s-0", "s", "retail", 0, 7L, generation(generation, 0), null, usage);
    }

    private static Blueprint blueprint(int generation, int attempt, Usage usage) {
        return Blueprint.newBuilder().setTaskId("s-0").setSeedId("s").setDomain("retail").setAttempt(attempt)
                .setUserId("u").setInstruction("i").setActions(List.of()).setOutputs(List.of()).setGeneratorModel("gen")
                .setUsage(usage).setOptions(generation(generation, 0)).build();
    }

    private static Trajectory trajectory(Blueprint b) {
        return Trajectory.newBuilder().setTaskId(b.getTaskId()).setDomain(b.getDomain()).setBlueprint(b)
                .setMessages(List.of()).setToolsJson("[]").setSystemPrompt("p").setTrial(1)
                .setVerification(new Verification("h", "h", List.of(), List.of())).setModels(Map.of())
                .setUsage(b.getUsage()).build();
    }

    private DeadLetter generationFailed(int generation) {
        return generate.forTask(task(generation, null), DeadLetterReason.GENERATION_FAILED, "garbage", 1, new byte[] {1},
                TestUsage.plus(null, FAILED_GENERATION));
    }

    private static void assertBooks(Ledger ledger, long verified, long dead, long inFlight) {
        assertThat(ledger.requested()).isEqualTo(ledger.verified() + ledger.deadLettered() + ledger.inFlight());
        assertThat(List.of(ledger.verified(), ledger.deadLettered(), ledger.inFlight()))
                .as("verified, dead-lettered, in flight").containsExactly(verified, dead, inFlight);
    }

    @Test
    void shouldCountARedrivenTaskThatVerifiesAsVerifiedOnceWithTheSpendOfBothRuns() {
        Ledger ledger = ledgerOfOneTask();
        Usage carried = TestUsage.plus(null, FAILED_GENERATION);

        // Given a task whose generation failed
        ledger.onDeadLetter(generationFailed(0));
        assertBooks(ledger, 0, 1, 0);

        // When it is redriven: its request comes back carrying the dead letter's usage
        ledger.onTask(task(1, carried));
        assertBooks(ledger, 0, 0, 1);
        Blueprint candidate = blueprint(1, 1, TestUsage.plus(carried, TestUsage.scripted("generate", "gen", 1, 0, 1)));
        ledger.onCandidate(candidate);
        assertBooks(ledger, 0, 0, 1);

        // Then once it verifies it is verified, once, and spent what both runs spent (not the first run twice)
        ledger.onVerified(trajectory(candidate));
        ledger.onVerified(trajectory(candidate));
        assertBooks(ledger, 1, 0, 0);
        JsonNode report = ledger.toJson(JSON);
        assertThat(report.path("redriven").asLong()).isEqualTo(1);
        assertThat(report.path("dead_letters_by_reason").size()).isZero();
        assertThat(report.path("llm_usage").path("llm_calls").asLong()).isEqualTo(4);
        assertThat(report.at("/cost/total/tokens/llm_calls").asLong()).isEqualTo(4);
    }

    @Test
    void shouldCountATaskDeadLetteredAgainAfterARedriveOnceByItsLatestDeadLetter() {
        Ledger ledger = ledgerOfOneTask();
        Blueprint rejected = blueprint(0, 3, TestUsage.legacy(900, 90, 9));
        ledger.onDeadLetter(regenerate.forBlueprint(rejected, DeadLetterReason.REVIEW_EXHAUSTED, "spent", new byte[] {1}));

        // Redriven to regenerate with a fresh budget, revised, and dead-lettered again
        Blueprint revised = blueprint(1, 4, TestUsage.legacy(1000, 100, 10));
        ledger.onCandidate(revised);
        assertBooks(ledger, 0, 0, 1);
        ledger.onDeadLetter(regenerate.forBlueprint(blueprint(1, 6, TestUsage.legacy(1200, 120, 12)),
                DeadLetterReason.BUDGET_EXHAUSTED, "not revised", new byte[] {1}));

        assertBooks(ledger, 0, 1, 0);
        assertThat(ledger.toJson(JSON).path("dead_letters_by_reason").toString()).isEqualTo("{\"budget_exhausted\":1}");
        assertThat(ledger.toJson(JSON).path("llm_usage").path("llm_calls").asLong()).isEqualTo(12);
    }

    @Test
    void shouldReachTheSameBooksWhateverOrderTheTopicsAreReadIn() {
        Usage carried = TestUsage.plus(null, FAILED_GENERATION);
        Blueprint candidate = blueprint(1, 1, TestUsage.plus(carried, TestUsage.scripted("generate", "gen", 1, 0, 1)));

        // The trajectory of the redriven run first, the dead letter it supersedes after it
        Ledger late = ledgerOfOneTask();
        late.onVerified(trajectory(candidate));
        late.onDeadLetter(generationFailed(0));
        late.onTask(task(1, carried));
        assertBooks(late, 1, 0, 0);

        // The redriven run's work before the old dead letter: in flight, the dead letter stands for nothing
        Ledger early = ledgerOfOneTask();
        early.onCandidate(candidate);
        early.onDeadLetter(generationFailed(0));
        assertBooks(early, 0, 0, 1);
        assertThat(early.standing("s-0")).isEqualTo(new Ledger.Standing("in_flight", 1));

        // The dead letter of the redriven run before that run's own work: it ended, later work of it changes nothing
        Ledger ended = ledgerOfOneTask();
        ended.onDeadLetter(generationFailed(0));
        ended.onDeadLetter(generate.forTask(task(1, carried), DeadLetterReason.GENERATION_FAILED, "again", 1,
                new byte[] {1}, carried));
        ended.onTask(task(1, carried));
        assertBooks(ended, 0, 1, 0);
        assertThat(ended.standing("s-0")).isEqualTo(new Ledger.Standing("dead_lettered", 1));
        assertThat(ended.toJson(JSON).path("redriven").asLong()).isEqualTo(1);
    }

    @Test
    void shouldCountOneDeadLetterOfOneGenerationOnceAndTheLastOneReadAsTheLatest() {
        Ledger ledger = ledgerOfOneTask();
        ledger.onDeadLetter(generationFailed(0));
        ledger.onDeadLetter(generationFailed(0));
        ledger.onDeadLetter(generate.forTask(task(0, null), DeadLetterReason.BUDGET_EXHAUSTED, "later", 0,
                new byte[] {1}, null));

        assertBooks(ledger, 0, 1, 0);
        assertThat(ledger.toJson(JSON).path("dead_letters_by_reason").toString()).isEqualTo("{\"budget_exhausted\":1}");
    }
}
