package io.apigenmt.topology.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.topology.environment.FaultyDomain;
import io.apigenmt.topology.pipeline.ScriptedChatModel;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollout on an environment that loses an episode in the middle of a conversation (an expiry, a
 * restart): the whole rollout is redone on fresh episodes and verified; the lost episode costs
 * time and model calls, never the task.
 */
class RolloutEnvironmentFaultsTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();


    @TempDir
    Path stateDir;

    private final Topics topics = new Topics();
    private StageHarness harness;

    @AfterEach
    void stopStage() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldRedoARolloutWhoseEpisodeIsLostMidConversationAndVerifyIt() throws Exception {
        // Given an environment that loses the episode at the agent's first tool call (the replay of
        // the ground truth makes the calls before it)
        int replayCalls = RolloutStageTest.CONTEXT.suggestedActions().size();
        FaultyDomain retail = FaultyDomain.of(TestDomains.registry().find("retail").orElseThrow())
                .loseEpisodeAtCall(replayCalls + 1);
        ScriptedChatModel agent = RolloutStageTest.diligentAgent();
        StageContext base = StageHarness.context(cluster.registryClient(),
                StageHarness.roles(null, null, null, RolloutStageTest.user(), agent), new StageHarness.RecordingMetrics(), l -> { });
        harness = StageHarness.start(RolloutStage::new, new StageContext(base.config(), base.topics(), base.registry(),
                TestDomains.domains().with(List.of(retail)), base.models(), base.json(), base.clock(), base.metrics()), stateDir);

        // When the approved blueprint is rolled out
        harness.pipe(topics.approved(), "t-1", RolloutStageTest.approved(RolloutStageTest.blueprint(1)));

        // Then the task is verified on its first trial after the redo, with equal state hashes
        List<KeyValue<String, Trajectory>> verified = harness.awaitRecords(topics.verified(), Duration.ofSeconds(30));
        assertThat(verified).hasSize(1);
        Trajectory t = verified.get(0).value;
        assertThat(t.getTrial()).isEqualTo(1);
        assertThat(t.getVerification().getStateHashActual()).isEqualTo(t.getVerification().getStateHashExpected());
        // And the redo opened fresh episodes: the first expected-state and trial episodes, then two more
        assertThat(retail.opens()).isEqualTo(4);
        // And the outage cost no dead letter and no retry
        harness.drain();
        List<KeyValue<String, DeadLetter>> dead = harness.read(topics.deadLetters());
        assertThat(dead).isEmpty();
        assertThat(harness.read(topics.retry())).isEmpty();
    }
}
