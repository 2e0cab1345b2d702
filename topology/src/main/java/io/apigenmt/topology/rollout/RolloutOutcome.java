package io.apigenmt.topology.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.TokenUsage;
import java.util.List;
import java.util.stream.Collectors;

/** What rolling out one blueprint came to: a verified trajectory, or every trial failed. */
public sealed interface RolloutOutcome permits RolloutOutcome.Verified, RolloutOutcome.AllTrialsFailed {

    /** Tokens and calls of each trial played, in order (index 0 is trial 1). */
    List<TokenUsage> usageByTrial();

    /** Tokens and calls over every trial, the failed ones included. */
    default TokenUsage usage() {
        return usageByTrial().stream().reduce(TokenUsage.NONE, TokenUsage::plus);
    }

    /** Trials played (1-based count). */
    int trials();

    /**
     * The first passing trial.
     *
     * @param messages     the training record: system (the policy), the greeting, then user,
     *                     assistant (with tool calls) and tool messages in order
     * @param trial        which trial passed, 1-based
     * @param tools        the OpenAI tool objects the agent was offered
     * @param failedTrials the trials before it, each with why it failed
     */
    record Verified(
            List<ChatMessage> messages,
            int trial,
            Verification verification,
            List<TokenUsage> usageByTrial,
            List<JsonNode> tools,
            List<TrialFailure> failedTrials) implements RolloutOutcome {

        public Verified {
            messages = List.copyOf(messages);
            usageByTrial = List.copyOf(usageByTrial);
            tools = List.copyOf(tools);
            failedTrials = List.copyOf(failedTrials);
        }

        @Override
        public int trials() {
            return trial;
        }

        /** The agent's system prompt: the domain policy, as the first message carries it. */
        public String systemPrompt() {
            return messages.get(0).content();
        }
    }

    /** Every trial failed; {@link #summary()} is the rollout summary for the retry topic. */
    record AllTrialsFailed(List<TrialFailure> failures, List<TokenUsage> usageByTrial) implements RolloutOutcome {

        public AllTrialsFailed {
            failures = List.copyOf(failures);
            usageByTrial = List.copyOf(usageByTrial);
        }

        @Override
        public int trials() {
            return failures.size();
        }

        /** One line per trial: "trial 1: state mismatch: ...". */
        public String summary() {
            return failures.stream().map(f -> "trial " + f.trial() + ": " + f.summary()).collect(Collectors.joining("\n"));
        }

        /** True when every trial failed because a model call failed (worth retrying later as is). */
        public boolean allModelErrors() {
            return failures.stream().allMatch(TrialFailure::modelError);
        }
    }

    /**
     * One failed trial.
     *
     * @param summary      what failed, e.g. "state mismatch: ..." or "model error: ..."
     * @param verification the verdict, or null when the trial never reached verification
     * @param endReason    how the conversation ended, or null when a model call failed
     * @param messages     the conversation as far as it got (for debugging; not a training record)
     */
    record TrialFailure(int trial, String summary, Verification verification, EndReason endReason, List<ChatMessage> messages) {

        public TrialFailure {
            messages = List.copyOf(messages);
        }

        public boolean modelError() {
            return endReason == null;
        }
    }
}
