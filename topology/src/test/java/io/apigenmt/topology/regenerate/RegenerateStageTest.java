package io.apigenmt.topology.regenerate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.generate.GeneratorPrompt;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.PromptBlock;
import io.apigenmt.topology.pipeline.ScriptedChatModel;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.TestUsage;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The regenerate stage's production topology on a test driver, with a scripted summarizer and generator. */
class RegenerateStageTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long AT = StageHarness.CLOCK.millis();
    private static final long RANDOM_SEED = 77L;
    private static final Usage SPENT = TestUsage.legacy(500L, 100L, 5);
    private static final String PLAN = "Name the order id and the payment method in the instruction.";

    @TempDir
    Path stateDir;

    private final Topics topics = new Topics();
    private final StageHarness.RecordingMetrics metrics = new StageHarness.RecordingMetrics();
    private StageHarness harness;

    @AfterEach
    void stopStage() {
        if (harness != null) {
            harness.close();
        }
    }

    private void startWith(ScriptedChatModel summarizer, ScriptedChatModel generator) {
        harness = StageHarness.start(RegenerateStage::new, StageHarness.context(cluster.registryClient(),
                StageHarness.roles(generator, null, summarizer, null, null), metrics, l -> { }), stateDir);
    }

    private static TaskContext context(String domain) {
        return TestDomains.registry().find(domain).orElseThrow().contextSampler().sample(RANDOM_SEED);
    }

    private static Blueprint previous(String domain, int attempt) {
        TaskContext c = context(domain);
        return Blueprint.newBuilder()
                .setTaskId("t-1").setSeedId("s").setDomain(domain).setAttempt(attempt).setRandomSeed(RANDOM_SEED)
                .setUserId(c.userId()).setInstruction("Fix my stuff.")
                .setActions(c.suggestedActions().stream().map(a -> new Action(a.name(), a.arguments().toString())).toList())
                .setOutputs(List.of())
                .setPersona(c.persona()).setGeneratorModel("gen-old")
                .setFeedbackHistory(attempt > 1 ? List.of("an earlier plan") : List.of())
                .setUsage(SPENT).setOptions(Map.of("o", "1"))
                .build();
    }

    private static RejectedBlueprint reviewRejection(Blueprint b) {
        return new RejectedBlueprint(b, "review",
                List.of("completeness (1/3 judges): the instruction lacks details needed to derive the actions"),
                List.of(new JudgeVerdict("j1", false, 1, 0, 1, 1, "No order id given.", "Mention the order id."),
                        new JudgeVerdict("j2", true, 0, 0, 0, 0, "abstained: timeout", "")),
                null);
    }

    private static String revision(TaskContext c, String instruction, List<String> outputs) {
        ObjectNode node = JSON.createObjectNode();
        node.put("thought", "follow the plan");
        node.put("instruction", instruction);
        node.set("actions", BlueprintDraft.actionsJson(c.suggestedActions()));
        outputs.forEach(node.putArray("outputs")::add);
        return node.toString();
    }

    private static String text(ChatRequest request) {
        return request.messages().stream().map(ChatMessage::content).reduce("", (a, b) -> a + "\n" + b);
    }

    private DeadLetter onlyDeadLetter() {
        List<KeyValue<String, DeadLetter>> dls = harness.read(topics.deadLetters());
        assertThat(dls).hasSize(1);
        assertThat(dls.get(0).key).isEqualTo("t-1");
        assertThat(harness.read(topics.candidates())).isEmpty();
        return dls.get(0).value;
    }

    private static DeadLetter taskDeadLetter(Blueprint b, String reason, String error, byte[] payload, Usage usage) {
        return DeadLetter.newBuilder()
                .setId("t-1").setStage("regenerate").setReason(reason).setError(error).setAttempts(b.getAttempt())
                .setPayload(ByteBuffer.wrap(payload)).setPayloadJson(null).setSeedId("s").setDomain(b.getDomain())
                .setTasks(1).setUsage(usage).setOptions(b.getOptions()).setAt(AT).build();
    }

    @Test
    void shouldReviseARejectedBlueprintUnderBudgetIntoTheNextAttemptWithThePlan() {
        // Given a review rejection of attempt 1, a summarizer with a plan and a generator that revises
        TaskContext c = context("retail");
        ScriptedChatModel summarizer = ScriptedChatModel.answering("sum", "{\"plan\": \"" + PLAN + "\"}");
        ScriptedChatModel generator = ScriptedChatModel.answering("gen-new",
                revision(c, "You are " + c.userId() + "; change order details as planned.", List.of("ok")));
        startWith(summarizer, generator);
        Blueprint b = previous("retail", 1);

        // When it arrives on the retry topic
        harness.pipe(topics.retry(), "t-1", reviewRejection(b));

        // Then attempt 2 is a candidate with the revision, the plan in its history, and both calls' usage
        Blueprint expected = Blueprint.newBuilder(b)
                .setAttempt(2)
                .setInstruction("You are " + c.userId() + "; change order details as planned.")
                .setActions(c.suggestedActions().stream().map(a -> new Action(a.name(), a.arguments().toString())).toList())
                .setOutputs(List.of("ok"))
                .setGeneratorModel("gen-new")
                .setFeedbackHistory(List.of(PLAN))
                // Both calls in the breakdown, charged to the attempt they made
                .setUsage(TestUsage.plus(SPENT, TestUsage.scripted("regenerate", "gen-new", 2, 0, 1),
                        TestUsage.scripted("regenerate", "sum", 2, 0, 1)))
                .build();
        assertThat(harness.read(topics.candidates())).containsExactly(KeyValue.pair("t-1", expected));
        assertThat(harness.read(topics.deadLetters())).isEmpty();
        assertThat(metrics.outs()).containsExactly("regenerate:candidate");

        // The summarizer saw the reasons and the answering judge's critique only; the generator saw the plan
        assertThat(summarizer.calls()).isEqualTo(1);
        assertThat(text(summarizer.requests().get(0)))
                .contains("the instruction lacks details needed to derive the actions")
                .contains("No order id given.").contains("Mention the order id.")
                .doesNotContain("abstained: timeout");
        assertThat(generator.calls()).isEqualTo(1);
        assertThat(text(generator.requests().get(0)))
                .contains(PromptBlock.IMPROVEMENT_PLAN.open()).contains(PLAN)
                .contains(PromptBlock.PREVIOUS_BLUEPRINT.open()).contains("Fix my stuff.");
    }

    @Test
    void shouldAppendThePlanToAnExistingHistoryAndShowTheRolloutSummary() {
        TaskContext c = context("airline");
        ScriptedChatModel summarizer = ScriptedChatModel.answering("sum", "{\"plan\": [\"Say the fare.\", \"Keep the seat.\"]}");
        ScriptedChatModel generator = ScriptedChatModel.answering("gen", revision(c, "Rebook me.", List.of()));
        startWith(summarizer, generator);
        Blueprint b = previous("airline", 3); // airline's budget is 5
        RejectedBlueprint rejected = new RejectedBlueprint(b, "rollout", List.of("every rollout trial failed verification"),
                List.of(), "trial 1: missing outputs: the agent never told the user \"120\"");

        harness.pipe(topics.retry(), "t-1", rejected);

        List<KeyValue<String, Blueprint>> out = harness.read(topics.candidates());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value.getAttempt()).isEqualTo(4);
        assertThat(out.get(0).value.getFeedbackHistory()).containsExactly("an earlier plan", "Say the fare. Keep the seat.");
        assertThat(text(summarizer.requests().get(0))).contains("rollout: trial 1: missing outputs");
    }

    @Test
    void shouldDeadLetterReviewExhaustedCarryingTheRejectedRecordWhenRetailSpentItsBudget() {
        // Given a retail rejection of attempt 3, retail's whole budget
        ScriptedChatModel summarizer = ScriptedChatModel.unused("sum");
        ScriptedChatModel generator = ScriptedChatModel.unused("gen");
        startWith(summarizer, generator);
        Blueprint b = previous("retail", 3);
        byte[] bytes = harness.bytes(topics.retry(), reviewRejection(b));

        // When it arrives
        harness.pipeBytes(topics.retry(), "t-1", bytes);

        // Then the task ends in one dead letter carrying the rejected record's bytes; no model is asked
        assertThat(onlyDeadLetter()).isEqualTo(taskDeadLetter(b, "review_exhausted",
                "attempt budget of 3 spent; last rejection (review): completeness (1/3 judges): the instruction lacks "
                        + "details needed to derive the actions", bytes, SPENT));
        assertThat(summarizer.calls() + generator.calls()).isZero();
        assertThat(metrics.outs()).containsExactly("regenerate:dead-letter.review_exhausted");
        // The payload is the whole rejected record, history included
        assertThat(topics.retry().codec(cluster.registryClient()).deserialize(bytes)).isEqualTo(reviewRejection(b));
    }

    @Test
    void shouldDeadLetterReviewExhaustedWhenAirlineSpentItsBudgetOfFive() {
        startWith(ScriptedChatModel.unused("sum"), ScriptedChatModel.unused("gen"));
        Blueprint b = previous("airline", 5);
        byte[] bytes = harness.bytes(topics.retry(), reviewRejection(b));

        harness.pipeBytes(topics.retry(), "t-1", bytes);

        DeadLetter dl = onlyDeadLetter();
        assertThat(dl.getReason()).isEqualTo("review_exhausted");
        assertThat(dl.getError()).startsWith("attempt budget of 5 spent; last rejection (review): ");
        assertThat(dl).isEqualTo(taskDeadLetter(b, "review_exhausted", dl.getError(), bytes, SPENT));
    }

    @Test
    void shouldDeadLetterRolloutFailedWhenARolloutRejectionArrivesAtTheBudget() {
        startWith(ScriptedChatModel.unused("sum"), ScriptedChatModel.unused("gen"));
        Blueprint b = previous("retail", 3);
        RejectedBlueprint rejected = new RejectedBlueprint(b, "rollout", List.of("every rollout trial failed verification"),
                List.of(), "trial 1: state mismatch: ...");
        byte[] bytes = harness.bytes(topics.retry(), rejected);

        harness.pipeBytes(topics.retry(), "t-1", bytes);

        assertThat(onlyDeadLetter()).isEqualTo(taskDeadLetter(b, "rollout_failed",
                "attempt budget of 3 spent; last rejection (rollout): every rollout trial failed verification", bytes, SPENT));
    }

    @Test
    void shouldDeadLetterAGivenTaskAtItsFirstRejectionWithoutAskingAModel() {
        // Given a given task (tasks file) that review sent back at attempt 1, far below retail's budget
        ScriptedChatModel summarizer = ScriptedChatModel.unused("sum");
        ScriptedChatModel generator = ScriptedChatModel.unused("gen");
        startWith(summarizer, generator);
        Blueprint b = Blueprint.newBuilder(previous("retail", 1)).setGivenId("line-9").build();
        RejectedBlueprint rejected = new RejectedBlueprint(b, "execution",
                List.of("action 1 cancel_pending_order {} failed: Error: order not found"), List.of(), null);
        byte[] bytes = harness.bytes(topics.retry(), rejected);

        // When it arrives
        harness.pipeBytes(topics.retry(), "t-1", bytes);

        // Then it ends as given_task_rejected: there is nothing to regenerate it from
        assertThat(onlyDeadLetter()).isEqualTo(taskDeadLetter(b, "given_task_rejected", "given task line-9 is rolled out as "
                + "given, never regenerated; last rejection (execution): action 1 cancel_pending_order {} failed: Error: "
                + "order not found", bytes, SPENT));
        assertThat(summarizer.calls() + generator.calls()).isZero();
    }

    @Test
    void shouldDeadLetterRegenerationFailedWithEveryTokenSpentWhenTheGeneratorNeverAnswersJson() {
        ScriptedChatModel summarizer = ScriptedChatModel.answering("sum", "{\"plan\": \"" + PLAN + "\"}");
        ScriptedChatModel generator = ScriptedChatModel.answering("gen", "Sorry, I cannot help with that.");
        startWith(summarizer, generator);
        Blueprint b = previous("retail", 1);
        byte[] bytes = harness.bytes(topics.retry(), reviewRejection(b));

        harness.pipeBytes(topics.retry(), "t-1", bytes);

        DeadLetter dl = onlyDeadLetter();
        assertThat(generator.calls()).isEqualTo(1 + RegenerateStage.MAX_REASKS);
        assertThat(dl.getReason()).isEqualTo("regeneration_failed");
        assertThat(dl.getError()).startsWith("revision failed: model gen gave no usable JSON answer in 3 attempts");
        // Every call is on the record: what the blueprint carried, the summarizer's and the generator's three
        // (charged to attempt 2, the revision that failed)
        Usage all = TestUsage.plus(SPENT, TestUsage.scripted("regenerate", "gen", 2, 0, 3),
                TestUsage.scripted("regenerate", "sum", 2, 0, 1));
        assertThat(dl.getUsage().getLlmCalls()).isEqualTo(9);
        // the model answered, never usably: the answer's fault, not the endpoint's
        assertThat(dl).isEqualTo(DeadLetter.newBuilder(taskDeadLetter(b, "regeneration_failed", dl.getError(), bytes, all))
                .setFault("answer").build());
    }
}
