package io.apigenmt.topology.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.health.Problem;
import io.apigenmt.topology.health.ScriptedProbe;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.PromptBlock;
import io.apigenmt.topology.pipeline.ScriptedChatModel;
import io.apigenmt.topology.pipeline.StageHarness;
import io.apigenmt.topology.pipeline.TestUsage;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review stage's production topology on a test driver: Stage 1 rejections straight to the
 * retry topic without a judge being asked, then the committee's majority vote with scripted judges.
 */
class ReviewStageTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Usage GENERATED = TestUsage.legacy(100L, 20L, 1);
    private static final String UNKNOWN_ORDER = "#W0000000";

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

    private void startWith(List<ScriptedChatModel> judges) {
        harness = StageHarness.start(ReviewStage::new, StageHarness.context(cluster.registryClient(),
                StageHarness.roles(null, judges, null, null, null), metrics, l -> { }), stateDir);
    }

    // ---- blueprints ------------------------------------------------------------------------

    private static TaskContext retail(long seed) {
        return TestDomains.registry().find("retail").orElseThrow().contextSampler().sample(seed);
    }

    /** The first sampled retail context whose walk starts with an action on an order. */
    private static TaskContext retailWithOrderAction() {
        return LongStream.range(1, 200).mapToObj(ReviewStageTest::retail)
                .filter(c -> c.suggestedActions().get(0).arguments().has("order_id"))
                .findFirst().orElseThrow();
    }

    /** A context of another user whose walk starts on an order too. */
    private static TaskContext anotherUserWithOrderAction(TaskContext one) {
        return LongStream.range(1, 200).mapToObj(ReviewStageTest::retail)
                .filter(c -> !c.userId().equals(one.userId()) && c.suggestedActions().get(0).arguments().has("order_id"))
                .findFirst().orElseThrow();
    }

    /** Both users' walks, one after the other: each runs, together they serve two users. */
    private static List<ToolCall> walks(TaskContext one, TaskContext other) {
        List<ToolCall> actions = new ArrayList<>(one.suggestedActions());
        actions.addAll(other.suggestedActions());
        return actions;
    }

    private static Blueprint blueprint(String userId, List<ToolCall> actions, String instruction) {
        return Blueprint.newBuilder()
                .setTaskId("t-1").setSeedId("s").setDomain("retail").setAttempt(1).setRandomSeed(1L)
                .setUserId(userId).setInstruction(instruction)
                .setActions(actions.stream().map(c -> new Action(c.name(), c.arguments().toString())).toList())
                .setOutputs(List.of("done"))
                .setPersona("terse").setGeneratorModel("gen").setFeedbackHistory(List.of())
                .setUsage(GENERATED).setOptions(Map.of())
                .build();
    }

    private static Blueprint valid() {
        TaskContext c = retail(1);
        return blueprint(c.userId(), c.suggestedActions(), "You are " + c.userId() + " and want the changes made.");
    }

    private static Blueprint withActions(Blueprint b, List<Action> actions) {
        return Blueprint.newBuilder(b).setActions(actions).build();
    }

    // ---- judges ----------------------------------------------------------------------------

    private static String scores(int correctness, int completeness, int satisfaction, int creativity,
                                 String reflection, String correction) {
        ObjectNode n = JSON.createObjectNode()
                .put("correctness", correctness).put("completeness", completeness)
                .put("satisfaction", satisfaction).put("creativity", creativity)
                .put("reflection", reflection).put("correction", correction);
        return n.toString();
    }

    private static ScriptedChatModel judge(String name, int c, int m, int s, int k) {
        return ScriptedChatModel.answering(name, scores(c, m, s, k, "", ""));
    }

    private static JudgeVerdict verdict(String judge, int c, int m, int s, int k, String reflection, String correction) {
        return new JudgeVerdict(judge, false, c, m, s, k, reflection, correction);
    }

    /** {@code base} plus each judge's scripted calls, one review entry per judge model on attempt 1 (in name order). */
    private static Usage plusJudges(Usage base, Map<String, Integer> callsByJudge) {
        return TestUsage.plus(base, new TreeMap<>(callsByJudge).entrySet().stream()
                .map(e -> TestUsage.scripted("review", e.getKey(), 1, 0, e.getValue())).toArray(UsageEntry[]::new));
    }

    private static int totalCalls(List<ScriptedChatModel> judges) {
        return judges.stream().mapToInt(ScriptedChatModel::calls).sum();
    }

    private RejectedBlueprint onlyRetry() {
        List<KeyValue<String, RejectedBlueprint>> out = harness.read(topics.retry());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("t-1");
        assertThat(harness.read(topics.approved())).isEmpty();
        assertThat(harness.read(topics.deadLetters())).isEmpty();
        return out.get(0).value;
    }

    private ApprovedBlueprint onlyApproval() {
        List<KeyValue<String, ApprovedBlueprint>> out = harness.read(topics.approved());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("t-1");
        assertThat(harness.read(topics.retry())).isEmpty();
        return out.get(0).value;
    }

    // ---- Stage 1 ---------------------------------------------------------------------------

    @Test
    void shouldRejectBlueprintCallingAnUnknownToolWithoutAskingTheCommittee() {
        // Given a valid blueprint with one invented tool appended
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 1, 1), judge("j3", 1, 1, 1, 1));
        startWith(judges);
        Blueprint b = valid();
        List<Action> actions = new ArrayList<>(b.getActions());
        actions.add(new Action("refund_everything", "{}"));
        Blueprint bad = withActions(b, actions);

        // When it is reviewed
        harness.pipe(topics.candidates(), "t-1", bad);

        // Then it goes back for a retry with the format reason, and no judge was paid
        assertThat(onlyRetry()).isEqualTo(new RejectedBlueprint(bad, "format",
                List.of("action " + actions.size() + ": unknown tool 'refund_everything'"), List.of(), null));
        assertThat(totalCalls(judges)).isZero();
        assertThat(metrics.outs()).containsExactly("review:retry.format");
    }

    @Test
    void shouldRejectBlueprintMissingARequiredArgumentWithoutAskingTheCommittee() {
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 1, 1), judge("j3", 1, 1, 1, 1));
        startWith(judges);
        TaskContext c = retailWithOrderAction();
        ToolCall first = c.suggestedActions().get(0);
        ObjectNode args = first.arguments().deepCopy();
        args.remove("order_id");
        List<ToolCall> actions = new ArrayList<>(c.suggestedActions());
        actions.set(0, new ToolCall(first.name(), args));
        Blueprint bad = blueprint(c.userId(), actions, "Change my order.");

        harness.pipe(topics.candidates(), "t-1", bad);

        assertThat(onlyRetry()).isEqualTo(new RejectedBlueprint(bad, "format",
                List.of("action 1 " + first.name() + ": arguments is missing required property 'order_id'"), List.of(), null));
        assertThat(totalCalls(judges)).isZero();
    }

    @Test
    void shouldRejectBlueprintWithAnEmptyInstructionWithoutAskingTheCommittee() {
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 1, 1), judge("j3", 1, 1, 1, 1));
        startWith(judges);
        Blueprint bad = Blueprint.newBuilder(valid()).setInstruction("  ").build();

        harness.pipe(topics.candidates(), "t-1", bad);

        assertThat(onlyRetry()).isEqualTo(new RejectedBlueprint(bad, "format", List.of("the instruction is empty"), List.of(), null));
        assertThat(totalCalls(judges)).isZero();
    }

    @Test
    void shouldRejectBlueprintWhoseActionFailsOnExecutionWithoutAskingTheCommittee() {
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 1, 1), judge("j3", 1, 1, 1, 1));
        startWith(judges);
        TaskContext c = retailWithOrderAction();
        ToolCall first = c.suggestedActions().get(0);
        ObjectNode args = first.arguments().deepCopy();
        args.put("order_id", UNKNOWN_ORDER);
        List<ToolCall> actions = new ArrayList<>(c.suggestedActions());
        actions.set(0, new ToolCall(first.name(), args));
        Blueprint bad = blueprint(c.userId(), actions, "Change my order.");

        harness.pipe(topics.candidates(), "t-1", bad);

        assertThat(onlyRetry()).isEqualTo(new RejectedBlueprint(bad, "execution",
                List.of("action 1 " + first.name() + " " + args + " failed: Error: order not found"),
                List.of(), null));
        assertThat(totalCalls(judges)).isZero();
        assertThat(metrics.outs()).containsExactly("review:retry.execution");
    }

    @Test
    void shouldRejectBlueprintThatBreaksAPolicyRuleWithoutAskingTheCommittee() {
        // Given the walks of two different users in one blueprint: each runs, together they serve two users
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 1, 1), judge("j3", 1, 1, 1, 1));
        startWith(judges);
        TaskContext one = retailWithOrderAction();
        TaskContext other = anotherUserWithOrderAction(one);
        Blueprint bad = blueprint(one.userId(), walks(one, other), "Change both accounts' orders.");

        harness.pipe(topics.candidates(), "t-1", bad);

        assertThat(onlyRetry()).isEqualTo(new RejectedBlueprint(bad, "policy",
                List.of("multiple_users: the actions concern more than one user: " + one.userId() + ", " + other.userId()
                        + "; a conversation may only serve the one authenticated user"),
                List.of(), null));
        assertThat(totalCalls(judges)).isZero();
        assertThat(metrics.outs()).containsExactly("review:retry.policy");
    }

    // ---- given tasks (tasks file) and data fingerprints --------------------------------------

    private static Blueprint given(Blueprint b) {
        return Blueprint.newBuilder(b).setGivenId("17").setGeneratorModel("given").build();
    }

    @Test
    void shouldApproveAGivenTaskWithReadsAndAFinalTransferButNoWriteWithoutTheCommittee() {
        // Given a given task as tau-bench writes them: a read, then a transfer; no write, a number where the schema says string
        List<ScriptedChatModel> judges = List.of(judge("j1", 0, 0, 0, 0), judge("j2", 0, 0, 0, 0), judge("j3", 0, 0, 0, 0));
        startWith(judges);
        TaskContext c = retail(1);
        Blueprint b = given(Blueprint.newBuilder(valid()).setActions(List.of(
                new Action("get_user_details", "{\"user_id\": \"" + c.userId() + "\"}"),
                new Action("transfer_to_human_agents", "{\"summary\": 42}"))).setOutputs(List.of()).build());

        // When it is reviewed
        harness.pipe(topics.candidates(), "t-1", b);

        // Then it is approved as given, without verdicts, and no judge was paid (they would all have said no)
        ApprovedBlueprint approved = onlyApproval();
        assertThat(approved.getBlueprint()).isEqualTo(b);
        assertThat(approved.getVerdicts()).isEmpty();
        assertThat(approved.getScore()).isEqualTo(1.0);
        assertThat(approved.getDiffPatch()).isEqualTo("[]");
        assertThat(totalCalls(judges)).isZero();
        assertThat(metrics.outs()).containsExactly("review:approved");
    }

    @Test
    void shouldSendAGivenTaskWhoseActionFailsOnTheDataBackAsAnExecutionRejection() {
        startWith(List.of(judge("j1", 1, 1, 1, 1)));
        Blueprint b = given(withActions(valid(), List.of(new Action("cancel_pending_order",
                "{\"order_id\": \"" + UNKNOWN_ORDER + "\", \"reason\": \"no longer needed\"}"))));

        harness.pipe(topics.candidates(), "t-1", b);

        assertThat(onlyRetry()).isEqualTo(new RejectedBlueprint(b, "execution", List.of("action 1 cancel_pending_order "
                + "{\"order_id\":\"" + UNKNOWN_ORDER + "\",\"reason\":\"no longer needed\"} failed: Error: order not found"),
                List.of(), null));
    }

    @Test
    void shouldCheckAGivenTasksPolicyOnlyWhenItsSeedAsks() {
        // Given the walks of two users in one given task: it runs, but serves two users
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1));
        startWith(judges);
        TaskContext one = retailWithOrderAction();
        Blueprint unchecked = given(blueprint(one.userId(), walks(one, anotherUserWithOrderAction(one)),
                "Change both accounts' orders."));
        Blueprint checked = Blueprint.newBuilder(unchecked).setTaskId("t-2")
                .setOptions(Map.of(ReviewStage.CHECK_POLICY_OPTION, "true")).build();

        // When it is reviewed as given, and as given by a seed with check_policy=true
        harness.pipe(topics.candidates(), "t-1", unchecked);
        harness.pipe(topics.candidates(), "t-2", checked);

        // Then only the second is refused, on the policy
        assertThat(harness.read(topics.approved())).extracting(kv -> kv.key).containsExactly("t-1");
        assertThat(harness.read(topics.retry())).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("t-2");
            assertThat(kv.value.getStage()).isEqualTo("policy");
            assertThat(kv.value.getReasons()).singleElement().asString().startsWith("multiple_users: ");
        });
        assertThat(totalCalls(judges)).isZero();
    }

    @Test
    void shouldDeadLetterABlueprintMadeOnOtherDataThanTheWorkersAndReviewOneMadeOnTheSame() {
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 1, 1), judge("j3", 1, 1, 1, 1));
        startWith(judges);
        String here = TestDomains.registry().find("retail").orElseThrow().dataFingerprint().orElseThrow();
        Blueprint elsewhere = Blueprint.newBuilder(valid()).setDataFingerprint("00000000feedbeef").build();
        Blueprint same = Blueprint.newBuilder(valid()).setTaskId("t-2").setDataFingerprint(here).build();

        harness.pipe(topics.candidates(), "t-1", elsewhere);
        harness.pipe(topics.candidates(), "t-2", same);

        assertThat(harness.read(topics.deadLetters())).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("t-1");
            assertThat(kv.value.getReason()).isEqualTo("domain_data_mismatch");
            assertThat(kv.value.getStage()).isEqualTo("review");
            assertThat(kv.value.getError()).isEqualTo("made on retail data 00000000feedbeef, but this worker runs retail "
                    + "on data " + here + ": give every worker the same domain_data");
        });
        assertThat(harness.read(topics.approved())).extracting(kv -> kv.key).containsExactly("t-2");
        assertThat(totalCalls(judges)).isEqualTo(3);
    }

    // ---- Stage 2 ---------------------------------------------------------------------------

    @Test
    void shouldApproveWhenThreeJudgesGiveFullMarks() {
        // Given three judges that all answer 1 on every item
        List<ScriptedChatModel> judges = List.of(
                ScriptedChatModel.answering("j1", scores(1, 1, 1, 1, "Looks right.", "")),
                judge("j2", 1, 1, 1, 1), judge("j3", 1, 1, 1, 1));
        startWith(judges);
        Blueprint b = valid();

        // When a blueprint that passes Stage 1 is reviewed
        harness.pipe(topics.candidates(), "t-1", b);

        // Then it is approved with score 1.0, every verdict, the diff patch, and the judges' usage
        ApprovedBlueprint approved = onlyApproval();
        assertThat(approved.getBlueprint()).isEqualTo(Blueprint.newBuilder(b).setUsage(plusJudges(GENERATED, Map.of("j1", 1, "j2", 1, "j3", 1))).build());
        assertThat(approved.getScore()).isEqualTo(1.0);
        assertThat(approved.getVerdicts()).containsExactly(
                verdict("j1", 1, 1, 1, 1, "Looks right.", ""), verdict("j2", 1, 1, 1, 1, "", ""),
                verdict("j3", 1, 1, 1, 1, "", ""));
        JsonNode diff = readTree(approved.getDiffPatch());
        assertThat(diff.isArray() || diff.isObject()).isTrue();
        assertThat(diff.size()).isPositive();
        // Every judge was asked once, shown the diff patch
        assertThat(judges).allSatisfy(j -> assertThat(j.calls()).isEqualTo(1));
        String prompt = judges.get(0).requests().get(0).messages().stream().map(ChatMessage::content)
                .reduce("", String::concat);
        assertThat(prompt).contains(PromptBlock.DIFF_PATCH.open()).contains(b.getInstruction());
        assertThat(metrics.outs()).containsExactly("review:approved");
    }

    @Test
    void shouldWaitForAJudgeWhoseEndpointIsDownInsteadOfCountingItAsAnAbstention() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ScriptedProbe probe = new ScriptedProbe();
        try (Dependency endpoint = new Dependency("model 'j3' at http://judge:8000/v1", probe, scheduler,
                ScriptedProbe.fast(), Clock.systemUTC())) {
            // Given a committee whose third judge's endpoint a probe found down
            probe.down(new Problem(Problem.Reason.SERVER_ERROR, "model 'j3' at http://judge:8000/v1: HTTP 503"));
            endpoint.check(System.nanoTime()).get(5, TimeUnit.SECONDS);
            ScriptedChatModel third = ScriptedChatModel.behind("j3", endpoint, scores(1, 1, 1, 1, "", ""));
            startWith(List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 1, 1), third));

            // When a blueprint is reviewed while it is down
            harness.pipe(topics.candidates(), "t-1", valid());
            harness.drain();

            // Then nothing is decided: no abstention, no rejection, no approval yet
            assertThat(harness.read(topics.retry())).isEmpty();
            assertThat(harness.read(topics.approved())).isEmpty();
            assertThat(harness.read(topics.deadLetters())).isEmpty();

            // When the endpoint answers again, the review is redone with every judge
            probe.up();
            await().atMost(Duration.ofSeconds(5)).until(endpoint::isUp);
            harness.drain();
            ApprovedBlueprint approved = onlyApproval();
            assertThat(approved.getVerdicts()).extracting(JudgeVerdict::getAbstained).containsOnly(false);
            assertThat(third.calls()).isEqualTo(2);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void shouldApproveOnTheMajorityOfEachItemWhenThreeJudgesSplitTwoToOne() {
        // Each item has exactly one dissenting judge
        List<ScriptedChatModel> judges = List.of(judge("j1", 0, 1, 1, 1), judge("j2", 1, 0, 1, 1), judge("j3", 1, 1, 0, 0));
        startWith(judges);

        harness.pipe(topics.candidates(), "t-1", valid());

        ApprovedBlueprint approved = onlyApproval();
        assertThat(approved.getScore()).isEqualTo(1.0);
        assertThat(approved.getVerdicts()).containsExactly(verdict("j1", 0, 1, 1, 1, "", ""),
                verdict("j2", 1, 0, 1, 1, "", ""), verdict("j3", 1, 1, 0, 0, "", ""));
    }

    @Test
    void shouldApproveAtTheThresholdWhenTheMajorityFailsOneItemOfFour() {
        // creativity: 1 of 3 -> fails; the others pass 2 of 3 -> 0.75, the default threshold
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 0, 0), judge("j3", 0, 0, 1, 0));
        startWith(judges);

        harness.pipe(topics.candidates(), "t-1", valid());

        assertThat(onlyApproval().getScore()).isEqualTo(0.75);
    }

    @Test
    void shouldRejectWithEveryFailedItemAndTheJudgesReflectionsWhenFiveJudgesSplitBelowTheThreshold() {
        // correctness 3/5 pass, completeness 2/5 fail, satisfaction 5/5 pass, creativity 0/5 fail -> 0.5
        List<ScriptedChatModel> judges = List.of(
                ScriptedChatModel.answering("j1", scores(1, 1, 1, 0, "The order id is not in the instruction.",
                        "Name order #W1.")),
                judge("j2", 1, 1, 1, 0), judge("j3", 1, 0, 1, 0), judge("j4", 0, 0, 1, 0),
                ScriptedChatModel.answering("j5", scores(0, 0, 1, 0, "Trivial.", "")));
        startWith(judges);
        Blueprint b = valid();

        harness.pipe(topics.candidates(), "t-1", b);

        RejectedBlueprint rejected = onlyRetry();
        assertThat(rejected).isEqualTo(new RejectedBlueprint(
                Blueprint.newBuilder(b).setUsage(plusJudges(GENERATED, Map.of("j1", 1, "j2", 1, "j3", 1, "j4", 1, "j5", 1))).build(), "review",
                List.of("completeness (2/5 judges): the instruction lacks details needed to derive the actions",
                        "creativity (0/5 judges): the task is implausible or trivial",
                        "j1: The order id is not in the instruction. Suggested correction: Name order #W1.",
                        "j5: Trivial."),
                List.of(verdict("j1", 1, 1, 1, 0, "The order id is not in the instruction.", "Name order #W1."),
                        verdict("j2", 1, 1, 1, 0, "", ""), verdict("j3", 1, 0, 1, 0, "", ""),
                        verdict("j4", 0, 0, 1, 0, "", ""), verdict("j5", 0, 0, 1, 0, "Trivial.", "")),
                null));
        assertThat(metrics.outs()).containsExactly("review:retry.review");
    }

    @Test
    void shouldApproveWithFiveJudgesWhenThreeOfFiveCarryEveryItem() {
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 1, 1), judge("j3", 1, 1, 1, 1),
                judge("j4", 0, 0, 0, 0), judge("j5", 0, 0, 0, 0));
        startWith(judges);

        harness.pipe(topics.candidates(), "t-1", valid());

        ApprovedBlueprint approved = onlyApproval();
        assertThat(approved.getScore()).isEqualTo(1.0);
        assertThat(approved.getVerdicts()).hasSize(5);
        assertThat(approved.getBlueprint().getUsage())
                .isEqualTo(plusJudges(GENERATED, Map.of("j1", 1, "j2", 1, "j3", 1, "j4", 1, "j5", 1)));
    }

    @Test
    void shouldCountAFailingJudgeAndAGarbageJudgeAsAbstentionsAndDecideOnTheRest() {
        // Given five judges: one unreachable, one that never answers JSON, three that answer
        ScriptedChatModel down = ScriptedChatModel.failing("down", "503 after 3 retries");
        ScriptedChatModel rambling = ScriptedChatModel.answering("rambling", "It seems fine to me, honestly.");
        List<ScriptedChatModel> judges = List.of(down, judge("j2", 1, 1, 1, 1), rambling, judge("j4", 1, 1, 1, 0),
                judge("j5", 0, 0, 0, 1));
        startWith(judges);
        Blueprint b = valid();

        harness.pipe(topics.candidates(), "t-1", b);

        // Then the three answers decide: correctness, completeness, satisfaction 2/3, creativity 2/3 -> 1.0
        ApprovedBlueprint approved = onlyApproval();
        assertThat(approved.getScore()).isEqualTo(1.0);
        List<JudgeVerdict> verdicts = approved.getVerdicts();
        assertThat(verdicts).extracting(JudgeVerdict::getJudge).containsExactly("down", "j2", "rambling", "j4", "j5");
        assertThat(verdicts).extracting(JudgeVerdict::getAbstained).containsExactly(true, false, true, false, false);
        assertThat(verdicts.get(0).getReflection()).isEqualTo("abstained: 503 after 3 retries");
        assertThat(verdicts.get(2).getReflection()).startsWith("abstained: model rambling gave no usable JSON answer in 2 attempts");
        assertThat(verdicts.get(0).getCorrectness() + verdicts.get(2).getCorrectness()).isZero();
        // The garbage judge was re-asked once; its tokens still count
        assertThat(rambling.calls()).isEqualTo(1 + Committee.MAX_REASKS);
        assertThat(down.calls()).isEqualTo(1);
        // (the unreachable judge was paid nothing; its abstention has no entry)
        assertThat(approved.getBlueprint().getUsage())
                .isEqualTo(plusJudges(GENERATED, Map.of("j2", 1, "rambling", 2, "j4", 1, "j5", 1)));
    }

    @Test
    void shouldRetryWithoutQuorumWhenTwoOfThreeJudgesAbstain() {
        List<ScriptedChatModel> judges = List.of(ScriptedChatModel.failing("down", "timed out"), judge("j2", 1, 1, 1, 1),
                ScriptedChatModel.answering("rambling", "no JSON here"));
        startWith(judges);
        Blueprint b = valid();

        harness.pipe(topics.candidates(), "t-1", b);

        RejectedBlueprint rejected = onlyRetry();
        assertThat(rejected.getStage()).isEqualTo("review");
        assertThat(rejected.getReasons()).containsExactly("no quorum: 1 of 3 judges answered, 2 needed");
        assertThat(rejected.getJudgeVerdicts()).extracting(JudgeVerdict::getAbstained).containsExactly(true, false, true);
        assertThat(rejected.getBlueprint()).isEqualTo(Blueprint.newBuilder(b).setUsage(plusJudges(GENERATED, Map.of("j2", 1, "rambling", 2))).build());
    }

    @Test
    void shouldRetryWithTheFailedItemsAndReflectionsWhenBelowTheThreshold() {
        List<ScriptedChatModel> judges = List.of(
                ScriptedChatModel.answering("j1", scores(0, 0, 1, 1, "The refund goes to the wrong card.",
                        "Refund to the original card.")),
                ScriptedChatModel.answering("j2", scores(0, 1, 1, 1, "Wrong card.", "")),
                judge("j3", 1, 0, 1, 1));
        startWith(judges);
        Blueprint b = valid();

        harness.pipe(topics.candidates(), "t-1", b);

        RejectedBlueprint rejected = onlyRetry();
        assertThat(rejected.getReasons()).containsExactly(
                "correctness (1/3 judges): the actions do not do what the instruction asks (or change more than asked)",
                "completeness (1/3 judges): the instruction lacks details needed to derive the actions",
                "j1: The refund goes to the wrong card. Suggested correction: Refund to the original card.",
                "j2: Wrong card.");
        assertThat(rejected.getJudgeVerdicts()).hasSize(3);
        assertThat(rejected.getRolloutSummary()).isNull();
    }

    @Test
    void shouldDeadLetterUndecodableCandidatesAndKeepReviewing() {
        List<ScriptedChatModel> judges = List.of(judge("j1", 1, 1, 1, 1), judge("j2", 1, 1, 1, 1), judge("j3", 1, 1, 1, 1));
        startWith(judges);

        harness.pipeBytes(topics.candidates(), "t-0", new byte[] {0, 0, 0, 0, 99, 1, 2});
        harness.pipe(topics.candidates(), "t-1", valid());

        assertThat(harness.read(topics.deadLetters())).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("t-0");
            assertThat(kv.value.getReason()).isEqualTo("undecodable");
            assertThat(kv.value.getStage()).isEqualTo("review");
            assertThat(kv.value.getTasks()).isZero();
        });
        onlyApproval();
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
