package io.apigenmt.topology.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.Domain;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Review;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.ToolCallRequest;
import io.apigenmt.topology.pipeline.ScriptedChatModel;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.TestUsage;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The rollout stage's production topology on a test driver, with a scripted user and agent. */
class RolloutStageTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long AT = StageHarness.CLOCK.millis();
    private static final Usage SPENT = TestUsage.legacy(400L, 80L, 4);
    private static final String OUTPUT = "Order Updated";
    private static final String REPORT = "All set: your order updated, as asked.";

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

    private void startWith(ScriptedChatModel user, ScriptedChatModel agent) {
        harness = StageHarness.start(RolloutStage::new, StageHarness.context(cluster.registryClient(),
                StageHarness.roles(null, null, null, user, agent), new StageHarness.RecordingMetrics(), l -> { }), stateDir);
    }

    private static Domain retail() {
        return TestDomains.registry().find("retail").orElseThrow();
    }

    static final TaskContext CONTEXT = retail().contextSampler().sample(1);

    static Blueprint blueprint(int attempt) {
        return Blueprint.newBuilder()
                .setTaskId("t-1").setSeedId("s").setDomain("retail").setAttempt(attempt).setRandomSeed(1L)
                .setUserId(CONTEXT.userId()).setInstruction("You are " + CONTEXT.userId() + "; make the changes.")
                .setActions(CONTEXT.suggestedActions().stream().map(a -> new Action(a.name(), a.arguments().toString())).toList())
                .setOutputs(List.of(OUTPUT))
                .setPersona("brief").setGeneratorModel("gen").setFeedbackHistory(List.of())
                .setUsage(SPENT).setOptions(Map.of())
                .build();
    }

    static ApprovedBlueprint approved(Blueprint b) {
        return new ApprovedBlueprint(b, "[]", List.of(), 1.0, List.of());
    }

    /** Opens with a request, then stops once the agent has answered. */
    static ScriptedChatModel user() {
        return ScriptedChatModel.replyingWith("user", r -> ChatMessage.assistant(
                r.messages().size() <= 2 ? "Hi, I am " + CONTEXT.userId() + ". Please make my changes." : "Thanks! ###STOP###"));
    }

    /** Performs the blueprint's actions one call per turn, then tells the user the output. */
    static ScriptedChatModel diligentAgent() {
        List<ToolCall> actions = CONTEXT.suggestedActions();
        return ScriptedChatModel.replyingWith("agent", r -> {
            long done = r.messages().stream().filter(m -> "tool".equals(m.role())).count();
            if (done < actions.size()) {
                ToolCall next = actions.get((int) done);
                return ChatMessage.assistantCalls(null,
                        List.of(new ToolCallRequest("call_" + done, next.name(), next.arguments().toString())));
            }
            return ChatMessage.assistant(REPORT);
        });
    }

    private static ScriptedChatModel idleAgent() {
        return ScriptedChatModel.replyingWith("agent", r -> ChatMessage.assistant("Sorry, I cannot do that."));
    }

    @Test
    void shouldVerifyAPassingConversationIntoATrajectory() {
        // Given an agent that carries out the blueprint's actions and reports the output
        ScriptedChatModel user = user();
        ScriptedChatModel agent = diligentAgent();
        startWith(user, agent);
        Blueprint b = blueprint(1);

        // When the approved blueprint is rolled out
        harness.pipe(topics.approved(), "t-1", approved(b));
        harness.drain();

        // Then trial 1 is the verified trajectory
        List<KeyValue<String, Trajectory>> out = harness.read(topics.verified());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("t-1");
        Trajectory t = out.get(0).value;
        int n = CONTEXT.suggestedActions().size();
        assertThat(t.getTaskId()).isEqualTo("t-1");
        assertThat(t.getDomain()).isEqualTo("retail");
        assertThat(t.getTrial()).isEqualTo(1);
        assertThat(t.getVerification().getStateHashActual()).isEqualTo(t.getVerification().getStateHashExpected());
        assertThat(t.getVerification().getOutputsFound()).containsExactly(OUTPUT);
        assertThat(t.getVerification().getOutputsMissing()).isEmpty();
        // 2 user turns and n + 1 agent turns were paid
        assertThat(user.calls()).isEqualTo(2);
        assertThat(agent.calls()).isEqualTo(n + 1);
        // in the breakdown as rollout's trial 1 of attempt 1, per model
        Usage usage = TestUsage.plus(SPENT, TestUsage.scripted("rollout", "agent", 1, 1, n + 1),
                TestUsage.scripted("rollout", "user", 1, 1, 2));
        assertThat(t.getUsage()).isEqualTo(usage);
        assertThat(t.getBlueprint()).isEqualTo(Blueprint.newBuilder(b).setUsage(usage).build());
        assertThat(t.getModels()).containsEntry("user", "user").containsEntry("agent", "agent");

        // The messages: system policy, greeting, the user's request, call/observation pairs, report, stop
        List<Message> messages = t.getMessages();
        List<String> roles = new ArrayList<>(List.of("system", "assistant", "user"));
        for (int i = 0; i < n; i++) {
            roles.add("assistant");
            roles.add("tool");
        }
        roles.addAll(List.of("assistant", "user"));
        assertThat(messages).extracting(Message::getRole).containsExactlyElementsOf(roles);
        assertThat(t.getSystemPrompt()).isEqualTo(messages.get(0).getContent()).contains(retail().policy().strip().substring(0, 80));
        assertThat(messages.get(1).getContent()).isEqualTo("Hi! How can I help you today?");
        for (int i = 0; i < n; i++) {
            Message call = messages.get(3 + 2 * i);
            Message observation = messages.get(4 + 2 * i);
            ToolCall expected = CONTEXT.suggestedActions().get(i);
            assertThat(call.getToolCalls()).singleElement().satisfies(c -> {
                assertThat(c.getName()).isEqualTo(expected.name());
                assertThat(readTree(c.getArgumentsJson())).isEqualTo(expected.arguments());
                assertThat(observation.getToolCallId()).isEqualTo(c.getId());
            });
            assertThat(observation.getContent()).doesNotStartWith("Error");
        }
        assertThat(messages.get(messages.size() - 2).getContent()).isEqualTo(REPORT);
        assertThat(messages.get(messages.size() - 1).getContent()).isEqualTo("Thanks! ###STOP###");
        // The agent was offered every tool of the domain
        JsonNode tools = readTree(t.getToolsJson());
        assertThat(tools).hasSize(retail().tools().size());
        List<String> names = new ArrayList<>();
        tools.forEach(tool -> names.add(tool.path("function").path("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(retail().tools().stream().map(ToolSpec::name).toList());

        assertThat(harness.read(topics.retry())).isEmpty();
        assertThat(harness.read(topics.deadLetters())).isEmpty();
    }

    @Test
    void shouldRetryWithARolloutSummaryWhenEveryTrialFailsUnderBudget() {
        // Given an agent that never changes anything
        ScriptedChatModel user = user();
        ScriptedChatModel agent = idleAgent();
        startWith(user, agent);
        Blueprint b = blueprint(1);

        harness.pipe(topics.approved(), "t-1", approved(b));
        harness.drain();

        // Then after three failed trials the blueprint goes back to the feedback loop
        List<KeyValue<String, RejectedBlueprint>> out = harness.read(topics.retry());
        assertThat(out).hasSize(1);
        RejectedBlueprint rejected = out.get(0).value;
        assertThat(rejected.getStage()).isEqualTo("rollout");
        assertThat(rejected.getReasons()).containsExactly("every rollout trial failed verification");
        assertThat(rejected.getJudgeVerdicts()).isEmpty();
        String summary = rejected.getRolloutSummary();
        assertThat(summary.lines()).hasSize(3);
        assertThat(summary.lines().toList()).allSatisfy(line -> assertThat(line).matches(
                "trial [123]: state mismatch: .*; missing outputs: the agent never told the user \"" + OUTPUT + "\""));
        // 3 trials x (2 user + 1 agent) calls
        Usage usage = TestUsage.plus(SPENT, trials(1));
        assertThat(rejected.getBlueprint()).isEqualTo(Blueprint.newBuilder(b).setUsage(usage).build());
        assertThat(user.calls()).isEqualTo(6);
        assertThat(agent.calls()).isEqualTo(3);
        assertThat(harness.read(topics.verified())).isEmpty();
        assertThat(harness.read(topics.deadLetters())).isEmpty();
    }

    /** Three failed trials of an idle agent on {@code attempt}: each one agent and two user calls. */
    private static UsageEntry[] trials(int attempt) {
        List<UsageEntry> entries = new ArrayList<>();
        for (int trial = 1; trial <= 3; trial++) {
            entries.add(TestUsage.scripted("rollout", "agent", attempt, trial, 1));
            entries.add(TestUsage.scripted("rollout", "user", attempt, trial, 2));
        }
        return entries.toArray(UsageEntry[]::new);
    }

    @Test
    void shouldDeadLetterRolloutFailedWhenEveryTrialFailsAtTheBudget() {
        startWith(user(), idleAgent());
        Blueprint b = blueprint(3); // retail's budget
        byte[] bytes = harness.bytes(topics.approved(), approved(b));

        harness.pipeBytes(topics.approved(), "t-1", bytes);
        harness.drain();

        List<KeyValue<String, DeadLetter>> dls = harness.read(topics.deadLetters());
        assertThat(dls).hasSize(1);
        DeadLetter dl = dls.get(0).value;
        assertThat(dl.getError()).startsWith("trial 1: state mismatch: ");
        assertThat(dl).isEqualTo(DeadLetter.newBuilder()
                .setId("t-1").setStage("rollout").setReason("rollout_failed").setError(dl.getError()).setAttempts(3)
                .setPayload(ByteBuffer.wrap(bytes)).setPayloadJson(null).setSeedId("s").setDomain("retail").setTasks(1)
                .setUsage(TestUsage.plus(SPENT, trials(3))).setAt(AT).build());
        assertThat(harness.read(topics.retry())).isEmpty();
        assertThat(harness.read(topics.verified())).isEmpty();
    }

    @Test
    void shouldDeadLetterAGivenTaskWhoseTrialsAllFailAtItsFirstAttempt() {
        startWith(user(), idleAgent());
        Blueprint b = Blueprint.newBuilder(blueprint(1)).setGivenId("17").build(); // retail would allow 3

        harness.pipe(topics.approved(), "t-1", approved(b));
        harness.drain();

        assertThat(harness.read(topics.deadLetters())).singleElement().satisfies(kv -> {
            assertThat(kv.value.getReason()).isEqualTo("rollout_failed");
            assertThat(kv.value.getError()).startsWith("trial 1: state mismatch: ");
        });
        assertThat(harness.read(topics.retry())).isEmpty();
    }

    @Test
    void shouldPassOnALaterTrialAndRecordWhichOne() {
        // The agent idles through trial 1, then works
        ScriptedChatModel diligent = diligentAgent();
        int[] trial = {0};
        ScriptedChatModel agent = ScriptedChatModel.replyingWith("agent", r -> {
            boolean firstTurnOfTrial = r.messages().stream().filter(m -> "assistant".equals(m.role())).count() == 1;
            if (firstTurnOfTrial) {
                trial[0]++;
            }
            return trial[0] == 1 ? ChatMessage.assistant("Sorry.") : diligent.complete(r).join().message();
        });
        startWith(user(), agent);
        JudgeVerdict verdict = JudgeVerdict.newBuilder().setJudge("judge-a").setCorrectness(1).setCompleteness(1)
                .setSatisfaction(1).setCreativity(0).setReflection("does what it asks").build();
        String diff = "[{\"path\":\"orders/#W1/status\",\"before\":\"pending\",\"after\":\"cancelled\"}]";

        harness.pipe(topics.approved(), "t-1", new ApprovedBlueprint(blueprint(1), diff, List.of(verdict), 0.75, List.of()));
        harness.drain();

        assertThat(harness.read(topics.verified())).singleElement().satisfies(kv -> {
            assertThat(kv.value.getTrial()).isEqualTo(2);
            // The trajectory keeps the review it passed and why trial 1 failed
            assertThat(kv.value.getReview()).isEqualTo(new Review(diff, List.of(verdict), 0.75, List.of()));
            assertThat(kv.value.getFailedTrials()).singleElement().satisfies(f -> {
                assertThat(f.getTrial()).isEqualTo(1);
                assertThat(f.getEndReason()).isEqualTo("user_stop");
                assertThat(f.getSummary()).isNotBlank();
            });
        });
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
