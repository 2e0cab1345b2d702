package io.apigenmt.topology.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.environment.FaultyDomain;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ToolCallRequest;
import io.apigenmt.topology.pipeline.ScriptedChatModel;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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

    private static final TaskContext CONTEXT = TestDomains.registry().find("retail").orElseThrow().contextSampler().sample(1);
    private static final String OUTPUT = "all done";

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

    private static Blueprint blueprint() {
        return Blueprint.newBuilder()
                .setTaskId("t-1").setSeedId("s").setDomain("retail").setAttempt(1).setRandomSeed(1L)
                .setUserId(CONTEXT.userId()).setInstruction("You are " + CONTEXT.userId() + "; make the changes.")
                .setActions(CONTEXT.suggestedActions().stream().map(a -> new Action(a.name(), a.arguments().toString())).toList())
                .setOutputs(List.of(OUTPUT)).setPersona("brief").setGeneratorModel("gen").setFeedbackHistory(List.of())
                .setUsage(new Usage(0L, 0L, 0)).setOptions(Map.of())
                .build();
    }

    private static ScriptedChatModel user() {
        return ScriptedChatModel.replyingWith("user", r -> ChatMessage.assistant(
                r.messages().size() <= 2 ? "Hi, I am " + CONTEXT.userId() + ". Please make my changes." : "Thanks! ###STOP###"));
    }

    /** Carries out the blueprint's actions one call per turn, then says the output. */
    private static ScriptedChatModel diligentAgent() {
        List<ToolCall> actions = CONTEXT.suggestedActions();
        return ScriptedChatModel.replyingWith("agent", r -> {
            long done = r.messages().stream().filter(m -> "tool".equals(m.role())).count();
            if (done < actions.size()) {
                ToolCall next = actions.get((int) done);
                return ChatMessage.assistantCalls(null,
                        List.of(new ToolCallRequest("call_" + done, next.name(), next.arguments().toString())));
            }
            return ChatMessage.assistant("Your changes are made: " + OUTPUT + ".");
        });
    }

    private <T> List<T> awaitOutputs(Supplier<List<T>> read) throws InterruptedException {
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (out.isEmpty() && System.nanoTime() < deadline) {
            harness.drain();
            out.addAll(read.get());
            Thread.sleep(50);
        }
        return out;
    }

    @Test
    void shouldRedoARolloutWhoseEpisodeIsLostMidConversationAndVerifyIt() throws Exception {
        // Given an environment that loses the episode at the agent's first tool call (the replay of
        // the ground truth makes the calls before it)
        int replayCalls = CONTEXT.suggestedActions().size();
        FaultyDomain retail = FaultyDomain.of(TestDomains.registry().find("retail").orElseThrow())
                .loseEpisodeAtCall(replayCalls + 1);
        ScriptedChatModel agent = diligentAgent();
        StageContext base = StageHarness.context(cluster.registryClient(),
                StageHarness.roles(null, null, null, user(), agent), new StageHarness.RecordingMetrics(), l -> { });
        harness = StageHarness.start(RolloutStage::new, new StageContext(base.config(), base.topics(), base.registry(),
                TestDomains.domains().with(List.of(retail)), base.models(), base.json(), base.clock(), base.metrics()), stateDir);

        // When the approved blueprint is rolled out
        harness.pipe(topics.approved(), "t-1", new ApprovedBlueprint(blueprint(), "[]", List.of(), 1.0, List.of()));

        // Then the task is verified on its first trial after the redo, with equal state hashes
        List<KeyValue<String, Trajectory>> verified = awaitOutputs(() -> harness.read(topics.verified()));
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
