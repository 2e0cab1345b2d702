package io.apigenmt.topology.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.domains.TaskContext;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.topology.environment.Capability;
import io.apigenmt.topology.environment.FaultyDomain;
import io.apigenmt.topology.pipeline.ScriptedChatModel;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review on an environment that fails as a remote one can, through the production topology: an
 * outage delays the review (the unit is redone) and never dead-letters it; an answer outside the
 * protocol dead-letters it naming the environment; an environment without the policy capability
 * gets its blueprint approved with the check named as skipped.
 */
class ReviewEnvironmentFaultsTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    @TempDir
    Path stateDir;

    private final Topics topics = new Topics();
    private final List<ScriptedChatModel> judges = List.of(accepting("j1"), accepting("j2"), accepting("j3"));
    private StageHarness harness;

    @AfterEach
    void stopStage() {
        if (harness != null) {
            harness.close();
        }
    }

    private static ScriptedChatModel accepting(String name) {
        return ScriptedChatModel.answering(name, "{\"correctness\": 1, \"completeness\": 1, \"satisfaction\": 1, "
                + "\"creativity\": 1, \"reflection\": \"fine\", \"correction\": \"\"}");
    }

    private void startOn(FaultyDomain retail) {
        StageContext base = StageHarness.context(cluster.registryClient(), StageHarness.roles(null, judges, null, null, null),
                new StageHarness.RecordingMetrics(), l -> { });
        StageContext ctx = new StageContext(base.config(), base.topics(), base.registry(),
                TestDomains.domains().with(List.of(retail)), base.models(), base.json(), base.clock(), base.metrics());
        harness = StageHarness.start(ReviewStage::new, ctx, stateDir);
    }

    private static FaultyDomain retail() {
        return FaultyDomain.of(TestDomains.registry().find("retail").orElseThrow());
    }

    private static Blueprint valid() {
        TaskContext c = TestDomains.registry().find("retail").orElseThrow().contextSampler().sample(1);
        return Blueprint.newBuilder()
                .setTaskId("t-1").setSeedId("s").setDomain("retail").setAttempt(1).setRandomSeed(1L)
                .setUserId(c.userId()).setInstruction("You are " + c.userId() + " and want the changes made.")
                .setActions(c.suggestedActions().stream().map(a -> new Action(a.name(), a.arguments().toString())).toList())
                .setOutputs(List.of("done")).setPersona("terse").setGeneratorModel("gen").setFeedbackHistory(List.of())
                .setUsage(Usages.of(100L, 20L, 1)).setOptions(Map.of())
                .build();
    }


    @Test
    void shouldRedoAReviewWhileItsEnvironmentIsDownAndNeverDeadLetterIt() throws Exception {
        // Given retail's environment refuses its first three episodes
        FaultyDomain retail = retail().downForOpens(3);
        startOn(retail);

        // When a valid blueprint is reviewed
        harness.pipe(topics.candidates(), "t-1", valid());

        // Then it is approved once the environment answers, after three redos
        List<KeyValue<String, ApprovedBlueprint>> approved = harness.awaitRecords(topics.approved(), Duration.ofSeconds(30));
        assertThat(approved).hasSize(1);
        assertThat(approved.get(0).value.getSkippedChecks()).isEmpty();
        assertThat(retail.opens()).isEqualTo(4);
        // And nothing else was written: no dead letter, no retry
        harness.drain();
        assertThat(harness.read(topics.deadLetters())).isEmpty();
        assertThat(harness.read(topics.retry())).isEmpty();
        assertThat(judges.stream().mapToInt(ScriptedChatModel::calls).sum()).as("the committee sat once").isEqualTo(3);
    }

    @Test
    void shouldDeadLetterABlueprintWhoseEnvironmentBreaksTheProtocolNamingTheEnvironment() throws Exception {
        // Given retail's environment answers state requests outside the protocol
        startOn(retail().stateBreaksProtocol());
        Blueprint blueprint = valid();

        // When a valid blueprint is reviewed
        harness.pipe(topics.candidates(), "t-1", blueprint);

        // Then its task ends as an environment_protocol dead letter saying which environment broke what
        List<KeyValue<String, DeadLetter>> dead = harness.awaitRecords(topics.deadLetters(), Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        DeadLetter letter = dead.get(0).value;
        assertThat(letter.getId()).isEqualTo("t-1");
        assertThat(letter.getStage()).isEqualTo("review");
        assertThat(letter.getReason()).isEqualTo("environment_protocol");
        assertThat(letter.getError()).isEqualTo("environment 'retail' at http://faulty.test broke the environment protocol: "
                + "GET /v1/episodes/{id}/state: 'hash' is missing");
        assertThat(letter.getTasks()).isEqualTo(1);
        assertThat(harness.read(topics.approved())).isEmpty();
        assertThat(harness.read(topics.retry())).isEmpty();
    }

    @Test
    void shouldApproveWithoutThePolicyCheckWhenTheEnvironmentHasNoPolicyCapabilityAndSaySo() throws Exception {
        // Given an environment that offers no policy check
        FaultyDomain retail = retail().without(Capability.POLICY);
        startOn(retail);

        // When a valid blueprint is reviewed
        harness.pipe(topics.candidates(), "t-1", valid());

        // Then it is approved, the check named as skipped, and the environment was never asked
        List<KeyValue<String, ApprovedBlueprint>> approved = harness.awaitRecords(topics.approved(), Duration.ofSeconds(30));
        assertThat(approved).hasSize(1);
        assertThat(approved.get(0).value.getSkippedChecks()).containsExactly("policy");
        assertThat(retail.policyChecks()).isZero();
    }

    @Test
    void shouldCheckThePolicyWhenTheEnvironmentOffersIt() throws Exception {
        // Given an environment with every capability
        FaultyDomain retail = retail();
        startOn(retail);

        // When a valid blueprint is reviewed
        harness.pipe(topics.candidates(), "t-1", valid());

        // Then its policy was checked once and nothing is named as skipped
        List<KeyValue<String, ApprovedBlueprint>> approved = harness.awaitRecords(topics.approved(), Duration.ofSeconds(30));
        assertThat(approved).hasSize(1);
        assertThat(approved.get(0).value.getSkippedChecks()).isEmpty();
        assertThat(retail.policyChecks()).isEqualTo(1);
    }
}
