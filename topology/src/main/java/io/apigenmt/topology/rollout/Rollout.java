package io.apigenmt.topology.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Phase 2 for one blueprint: up to {@code maxTrials} trials of simulated user and agent, one after
 * the other, each on a fresh episode and verified against the blueprint (rejection sampling);
 * the first passing trial is the trajectory.
 *
 * <p>Kafka-free and thread-free: {@link #run} returns at once and the whole rollout proceeds in
 * model-call callbacks. One instance serves any number of concurrent rollouts (it holds only
 * configuration); the stage creates one per worker with its configured models.
 */
public final class Rollout {

    private final RolloutConfig config;
    private final ChatModel user;
    private final ChatModel agent;
    private final ChatModel judge;
    private final RolloutPrompts prompts = new RolloutPrompts();
    private final Verifier verifier = new Verifier();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param judge scores best-of-N user candidates; may be null only when best-of-N is off
     */
    public Rollout(RolloutConfig config, ChatModel user, ChatModel agent, ChatModel judge) {
        this.config = Objects.requireNonNull(config, "config");
        this.user = Objects.requireNonNull(user, "user model");
        this.agent = Objects.requireNonNull(agent, "agent model");
        if (config.bestOfNEnabled() && judge == null) {
            throw new IllegalArgumentException("best-of-" + config.bestOfN() + " user replies need a judge model");
        }
        this.judge = judge;
    }

    public RolloutConfig config() {
        return config;
    }

    /**
     * Rolls one blueprint out. The future completes with an outcome for every kind of trial failure
     * (model errors included); it fails when the domain's environment does
     * ({@link io.apigenmt.topology.environment.EnvironmentException}: the stage redoes the unit or
     * dead-letters it), when a model's endpoint is down
     * ({@link io.apigenmt.topology.health.Unavailable}: the async journal holds and redoes it), and
     * on a defect outside the conversation, which the stage should treat as a failed rollout.
     */
    public CompletableFuture<RolloutOutcome> run(RolloutTask task) {
        Episode.Setup setup;
        try {
            List<JsonNode> tools = OpenAiTools.of(task.domain().tools());
            setup = new Episode.Setup(task, config, user, agent, judge,
                    prompts.agentSystemPrompt(task.domain().policy()),
                    prompts.userSystemPrompt(task.instruction(), task.persona()),
                    tools, prompts, json);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return verifier.expect(task.domain(), task.actions())
                .thenCompose(expected -> trial(1, setup, expected, List.of(), List.of()));
    }

    private CompletableFuture<RolloutOutcome> trial(int n, Episode.Setup setup, Verifier.Expected expected,
                                                    List<RolloutOutcome.TrialFailure> failures, List<TokenUsage> spent) {
        return new Episode(setup, n).play().thenCompose(result -> {
            List<TokenUsage> usage = new ArrayList<>(spent);
            usage.add(result.usage());
            // A conversation broken off by a model error has no final state worth verifying.
            Verification verification = result.failure() == null
                    ? verifier.verify(expected, result.state(), result.messages(), setup.task().outputs())
                    : null;
            RolloutOutcome.TrialFailure failure = failure(n, result, verification);
            if (failure == null) {
                return CompletableFuture.completedFuture(
                        new RolloutOutcome.Verified(result.messages(), n, verification, usage, setup.tools(), failures));
            }
            List<RolloutOutcome.TrialFailure> all = new ArrayList<>(failures);
            all.add(failure);
            if (n < config.maxTrials()) {
                return trial(n + 1, setup, expected, all, usage);
            }
            return CompletableFuture.completedFuture(new RolloutOutcome.AllTrialsFailed(all, usage));
        });
    }

    /** Null when the trial passes; otherwise why it failed. */
    private RolloutOutcome.TrialFailure failure(int n, Episode.Result result, Verification v) {
        if (result.failure() != null) {
            return new RolloutOutcome.TrialFailure(n, result.failure(), null, null, result.messages());
        }
        if (result.endReason() == EndReason.STEP_LIMIT && config.failOnStepLimit()) {
            String summary = "step limit reached: the conversation did not end within " + config.maxAgentSteps() + " agent steps"
                    + (v.passed() ? "" : "; " + v.summary());
            return new RolloutOutcome.TrialFailure(n, summary, v, result.endReason(), result.messages());
        }
        if (v.passed()) {
            return null;
        }
        String prefix = result.endReason() == EndReason.TERMINATING_TOOL ? "the agent transferred to a human agent; " : "";
        return new RolloutOutcome.TrialFailure(n, prefix + v.summary(), v, result.endReason(), result.messages());
    }
}
