package io.apigenmt.topology.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.GivenTask;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.environment.Capability;
import io.apigenmt.topology.environment.FaultyDomain;
import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.PromptBlock;
import io.apigenmt.topology.pipeline.OversizedInputGuard;
import io.apigenmt.topology.pipeline.ScriptedChatModel;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.StageMetrics;
import io.apigenmt.topology.pipeline.TestUsage;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The generate stage's production topology on a test driver, with a scripted generator. */
class GenerateStageTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long AT = StageHarness.CLOCK.millis();
    private static final long RANDOM_SEED = 1234L;

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

    private void startWith(ScriptedChatModel generator) {
        harness = StageHarness.start(GenerateStage::new, StageHarness.context(cluster.registryClient(),
                StageHarness.roles(generator, null, null, null, null), StageMetrics.NOOP, l -> { }), stateDir);
    }

    private static TaskRequest task(String domain) {
        return new TaskRequest("s-0", "s", domain, 0, RANDOM_SEED, Map.of("k", "v"), null, null);
    }

    private static TaskContext sampled(String domain) {
        return TestDomains.registry().find(domain).orElseThrow().contextSampler().sample(RANDOM_SEED);
    }

    /** What a good generator answers: the suggested walk, an instruction and one output. */
    private static String answer(TaskContext context, String instruction, List<String> outputs) {
        ObjectNode node = JSON.createObjectNode();
        node.put("thought", "the user wants the suggested changes");
        node.put("instruction", instruction);
        node.set("actions", BlueprintDraft.actionsJson(context.suggestedActions()));
        outputs.forEach(node.putArray("outputs")::add);
        return node.toString();
    }

    private static List<Action> actionsOf(List<ToolCall> calls) {
        return calls.stream().map(c -> new Action(c.name(), c.arguments().toString())).toList();
    }

    @Test
    void shouldTurnAGivenTaskIntoItsBlueprintWithoutAModelCall() {
        // Given a task carrying a given task (tasks file) and a generator that must not be asked
        ScriptedChatModel generator = ScriptedChatModel.unused("gen");
        startWith(generator);
        GivenTask given = GivenTask.newBuilder().setId("17").setUserId("someone_1234")
                .setInstruction("You are someone; cancel order #W1.")
                .setActions(List.of(new Action("cancel_pending_order", "{\"order_id\":\"#W1\",\"reason\":\"no longer needed\"}")))
                .setOutputs(List.of("done")).setPersona("terse").build();
        TaskRequest task = TaskRequest.newBuilder(task("retail")).setGiven(given).build();

        // When it arrives
        harness.pipe(topics.tasks(), "s-0", task);

        // Then its blueprint is the given task as given, marked by its id, with no usage
        Blueprint expected = Blueprint.newBuilder()
                .setTaskId("s-0").setSeedId("s").setDomain("retail").setAttempt(1).setRandomSeed(RANDOM_SEED)
                .setUserId("someone_1234").setInstruction("You are someone; cancel order #W1.")
                .setActions(given.getActions()).setOutputs(List.of("done")).setPersona("terse")
                .setGeneratorModel("given").setFeedbackHistory(List.of()).setUsage(Usages.zero())
                .setOptions(Map.of("k", "v")).setGivenId("17")
                .setDataFingerprint(TestDomains.registry().find("retail").orElseThrow().dataFingerprint().orElseThrow())
                .build();
        assertThat(harness.read(topics.candidates())).containsExactly(KeyValue.pair("s-0", expected));
        assertThat(generator.calls()).isZero();
    }

    @Test
    void shouldEmitAttemptOneWithTheGeneratorsInstructionActionsAndOutputs() {
        // Given a generator that answers with the sampled walk
        TaskContext context = sampled("retail");
        ScriptedChatModel generator = ScriptedChatModel.answering("gen-model",
                "Here you go:\n```json\n" + answer(context, "You are " + context.userId() + "; do it.", List.of("42.00")) + "\n```");
        startWith(generator);

        // When a task arrives
        harness.pipe(topics.tasks(), "s-0", task("retail"));

        // Then attempt 1 of its blueprint is a candidate, with one call's usage
        Blueprint expected = Blueprint.newBuilder()
                .setTaskId("s-0").setSeedId("s").setDomain("retail").setAttempt(1).setRandomSeed(RANDOM_SEED)
                .setUserId(context.userId())
                .setInstruction("You are " + context.userId() + "; do it.")
                .setActions(actionsOf(context.suggestedActions()))
                .setOutputs(List.of("42.00"))
                .setPersona(context.persona())
                .setGeneratorModel("gen-model")
                .setFeedbackHistory(List.of())
                // One call, in the breakdown as the generate stage's on attempt 1 of the model asked
                .setUsage(new Usage(100L, 20L, 1, 0L, 0L, List.of(new UsageEntry("generate", "gen-model", 1, 0, 100L, 0L, 20L, 1))))
                .setOptions(Map.of("k", "v"))
                // the database it was made on, for every later stage to compare with its own
                .setDataFingerprint(TestDomains.registry().find("retail").orElseThrow().dataFingerprint().orElseThrow())
                .build();
        assertThat(harness.read(topics.candidates())).containsExactly(KeyValue.pair("s-0", expected));
        assertThat(harness.read(topics.deadLetters())).isEmpty();
        assertThat(expected.getActions()).isNotEmpty();
        // The generator saw the sampled context
        assertThat(generator.calls()).isEqualTo(1);
        assertThat(generator.requests().get(0).messages().stream().map(ChatMessage::content).reduce("", String::concat))
                .contains(PromptBlock.TASK_CONTEXT.open()).contains(context.userId());
    }

    @Test
    void shouldReAskAGeneratorWhoseOutputsAreNotStringsAndCountBothCalls() {
        TaskContext context = sampled("airline");
        String bad = answer(context, "Book it.", List.of()).replace("\"outputs\":[]", "\"outputs\":[42]");
        ScriptedChatModel generator = ScriptedChatModel.answering("gen", bad, answer(context, "Book it.", List.of("42")));
        startWith(generator);

        harness.pipe(topics.tasks(), "s-0", task("airline"));

        List<KeyValue<String, Blueprint>> out = harness.read(topics.candidates());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value.getOutputs()).containsExactly("42");
        assertThat(out.get(0).value.getUsage()).isEqualTo(TestUsage.plus(null, TestUsage.scripted("generate", "gen", 1, 0, 2)));
        assertThat(generator.calls()).isEqualTo(2);
        assertThat(generator.requests().get(1).messages().get(generator.requests().get(1).messages().size() - 1).content())
                .contains("every output must be a JSON string");
    }

    @Test
    void shouldDeadLetterGenerationFailedWhenTheGeneratorAnswersGarbageEveryTime() {
        // Given a generator that never answers JSON
        ScriptedChatModel generator = ScriptedChatModel.answering("gen", "I would rather not.");
        startWith(generator);
        byte[] bytes = harness.bytes(topics.tasks(), task("retail"));

        // When a task arrives
        harness.pipeBytes(topics.tasks(), "s-0", bytes);

        // Then after the first answer and two re-asks the task is dead-lettered, with what it cost
        assertThat(generator.calls()).isEqualTo(1 + GenerateStage.MAX_REASKS);
        DeadLetter dl = onlyDeadLetter("s-0");
        assertThat(dl.getError()).startsWith("generator failed: model gen gave no usable JSON answer in 3 attempts");
        // the model answered, never usably: the answer's fault, not the endpoint's
        assertThat(dl).isEqualTo(DeadLetter.newBuilder(taskDeadLetter("generation_failed", dl.getError(), 1, bytes,
                TestUsage.plus(null, TestUsage.scripted("generate", "gen", 1, 0, 3)))).setFault("answer").build());
        assertThat(harness.read(topics.candidates())).isEmpty();
    }

    @Test
    void shouldDeadLetterGenerationFailedWhenTheGeneratorCannotBeReached() {
        ScriptedChatModel generator = ScriptedChatModel.failing("gen", "connection refused after 4 attempts");
        startWith(generator);
        byte[] bytes = harness.bytes(topics.tasks(), task("airline"));

        harness.pipeBytes(topics.tasks(), "s-0", bytes);
        harness.drain();

        DeadLetter dl = onlyDeadLetter("s-0");
        assertThat(dl).isEqualTo(DeadLetter.newBuilder(taskDeadLetter("generation_failed",
                "generator failed: connection refused after 4 attempts", 1, bytes, TestUsage.legacy(0L, 0L, 0)))
                .setDomain("airline").setFault("endpoint").build());
        assertThat(generator.calls()).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterATaskOfAnUnknownDomainWithoutCallingTheGenerator() {
        ScriptedChatModel generator = ScriptedChatModel.unused("gen");
        startWith(generator);
        byte[] bytes = harness.bytes(topics.tasks(), task("banking"));

        harness.pipeBytes(topics.tasks(), "s-0", bytes);

        assertThat(onlyDeadLetter("s-0")).isEqualTo(DeadLetter.newBuilder(
                taskDeadLetter("unknown_domain", "unknown domain 'banking'", 1, bytes, null)).setDomain("banking").build());
        assertThat(generator.calls()).isZero();
    }

    @Test
    void shouldDeadLetterATaskWhoseEnvironmentHasNoContextCapabilityWithoutCallingTheGenerator() {
        // Given retail served by an environment that offers no context (it serves rollout-only tasks)
        ScriptedChatModel generator = ScriptedChatModel.unused("gen");
        StageContext base = StageHarness.context(cluster.registryClient(), StageHarness.roles(generator, null, null, null, null),
                StageMetrics.NOOP, l -> { });
        FaultyDomain noContext = FaultyDomain.of(TestDomains.registry().find("retail").orElseThrow()).without(Capability.CONTEXT);
        harness = StageHarness.start(GenerateStage::new, new StageContext(base.config(), base.topics(), base.registry(),
                TestDomains.domains().with(List.of(noContext)), base.models(), base.json(), base.clock(), base.metrics()), stateDir);
        byte[] bytes = harness.bytes(topics.tasks(), task("retail"));

        // When a task of it arrives
        harness.pipeBytes(topics.tasks(), "s-0", bytes);

        // Then it ends at once, saying why, and no model was paid
        assertThat(onlyDeadLetter("s-0")).isEqualTo(taskDeadLetter("generation_failed", "the environment of domain 'retail' "
                + "(http://faulty.test) has no context capability: it serves only rollout-only tasks (seed --tasks-file)",
                1, bytes, null));
        assertThat(generator.calls()).isZero();
    }

    @Test
    void shouldDeadLetterAnOversizedTaskAsPayloadTooLargeOfItsTaskWithoutJournallingIt() {
        // Given a task whose record is over the input limit
        ScriptedChatModel generator = ScriptedChatModel.unused("gen");
        startWith(generator);
        TaskRequest fat = new TaskRequest("s-0", "s", "retail", 0, RANDOM_SEED,
                Map.of("k", "v", "padding", "x".repeat(OversizedInputGuard.MAX_INPUT_BYTES)), null, null);
        byte[] bytes = harness.bytes(topics.tasks(), fat);

        // When it arrives
        harness.pipeBytes(topics.tasks(), "s-0", bytes);

        // Then it ends as its task's payload_too_large, its bytes cut to the dead letter's limit, never generated
        DeadLetter dl = onlyDeadLetter("s-0");
        assertThat(dl.getReason()).isEqualTo("payload_too_large");
        assertThat(dl.getError()).startsWith("input of " + bytes.length + " bytes exceeds the "
                + OversizedInputGuard.MAX_INPUT_BYTES + "-byte limit");
        assertThat(dl.getTasks()).isEqualTo(1);
        assertThat(dl.getSeedId()).isEqualTo("s");
        assertThat(dl.getDomain()).isEqualTo("retail");
        assertThat(dl.getOptions()).isEqualTo(fat.getOptions());
        assertThat(dl.getPayload().remaining()).isLessThan(bytes.length);
        assertThat(generator.calls()).isZero();
        assertThat(harness.driver().<String, byte[]>getKeyValueStore(GenerateStage.NAME + "-journal").approximateNumEntries())
                .isZero();
    }

    @Test
    void shouldDeadLetterUndecodableBytesAsSettlingNoTaskAndKeepGenerating() {
        ScriptedChatModel generator = ScriptedChatModel.answering("gen", answer(sampled("retail"), "Do it.", List.of()));
        startWith(generator);
        byte[] garbage = "{\"task_id\":\"json, not avro\"}".getBytes(StandardCharsets.UTF_8);

        harness.pipeBytes(topics.tasks(), "t-9", garbage);

        DeadLetter dl = onlyDeadLetter("t-9");
        assertThat(dl.getError()).startsWith("not a TaskRequest: ");
        assertThat(dl).isEqualTo(DeadLetter.newBuilder()
                .setId("t-9").setStage("generate").setReason("undecodable").setError(dl.getError()).setAttempts(0)
                .setPayload(ByteBuffer.wrap(garbage)).setPayloadJson(null).setSeedId("").setDomain("")
                .setTasks(0).setUsage(null).setAt(AT).build());
        assertThat(generator.calls()).isZero();

        // The next task is generated as usual
        harness.pipe(topics.tasks(), "s-0", task("retail"));
        assertThat(harness.read(topics.candidates())).extracting(kv -> kv.key).containsExactly("s-0");
    }

    private DeadLetter onlyDeadLetter(String key) {
        List<KeyValue<String, DeadLetter>> dls = harness.read(topics.deadLetters());
        assertThat(dls).hasSize(1);
        assertThat(dls.get(0).key).isEqualTo(key);
        return dls.get(0).value;
    }

    private static DeadLetter taskDeadLetter(String reason, String error, int attempts, byte[] payload, Usage usage) {
        return DeadLetter.newBuilder()
                .setId("s-0").setStage("generate").setReason(reason).setError(error).setAttempts(attempts)
                .setPayload(ByteBuffer.wrap(payload)).setPayloadJson(null).setSeedId("s").setDomain("retail")
                .setTasks(1).setUsage(usage).setOptions(Map.of("k", "v")).setAt(AT).build();
    }
}
