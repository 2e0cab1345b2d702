package io.apigenmt.topology.recombine;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.Environment;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.PromptBlock;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.ScriptedChatModel;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.TestUsage;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The recombine stage's production topology on a test driver, with a scripted generator. */
class RecombineStageTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    private static final Domain RETAIL = TestDomains.registry().find("retail").orElseThrow();
    private static final String MERGED = "{\"thought\": \"one call\", \"instruction\": \"You are the customer; do all of it.\"}";

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

    private void startWith(ScriptedChatModel generator) {
        harness = StageHarness.start(RecombineStage::new, StageHarness.context(cluster.registryClient(),
                StageHarness.roles(generator, null, null, null, null), metrics, l -> { }), stateDir);
    }

    private static Blueprint member(int index, int size, int tasks) {
        return member(index, size, tasks, 3L);
    }

    /** Task {@code index} of seed "s" recombining groups of {@code size}, built from its sampled walk. */
    private static Blueprint member(int index, int size, int tasks, long randomSeed) {
        SeedRequest seed = new SeedRequest("s", "retail", tasks, randomSeed, Map.of(RecombinationPlan.OPTION, Integer.toString(size)), List.of());
        Map<String, String> options = RecombinationPlan.of(seed).orElseThrow().taskOptions("s", seed.getOptions(), index, tasks);
        TaskContext context = Membership.context(LocalDomain.described(RETAIL), index, options).join();
        return blueprint("s-" + index, context.userId(), context.suggestedActions(), options);
    }

    private static Blueprint blueprint(String taskId, String userId, List<ToolCall> actions, Map<String, String> options) {
        return Blueprint.newBuilder()
                .setTaskId(taskId).setSeedId("s").setDomain("retail").setAttempt(1).setRandomSeed(0)
                .setUserId(userId).setInstruction("Instruction of " + taskId + ".")
                .setActions(actions.stream().map(a -> new Action(a.name(), a.arguments().toString())).toList())
                .setOutputs(List.of("out of " + taskId)).setGeneratorModel("gen-1")
                .setUsage(TestUsage.legacy(900L, 90L, 9)).setOptions(options)
                .build();
    }

    private static ApprovedBlueprint approved(Blueprint b) {
        return new ApprovedBlueprint(b, "{}", List.of(), 1.0, List.of());
    }

    private static DeadLetter memberDeadLetter(Blueprint b, DeadLetterReason reason) {
        return new DeadLetters("regenerate", StageHarness.CLOCK).forBlueprint(b, reason, "budget spent", new byte[] {1});
    }

    private static List<Action> concat(Blueprint... members) {
        List<Action> all = new ArrayList<>();
        for (Blueprint m : members) {
            all.addAll(m.getActions());
        }
        return all;
    }

    private DeadLetter onlyRecombinationFailure(String groupId) {
        List<KeyValue<String, DeadLetter>> letters = harness.read(topics.deadLetters());
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).key).isEqualTo(groupId);
        DeadLetter letter = letters.get(0).value;
        assertThat(letter.getId()).isEqualTo(groupId);
        assertThat(letter.getReason()).isEqualTo("recombination_failed");
        assertThat(letter.getStage()).isEqualTo(RecombineStage.NAME);
        assertThat(letter.getTasks()).isEqualTo(1);
        assertThat(letter.getSeedId()).isEqualTo("s");
        assertThat(letter.getOptions()).doesNotContainKey("recombine.group");
        assertThat(harness.read(topics.candidates())).isEmpty();
        return letter;
    }

    @Test
    void shouldCombineAGroupsApprovedMembersIntoOneCandidateOnceEveryMemberIsIn() {
        ScriptedChatModel generator = ScriptedChatModel.answering("gen-2", MERGED);
        startWith(generator);
        Blueprint first = member(0, 2, 4);
        Blueprint second = member(1, 2, 4);
        assertThat(first.getUserId()).isEqualTo(second.getUserId());

        // One member in: the group waits
        harness.pipe(topics.approved(), "s-0", approved(first));
        assertThat(harness.read(topics.candidates())).isEmpty();

        // The other member in: one combined candidate, attempt 1, members' actions in order
        harness.pipe(topics.approved(), "s-1", approved(second));
        harness.drain();
        List<KeyValue<String, Blueprint>> out = harness.read(topics.candidates());
        assertThat(out).hasSize(1);
        Blueprint combined = out.get(0).value;
        assertThat(out.get(0).key).isEqualTo("s-c0");
        assertThat(combined.getTaskId()).isEqualTo("s-c0");
        assertThat(combined.getSeedId()).isEqualTo("s");
        assertThat(combined.getAttempt()).isEqualTo(1);
        assertThat(combined.getUserId()).isEqualTo(first.getUserId());
        assertThat(combined.getInstruction()).isEqualTo("You are the customer; do all of it.");
        assertThat(combined.getActions()).isEqualTo(concat(first, second));
        assertThat(combined.getOutputs()).containsExactly("out of s-0", "out of s-1");
        assertThat(combined.getGeneratorModel()).isEqualTo("gen-2");
        assertThat(combined.getFeedbackHistory()).isEmpty();
        // Only the instruction call is this task's cost: the members carry their own
        assertThat(combined.getUsage()).isEqualTo(TestUsage.plus(null, TestUsage.scripted("recombine", "gen-2", 1, 0, 1)));
        assertThat(combined.getOptions()).containsEntry(Membership.COMBINED_FROM, "s-0,s-1")
                .doesNotContainKeys("recombine.group", "recombine.member");
        assertThat(Membership.of(combined.getOptions())).isEmpty();
        assertThat(harness.read(topics.deadLetters())).isEmpty();

        // The generator saw both instructions and the combined actions in its block
        String prompt = String.join("\n", generator.requests().get(0).messages().stream().map(ChatMessage::content).toList());
        assertThat(prompt).contains(PromptBlock.RECOMBINATION.open())
                .contains("Instruction of s-0.").contains("Instruction of s-1.").contains(first.getActions().get(0).getName());
        assertThat(metrics.outs()).contains("recombine:candidate");
    }

    @Test
    void shouldIgnoreAMemberApprovedAgainAfterItsGroupWasDecided() {
        startWith(ScriptedChatModel.answering("gen", MERGED));
        Blueprint first = member(0, 2, 2);
        harness.pipe(topics.approved(), "s-0", approved(first));
        harness.pipe(topics.approved(), "s-1", approved(member(1, 2, 2)));
        harness.drain();
        assertThat(harness.read(topics.candidates())).hasSize(1);

        // A failed rollout sent s-0 back through the feedback loop; its second approval arrives
        Blueprint revised = Blueprint.newBuilder(first).setAttempt(2).build();
        harness.pipe(topics.approved(), "s-0", approved(revised));
        harness.drain();

        assertThat(harness.read(topics.candidates())).isEmpty();
        assertThat(harness.read(topics.deadLetters())).isEmpty();
        assertThat(metrics.outs()).contains("recombine:late-member");
    }

    @Test
    void shouldDeadLetterTheCombinedTaskWhenTooFewMembersWereApproved() {
        startWith(ScriptedChatModel.unused("gen"));
        Blueprint first = member(0, 2, 2);
        Blueprint second = member(1, 2, 2);

        harness.pipe(topics.approved(), "s-0", approved(first));
        harness.pipe(topics.deadLetters(), "s-1", memberDeadLetter(second, DeadLetterReason.REVIEW_EXHAUSTED));
        harness.drain();

        assertThat(onlyRecombinationFailure("s-c0").getError())
                .isEqualTo("1 of 2 members were approved; combining needs two (s-0 approved, s-1 review_exhausted)");
    }

    @Test
    void shouldLeaveOutAMemberWhoseActionsDoNotRunAfterTheOthersAndFailWhenFewerThanTwoRemain() {
        startWith(ScriptedChatModel.unused("gen"));
        // Member 1 repeats member 0's actions, which cannot run twice (found among the sampled groups)
        long seed = unrepeatableSeed(2);
        Blueprint first = member(0, 2, 2, seed);
        Blueprint twin = Blueprint.newBuilder(first).setTaskId("s-1")
                .setOptions(member(1, 2, 2, seed).getOptions()).build();

        harness.pipe(topics.approved(), "s-0", approved(first));
        harness.pipe(topics.approved(), "s-1", approved(twin));
        harness.drain();

        assertThat(onlyRecombinationFailure("s-c0").getError())
                .startsWith("the approved members' actions do not run together: s-1 (");
    }

    @Test
    void shouldCombineTheMembersThatFitAndLeaveOutTheOneThatDoesNot() {
        startWith(ScriptedChatModel.answering("gen", MERGED));
        long seed = unrepeatableSeed(3);
        Blueprint first = member(0, 3, 3, seed);
        Blueprint third = member(2, 3, 3, seed);
        // The middle member repeats the first one's actions and cannot run after them
        Blueprint twin = Blueprint.newBuilder(member(1, 3, 3, seed)).setActions(first.getActions()).build();
        assertThat(runs(concat(first, third))).isTrue();

        harness.pipe(topics.approved(), "s-2", approved(third));
        harness.pipe(topics.approved(), "s-0", approved(first));
        harness.pipe(topics.approved(), "s-1", approved(twin));
        harness.drain();

        List<KeyValue<String, Blueprint>> out = harness.read(topics.candidates());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value.getActions()).isEqualTo(concat(first, third));
        assertThat(out.get(0).value.getOptions()).containsEntry(Membership.COMBINED_FROM, "s-0,s-2");
    }

    @Test
    void shouldDeadLetterTheCombinedTaskWithTheUsageWhenTheGeneratorFails() {
        startWith(ScriptedChatModel.failing("gen", "connection refused"));

        harness.pipe(topics.approved(), "s-0", approved(member(0, 2, 2)));
        harness.pipe(topics.approved(), "s-1", approved(member(1, 2, 2)));
        harness.drain();

        assertThat(onlyRecombinationFailure("s-c0").getError()).startsWith("writing the instruction failed: ")
                .contains("connection refused");
    }

    @Test
    void shouldPassOverApprovalsAndDeadLettersOfTasksInNoGroup() {
        startWith(ScriptedChatModel.unused("gen"));
        Blueprint loner = member(4, 2, 5); // the fifth task of five is in no pair

        harness.pipe(topics.approved(), "s-4", approved(loner));
        harness.pipe(topics.deadLetters(), "s-4", memberDeadLetter(loner, DeadLetterReason.ROLLOUT_FAILED));
        harness.pipeBytes(topics.approved(), "junk", new byte[] {0, 0, 0, 0, 1, 2});
        harness.drain();

        assertThat(harness.read(topics.recombineMembers())).isEmpty();
        assertThat(harness.read(topics.candidates())).isEmpty();
        assertThat(harness.read(topics.deadLetters())).isEmpty();
    }

    /** A seed whose first member's actions cannot run twice in a row (a cancelled order cannot be cancelled again). */
    private static long unrepeatableSeed(int groupSize) {
        return LongStream.range(0, 100)
                .filter(seed -> {
                    Blueprint first = member(0, groupSize, groupSize, seed);
                    return !runs(concat(first, first)) && runs(concat(first, member(groupSize - 1, groupSize, groupSize, seed)));
                })
                .findFirst().orElseThrow();
    }

    private static boolean runs(List<Action> actions) {
        Environment env = RETAIL.newEnvironment();
        return actions.stream().noneMatch(a -> env.execute(new ToolCall(a.getName(), parse(a.getArgumentsJson()))).error());
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
