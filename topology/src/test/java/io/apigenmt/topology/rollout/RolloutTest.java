package io.apigenmt.topology.rollout;

import static io.apigenmt.topology.rollout.ScriptedModel.call;
import static io.apigenmt.topology.rollout.ScriptedModel.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.health.Problem;
import io.apigenmt.topology.health.ScriptedProbe;
import io.apigenmt.topology.health.Unavailable;
import io.apigenmt.topology.environment.LocalDomain;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.ChatResponse;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.TokenUsage;
import io.apigenmt.topology.llm.ToolCallRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RolloutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ShopDomain shop = new ShopDomain();

    private RolloutTask closeItemA(List<String> outputs) {
        return new RolloutTask(LocalDomain.described(shop), "You want item A closed. You expect to hear its new status.", null,
                List.of(new ToolCall("set_item_status", JSON.createObjectNode().put("item_id", "A").put("status", "closed"))),
                outputs);
    }

    private static ScriptedModel politeUser() {
        return ScriptedModel.sequence("user", say("Please close item A."), say("yes"), say("Thanks, bye. ###STOP###"));
    }

    /** A careful agent: read, confirm, write the given status, report. */
    private static ScriptedModel agentWriting(String status, String report) {
        return ScriptedModel.sequence("agent",
                call("get_item_details", "{\"item_id\":\"A\"}"),
                say("Item A is open. Close it? (yes/no)"),
                call("set_item_status", "{\"item_id\":\"A\",\"status\":\"" + status + "\"}"),
                say(report));
    }

    private static RolloutOutcome run(RolloutConfig config, ScriptedModel user, ScriptedModel agent, RolloutTask task) throws Exception {
        return new Rollout(config, user, agent, null).run(task).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldVerifyATrialThatWritesTheBlueprintStateAndTellsTheOutputs() throws Exception {
        ScriptedModel user = politeUser();
        ScriptedModel agent = agentWriting("closed", "Done: item A is now CLOSED.");

        RolloutOutcome outcome = run(RolloutConfig.defaults(), user, agent, closeItemA(List.of("Closed")));

        assertThat(outcome).isInstanceOf(RolloutOutcome.Verified.class);
        RolloutOutcome.Verified v = (RolloutOutcome.Verified) outcome;
        assertThat(v.trial()).isEqualTo(1);
        assertThat(v.failedTrials()).isEmpty();
        assertThat(v.verification().passed()).isTrue();
        assertThat(v.verification().stateHashActual()).isEqualTo(v.verification().stateHashExpected());
        assertThat(v.verification().outputsFound()).containsExactly("Closed");
        assertThat(v.systemPrompt()).isEqualTo(ShopDomain.POLICY);
        assertThat(v.messages()).extracting(ChatMessage::role).containsExactly(
                "system", "assistant", "user", "assistant", "tool", "assistant", "user", "assistant", "tool", "assistant", "user");
        assertThat(v.messages().get(1).content()).isEqualTo("Hi! How can I help you today?");
        assertThat(v.messages().get(3).toolCalls()).extracting(ToolCallRequest::name).containsExactly("get_item_details");
        assertThat(v.messages().get(4).toolCallId()).isEqualTo("call_get_item_details");
        assertThat(v.messages().get(4).content()).contains("\"status\":\"open\"");
        assertThat(v.messages().get(10).content()).endsWith("###STOP###");
        // 3 user calls + 4 agent calls, each charged to the model that made it.
        assertThat(v.usage()).isEqualTo(new TokenUsage(30, 15, 3).attributedTo("user")
                .plus(new TokenUsage(40, 20, 4).attributedTo("agent")));
        assertThat(v.usageByTrial()).containsExactly(v.usage());
        assertThat(v.tools()).extracting(t -> t.path("function").path("name").asText())
                .contains("get_item_details", "set_item_status", "transfer_to_human_agents");
        assertThat(v.tools().get(0).path("type").asText()).isEqualTo("function");
    }

    @Test
    void shouldShowTheUserOnlyTheInstructionAndTheDialogueWithRolesFlipped() throws Exception {
        ScriptedModel user = politeUser();
        ScriptedModel agent = agentWriting("closed", "Done: closed.");

        run(RolloutConfig.defaults(), user, agent, new RolloutTask(LocalDomain.described(shop), "You want item A closed.", "A terse engineer.",
                closeItemA(List.of()).actions(), List.of()));

        ChatRequest first = user.requests.get(0);
        assertThat(first.tools()).isEmpty();
        assertThat(first.messages()).extracting(ChatMessage::role).containsExactly("system", "user");
        assertThat(first.messages().get(0).content()).contains("<instruction>\nYou want item A closed.\n</instruction>")
                .contains("A terse engineer.").contains("###STOP###").doesNotContain(ShopDomain.POLICY);
        assertThat(first.messages().get(1).content()).isEqualTo("Hi! How can I help you today?");
        ChatRequest second = user.requests.get(1);
        // Tool traffic is hidden from the user; its own message comes back as "assistant".
        assertThat(second.messages()).extracting(ChatMessage::role).containsExactly("system", "user", "assistant", "user");
        assertThat(second.messages().get(2).content()).isEqualTo("Please close item A.");
        assertThat(second.messages().get(3).content()).contains("(yes/no)");

        ChatRequest agentFirst = agent.requests.get(0);
        assertThat(agentFirst.messages().get(0)).isEqualTo(ChatMessage.system(ShopDomain.POLICY));
        assertThat(agentFirst.tools()).hasSize(shop.tools().size());
    }

    @Test
    void shouldFailWithTheStateDiffWhenTheAgentWritesWrongArguments() throws Exception {
        RolloutOutcome outcome = run(RolloutConfig.defaults().withMaxTrials(1), politeUser(),
                agentWriting("archived", "Done: closed."), closeItemA(List.of()));

        assertThat(outcome).isInstanceOf(RolloutOutcome.AllTrialsFailed.class);
        RolloutOutcome.AllTrialsFailed failed = (RolloutOutcome.AllTrialsFailed) outcome;
        assertThat(failed.failures()).hasSize(1);
        Verification v = failed.failures().get(0).verification();
        assertThat(v.passed()).isFalse();
        assertThat(v.stateMatches()).isFalse();
        assertThat(v.summary()).startsWith("state mismatch: 1 difference: items/A/status: expected \"closed\", got \"archived\"");
        assertThat(failed.summary()).startsWith("trial 1: state mismatch");
    }

    @Test
    void shouldFailWhenAnExpectedOutputIsNeverTold() throws Exception {
        RolloutOutcome outcome = run(RolloutConfig.defaults().withMaxTrials(1), politeUser(),
                agentWriting("closed", "All done."), closeItemA(List.of("closed", "1,250.50")));

        RolloutOutcome.AllTrialsFailed failed = (RolloutOutcome.AllTrialsFailed) outcome;
        Verification v = failed.failures().get(0).verification();
        assertThat(v.stateMatches()).isTrue();
        assertThat(v.outputsMissing()).containsExactly("closed", "1,250.50");
        assertThat(v.summary()).isEqualTo("missing outputs: the agent never told the user \"closed\", \"1,250.50\"");
    }

    @Test
    void shouldMatchOutputsCaseInsensitivelyWithCommasRemoved() throws Exception {
        RolloutOutcome outcome = run(RolloutConfig.defaults(), politeUser(),
                agentWriting("closed", "Done. Your refund is $1250.50, and the item is CLOSED."),
                closeItemA(List.of("$1,250.50", "closed")));

        assertThat(outcome).isInstanceOf(RolloutOutcome.Verified.class);
    }

    @Test
    void shouldNotCountTextSentAlongsideAToolCallAsToldToTheUser() throws Exception {
        ScriptedModel agent = ScriptedModel.sequence("agent",
                ChatMessage.assistantCalls("The status will be closed.",
                        List.of(new ToolCallRequest("c1", "set_item_status", "{\"item_id\":\"A\",\"status\":\"closed\"}"))),
                say("Anything else?"));
        RolloutOutcome outcome = run(RolloutConfig.defaults().withMaxTrials(1),
                ScriptedModel.sequence("user", say("close A"), say("###STOP###")), agent, closeItemA(List.of("closed")));

        assertThat(((RolloutOutcome.AllTrialsFailed) outcome).failures().get(0).verification().outputsMissing())
                .containsExactly("closed");
    }

    @Test
    void shouldStopAtTheStepLimit() throws Exception {
        ScriptedModel agent = ScriptedModel.sequence("agent", call("get_item_details", "{\"item_id\":\"A\"}"));
        RolloutOutcome outcome = run(RolloutConfig.defaults().withMaxTrials(1).withMaxAgentSteps(5), politeUser(), agent,
                closeItemA(List.of()));

        RolloutOutcome.TrialFailure failure = ((RolloutOutcome.AllTrialsFailed) outcome).failures().get(0);
        assertThat(failure.endReason()).isEqualTo(EndReason.STEP_LIMIT);
        assertThat(failure.summary()).startsWith("step limit reached: the conversation did not end within 5 agent steps")
                .contains("state mismatch");
        assertThat(agent.requests).hasSize(5);
        assertThat(failure.messages().stream().filter(ChatMessage::hasToolCalls)).hasSize(5);
    }

    @Test
    void shouldEndTheEpisodeOnATerminatingTool() throws Exception {
        ScriptedModel user = politeUser();
        ScriptedModel agent = ScriptedModel.sequence("agent",
                call("transfer_to_human_agents", "{\"summary\":\"wants a human\"}"), say("never sent"));
        RolloutTask noActions = new RolloutTask(LocalDomain.described(shop), "You want to talk to a human.", null, List.of(), List.of());

        RolloutOutcome outcome = run(RolloutConfig.defaults(), user, agent, noActions);

        RolloutOutcome.Verified v = (RolloutOutcome.Verified) outcome;
        assertThat(agent.requests).hasSize(1);
        assertThat(user.requests).hasSize(1);
        List<ChatMessage> m = v.messages();
        assertThat(m.get(m.size() - 1).role()).isEqualTo("tool");
        assertThat(m.get(m.size() - 1).content()).isEqualTo("Transfer successful");
    }

    @Test
    void shouldSayATransferHappenedWhenATerminatedTrialFails() throws Exception {
        ScriptedModel agent = ScriptedModel.sequence("agent", call("transfer_to_human_agents", "{\"summary\":\"x\"}"));
        RolloutOutcome outcome = run(RolloutConfig.defaults().withMaxTrials(1), politeUser(), agent, closeItemA(List.of()));

        RolloutOutcome.TrialFailure f = ((RolloutOutcome.AllTrialsFailed) outcome).failures().get(0);
        assertThat(f.endReason()).isEqualTo(EndReason.TERMINATING_TOOL);
        assertThat(f.summary()).startsWith("the agent transferred to a human agent; state mismatch");
    }

    /** Trials 1..failing write the wrong status, later ones the right one. */
    private static ScriptedModel agentFailingTrials(int failing) {
        AtomicInteger trial = new AtomicInteger();
        return ScriptedModel.replying("agent", r -> {
            List<ChatMessage> m = r.messages();
            long userTurns = m.stream().filter(x -> x.role().equals("user")).count();
            if (userTurns == 1 && !m.get(m.size() - 1).role().equals("tool")) {
                trial.incrementAndGet();
                return say("Close item A? (yes/no)");
            }
            if (m.get(m.size() - 1).role().equals("tool")) {
                return say("Done: closed.");
            }
            String status = trial.get() <= failing ? "archived" : "closed";
            return call("set_item_status", "{\"item_id\":\"A\",\"status\":\"" + status + "\"}");
        });
    }

    @Test
    void shouldReturnTheFirstPassingTrial() throws Exception {
        ScriptedModel user = ScriptedModel.replying("user", r -> {
            String last = r.messages().get(r.messages().size() - 1).content();
            return last.startsWith("Hi!") ? say("Close A.") : last.contains("(yes/no)") ? say("yes") : say("###STOP###");
        });
        RolloutOutcome outcome = run(RolloutConfig.defaults(), user, agentFailingTrials(2), closeItemA(List.of()));

        RolloutOutcome.Verified v = (RolloutOutcome.Verified) outcome;
        assertThat(v.trial()).isEqualTo(3);
        assertThat(v.trials()).isEqualTo(3);
        assertThat(v.failedTrials()).extracting(RolloutOutcome.TrialFailure::trial).containsExactly(1, 2);
        // Each trial: 3 user calls + 3 agent calls; usage spans all three trials.
        assertThat(v.usage().calls()).isEqualTo(18);
        // A fresh environment per trial: the verified record shows only its own conversation.
        assertThat(v.messages().stream().filter(x -> x.role().equals("system"))).hasSize(1);
    }

    @Test
    void shouldReportEveryTrialWhenAllFail() throws Exception {
        ScriptedModel user = ScriptedModel.replying("user", r -> {
            String last = r.messages().get(r.messages().size() - 1).content();
            return last.startsWith("Hi!") ? say("Close A.") : last.contains("(yes/no)") ? say("yes") : say("###STOP###");
        });
        RolloutOutcome outcome = run(RolloutConfig.defaults(), user, agentFailingTrials(99), closeItemA(List.of()));

        RolloutOutcome.AllTrialsFailed failed = (RolloutOutcome.AllTrialsFailed) outcome;
        assertThat(failed.trials()).isEqualTo(3);
        assertThat(failed.failures()).extracting(RolloutOutcome.TrialFailure::trial).containsExactly(1, 2, 3);
        assertThat(failed.summary().lines()).hasSize(3).allMatch(l -> l.matches("trial \\d: state mismatch: .*"));
        assertThat(failed.allModelErrors()).isFalse();
    }

    @Test
    void shouldCountAFailedModelCallAsAFailedTrial() throws Exception {
        ScriptedModel agent = ScriptedModel.raw("agent", r -> CompletableFuture.failedFuture(
                new LlmException(LlmException.Kind.SERVER_ERROR, "HTTP 500 from http://llm:8000/v1/chat/completions", null, 500,
                        new TokenUsage(3, 0, 4), null)));

        RolloutOutcome outcome = run(RolloutConfig.defaults().withMaxTrials(2), politeUser(), agent, closeItemA(List.of()));

        RolloutOutcome.AllTrialsFailed failed = (RolloutOutcome.AllTrialsFailed) outcome;
        assertThat(failed.failures()).hasSize(2);
        assertThat(failed.failures().get(0).summary()).isEqualTo("model error: agent model agent: HTTP 500 from http://llm:8000/v1/chat/completions");
        assertThat(failed.failures().get(0).verification()).isNull();
        assertThat(failed.allModelErrors()).isTrue();
        // The first user call succeeded in each trial; the failed agent exchange reported 4 calls.
        assertThat(failed.usage().calls()).isEqualTo(2 * (1 + 4));
    }

    @Test
    void shouldFailTheRolloutNotATrialWhenTheAgentsEndpointIsDown() throws Exception {
        // Given an agent whose endpoint a probe found down
        Dependency endpoint = new Dependency("model 'agent' at http://llm:8000/v1", () -> CompletableFuture.completedFuture(
                java.util.Optional.of(new Problem(Problem.Reason.UNREACHABLE, "connection refused"))),
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(), ScriptedProbe.fast(), java.time.Clock.systemUTC());
        Problem refused = endpoint.check(System.nanoTime()).get(5, TimeUnit.SECONDS).orElseThrow();
        ScriptedModel agent = ScriptedModel.raw("agent", r -> CompletableFuture.failedFuture(new LlmException(
                LlmException.Kind.UNAVAILABLE, "down", null, 0, TokenUsage.NONE, new Unavailable(endpoint, refused))));

        // When a blueprint is rolled out
        CompletableFuture<RolloutOutcome> outcome = new Rollout(RolloutConfig.defaults(), politeUser(), agent, null)
                .run(closeItemA(List.of()));

        // Then no trial is spent on the outage: the rollout itself fails with it, to be redone
        assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.ExecutionException.class)
                .satisfies(e -> assertThat(Unavailable.in(e)).isPresent());
        assertThat(agent.requests).as("one call, no second trial").hasSize(1);
        endpoint.close();
    }

    @Test
    void shouldBoundAModelCallThatNeverAnswers() throws Exception {
        ScriptedModel user = ScriptedModel.raw("user", r -> new CompletableFuture<>());
        RolloutConfig config = RolloutConfig.defaults().withMaxTrials(1).withCallTimeout(Duration.ofMillis(50));

        RolloutOutcome outcome = run(config, user, agentWriting("closed", "x"), closeItemA(List.of()));

        assertThat(((RolloutOutcome.AllTrialsFailed) outcome).failures().get(0).summary())
                .startsWith("model error: user model user: no answer within");
    }

    @Test
    void shouldFailTheTrialOnAnEmptyUserReply() throws Exception {
        RolloutOutcome outcome = run(RolloutConfig.defaults().withMaxTrials(1), ScriptedModel.sequence("user", say("  ")),
                agentWriting("closed", "x"), closeItemA(List.of()));

        assertThat(((RolloutOutcome.AllTrialsFailed) outcome).failures().get(0).summary())
                .isEqualTo("model error: user model user: returned an empty reply");
    }

    @Test
    void shouldAnswerUnparseableArgumentsAndExtraCallsWithErrorObservations() throws Exception {
        ScriptedModel agent = ScriptedModel.sequence("agent",
                call("set_item_status", "{\"item_id\": \"A\", status: closed"),
                ChatMessage.assistantCalls(null, List.of(
                        new ToolCallRequest(null, "get_item_details", "{\"item_id\":\"A\"}"),
                        new ToolCallRequest("x2", "set_item_status", "{\"item_id\":\"B\",\"status\":\"closed\"}"))),
                say("Sorry."));
        RolloutOutcome outcome = run(RolloutConfig.defaults().withMaxTrials(1),
                ScriptedModel.sequence("user", say("Close A."), say("###STOP###")), agent, closeItemA(List.of()));

        List<ChatMessage> m = ((RolloutOutcome.AllTrialsFailed) outcome).failures().get(0).messages();
        List<ChatMessage> tools = m.stream().filter(x -> x.role().equals("tool")).toList();
        assertThat(tools).hasSize(3);
        assertThat(tools.get(0).content()).startsWith("Error: the arguments of set_item_status are not valid JSON");
        assertThat(tools.get(1).content()).contains("\"status\":\"open\"");
        assertThat(tools.get(1).toolCallId()).isEqualTo("call_2_1");
        assertThat(tools.get(2).content()).startsWith("Error: only one tool call per turn");
        assertThat(tools.get(2).toolCallId()).isEqualTo("x2");
    }

    @Test
    void shouldPickTheBestScoredUserCandidate() throws Exception {
        AtomicInteger n = new AtomicInteger();
        ScriptedModel user = ScriptedModel.replying("user", r -> {
            assertThat(r.temperature()).isEqualTo(1.0);
            return say(n.getAndIncrement() % 3 == 1 ? "Good reply ###STOP###" : "Bad reply ###STOP###");
        });
        ScriptedModel judge = ScriptedModel.replying("judge", r -> {
            String prompt = r.messages().get(0).content();
            assertThat(r.jsonOutput()).isTrue();
            return say(prompt.contains("<candidate_reply>\nGood") ? "{\"score\": 9, \"reason\": \"faithful\"}" : "{\"score\": 2}");
        });
        Rollout rollout = new Rollout(RolloutConfig.defaults().withBestOfN(3), user, ScriptedModel.sequence("agent", say("?")), judge);

        RolloutOutcome outcome = rollout.run(new RolloutTask(LocalDomain.described(shop), "Nothing to do.", null, List.of(), List.of())).get(10, TimeUnit.SECONDS);

        RolloutOutcome.Verified v = (RolloutOutcome.Verified) outcome;
        assertThat(v.messages().get(2).content()).isEqualTo("Good reply ###STOP###");
        assertThat(user.requests).hasSize(3);
        assertThat(judge.requests).hasSize(3);
        assertThat(v.usage().calls()).isEqualTo(6);
    }

    @Test
    void shouldRequireAJudgeForBestOfN() {
        assertThatThrownBy(() -> new Rollout(RolloutConfig.defaults().withBestOfN(4), politeUser(), politeUser(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("judge");
    }

    @Test
    void shouldNotBlockTheCallerWhileModelsAreBusy() throws Exception {
        CompletableFuture<ChatResponse> pending = new CompletableFuture<>();
        ScriptedModel user = ScriptedModel.raw("user", r -> pending);
        CompletableFuture<RolloutOutcome> future = new Rollout(RolloutConfig.defaults(), user,
                agentWriting("closed", "Done: closed."), null).run(closeItemA(List.of()));

        assertThat(future).isNotDone();
        pending.complete(new ChatResponse(say("###STOP###"), "user", ScriptedModel.PER_CALL, "stop"));
        // The user left at once: nothing was written, so the state does not match.
        assertThat(future.get(5, TimeUnit.SECONDS)).isInstanceOf(RolloutOutcome.AllTrialsFailed.class);
    }
}
