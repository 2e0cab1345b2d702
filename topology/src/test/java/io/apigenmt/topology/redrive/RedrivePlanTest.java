package io.apigenmt.topology.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.Verification;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.Redrives;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.TestUsage;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which dead letters go back, where to and as what; and which stay, and why (against a real
 * registry: the kept records are decoded and re-encoded in the wire format).
 */
class RedrivePlanTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.create();

    private final Topics topics = new Topics("plan.");
    private final Usage spent = TestUsage.plus(null, TestUsage.scripted("generate", "gen", 1, 0, 3));

    private static Ledger books(DeadLetter... letters) {
        Ledger ledger = new Ledger(3);
        ledger.onSeed(new SeedCheck.Accepted(new SeedRequest("s", "retail", 9, 1L, Map.of(), List.of()), Optional.empty()));
        for (DeadLetter d : letters) {
            ledger.onDeadLetter(d);
        }
        return ledger;
    }

    private static Blueprint blueprint(String taskId, int attempt) {
        return Blueprint.newBuilder().setTaskId(taskId).setSeedId("s").setDomain("retail").setAttempt(attempt)
                .setUserId("u").setInstruction("i").setActions(List.of()).setOutputs(List.of()).setGeneratorModel("gen")
                .setUsage(TestUsage.legacy(10, 1, 1)).setOptions(Map.of("k", "v")).build();
    }

    private List<Redrive.Decision> plan(Ledger ledger, Redrive.Filter filter, DeadLetter... letters) {
        return new Redrive(topics, cluster.registryClient()).plan(List.of(letters), filter, ledger);
    }

    private static final Redrive.Filter ALL = new Redrive.Filter(null, null, null);

    @Test
    void shouldSendEachDeadLetterBackToTheStageThatFailedItWithTheNextGenerationAndItsUsage() {
        TaskRequest task = new TaskRequest("s-0", "s", "retail", 0, 7L, Map.of("k", "v"), null, null);
        DeadLetter generation = new DeadLetters("generate", StageHarness.CLOCK).forTask(task,
                DeadLetterReason.GENERATION_FAILED, "garbage", 1, topics.tasks().codec(cluster.registryClient())
                        .serialize(topics.tasks().name(), task), spent);
        Blueprint third = blueprint("s-1", 3);
        RejectedBlueprint rejected = new RejectedBlueprint(third, "review", List.of("x"), List.of(), null);
        DeadLetter exhausted = new DeadLetters("regenerate", StageHarness.CLOCK).forBlueprint(third,
                DeadLetterReason.REVIEW_EXHAUSTED, "spent", topics.retry().codec(cluster.registryClient())
                        .serialize(topics.retry().name(), rejected));
        Blueprint second = blueprint("s-2", 2);
        DeadLetter rollout = new DeadLetters("rollout", StageHarness.CLOCK).forBlueprint(second,
                DeadLetterReason.ROLLOUT_FAILED, "trials", topics.approved().codec(cluster.registryClient())
                        .serialize(topics.approved().name(), new ApprovedBlueprint(second, "[]", List.of(), 1.0, List.of())));

        List<Redrive.Decision> decisions = plan(books(generation, exhausted, rollout), ALL, generation, exhausted, rollout);

        assertThat(decisions).allMatch(Redrive.Send.class::isInstance);
        Redrive.Send toGenerate = (Redrive.Send) decisions.get(0);
        assertThat(toGenerate.topic()).isEqualTo("plan.tasks");
        TaskRequest resent = topics.tasks().codec(cluster.registryClient()).deserialize(toGenerate.value());
        assertThat(resent.getTaskId()).isEqualTo("s-0");
        assertThat(resent.getUsage()).as("what the failed generation cost stays on the task").isEqualTo(spent);
        assertThat(resent.getOptions()).containsEntry("k", "v");
        assertThat(Redrives.of(resent.getOptions())).isEqualTo(new Redrives(1, 0));
        // A review_exhausted task goes back to regenerate with a fresh budget after its 3 attempts
        Redrive.Send toRegenerate = (Redrive.Send) decisions.get(1);
        assertThat(toRegenerate.topic()).isEqualTo("plan.blueprints.retry");
        assertThat(toRegenerate.redrives()).isEqualTo(new Redrives(1, 3));
        RejectedBlueprint back = topics.retry().codec(cluster.registryClient()).deserialize(toRegenerate.value());
        assertThat(back.getReasons()).containsExactly("x");
        assertThat(back.getBlueprint().getAttempt()).isEqualTo(3);
        // A rolled-out attempt is rolled out again: that attempt is the first of its new budget
        Redrive.Send toRollout = (Redrive.Send) decisions.get(2);
        assertThat(toRollout.topic()).isEqualTo("plan.blueprints.approved");
        assertThat(toRollout.redrives()).isEqualTo(new Redrives(1, 1));
    }

    @Test
    void shouldSendOnlyATasksLatestDeadLetterAndOnlyWhileTheTaskStandsOnIt() {
        TaskRequest task = new TaskRequest("s-0", "s", "retail", 0, 7L, Map.of(), null, null);
        byte[] bytes = topics.tasks().codec(cluster.registryClient()).serialize(topics.tasks().name(), task);
        DeadLetters generate = new DeadLetters("generate", StageHarness.CLOCK);
        DeadLetter first = generate.forTask(task, DeadLetterReason.GENERATION_FAILED, "a", 1, bytes, spent);
        DeadLetter second = generate.forTask(task, DeadLetterReason.BUDGET_EXHAUSTED, "b", 0, bytes, spent);
        DeadLetter verifiedSince = generate.forTask(new TaskRequest("s-1", "s", "retail", 1, 7L, Map.of(), null, null),
                DeadLetterReason.GENERATION_FAILED, "c", 1, bytes, spent);
        DeadLetter redrivenAlready = generate.forTask(new TaskRequest("s-2", "s", "retail", 2, 7L, Map.of(), null, null),
                DeadLetterReason.GENERATION_FAILED, "d", 1, bytes, spent);
        Ledger ledger = books(first, second, verifiedSince, redrivenAlready);
        Blueprint s1 = blueprint("s-1", 1);
        ledger.onVerified(Trajectory.newBuilder().setTaskId("s-1").setDomain("retail").setBlueprint(s1)
                .setMessages(List.of()).setToolsJson("[]").setSystemPrompt("p").setTrial(1)
                .setVerification(new Verification("h", "h", List.of(), List.of())).setModels(Map.of())
                .setUsage(s1.getUsage()).build());
        ledger.onTask(new TaskRequest("s-2", "s", "retail", 2, 7L, new Redrives(1, 0).writeTo(Map.of()), null, spent));

        List<Redrive.Decision> decisions = plan(ledger, ALL, first, second, verifiedSince, redrivenAlready);

        assertThat(decisions).hasSize(4);
        assertThat(decisions).filteredOn(Redrive.Send.class::isInstance).singleElement()
                .satisfies(d -> assertThat(d.letter()).isSameAs(second));
        assertThat(whys(decisions)).containsExactlyInAnyOrder(
                "superseded by a later dead letter of the same task",
                "the task verified since",
                "the task was redriven already (redrive generation 1 is in flight)");
    }

    @Test
    void shouldSkipWhatCannotGoBackSayingWhy() {
        DeadLetters fanout = new DeadLetters("fan-out", StageHarness.CLOCK);
        DeadLetter refusedSeed = fanout.forSeed("bad", "retail", DeadLetterReason.TOO_MANY_TASKS, "too many", new byte[] {1});
        DeadLetter stray = new DeadLetters("review", StageHarness.CLOCK).undecodable("junk", "Blueprint",
                new IllegalArgumentException("no"), new byte[] {1});
        DeadLetter group = new DeadLetters("recombine", StageHarness.CLOCK).forTask("s-c0", "s", "retail",
                DeadLetterReason.RECOMBINATION_FAILED, "1 of 2", 0, new byte[] {1}, null);
        DeadLetter cut = new DeadLetters("review", StageHarness.CLOCK).forBlueprint(blueprint("s-3", 1),
                DeadLetterReason.PAYLOAD_TOO_LARGE, "big", new byte[300 * 1024]);
        DeadLetter garbled = new DeadLetters("review", StageHarness.CLOCK).forBlueprint(blueprint("s-4", 1),
                DeadLetterReason.UNKNOWN_DOMAIN, "x", new byte[] {0, 0, 0, 0, 9, 9});
        Ledger ledger = books(refusedSeed, stray, group, cut, garbled);
        ledger.onSeed(new SeedCheck.Refused(DeadLetterReason.TOO_MANY_TASKS, "too many",
                new SeedRequest("bad", "retail", 99_999, 1L, Map.of(), List.of())));

        List<Redrive.Decision> decisions = plan(ledger, ALL, refusedSeed, stray, group, cut, garbled);

        assertThat(decisions).allMatch(Redrive.Skip.class::isInstance);
        assertThat(whys(decisions)).hasSize(5).contains(
                "a refused seed is bad input: correct it and publish it again (apigen seed)",
                "belongs to no task (undecodable bytes): nothing to send back",
                "stage recombine cannot be redriven (its input is the stage's own state)",
                "the kept record was cut short (too large to keep whole)")
                .anyMatch(why -> why.startsWith("the kept record does not decode: "));
    }

    @Test
    void shouldSelectByReasonStageAndSeed() {
        TaskRequest task = new TaskRequest("s-0", "s", "retail", 0, 7L, Map.of(), null, null);
        byte[] bytes = topics.tasks().codec(cluster.registryClient()).serialize(topics.tasks().name(), task);
        DeadLetter failed = new DeadLetters("generate", StageHarness.CLOCK).forTask(task,
                DeadLetterReason.GENERATION_FAILED, "a", 1, bytes, null);
        Ledger ledger = books(failed);

        assertThat(plan(ledger, new Redrive.Filter("budget_exhausted", null, null), failed)).isEmpty();
        assertThat(plan(ledger, new Redrive.Filter(null, "review", null), failed)).isEmpty();
        assertThat(plan(ledger, new Redrive.Filter(null, null, "other"), failed)).isEmpty();
        assertThat(plan(ledger, new Redrive.Filter("generation_failed", "generate", "s"), failed)).hasSize(1);
    }

    private static List<String> whys(List<Redrive.Decision> decisions) {
        return decisions.stream().filter(Redrive.Skip.class::isInstance).map(d -> ((Redrive.Skip) d).why()).toList();
    }
}
