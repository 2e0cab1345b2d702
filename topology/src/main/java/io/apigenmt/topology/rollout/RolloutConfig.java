package io.apigenmt.topology.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * How one blueprint is rolled out.
 *
 * @param maxTrials           trials per blueprint before it counts as failed (the paper: 3)
 * @param maxAgentSteps       agent model calls per trial (tau-bench: 30); bounds every trial
 * @param bestOfN             user reply candidates scored by the judge; 1 turns the stabilized user off
 * @param candidateTemperature temperature for best-of-N user candidates (so that they differ);
 *                            ignored when bestOfN is 1, where the user role's own default applies
 * @param callTimeout         guard on any single model call, on top of the client's own timeouts,
 *                            so that a lost response can never park a rollout forever
 * @param failOnStepLimit     a trial cut off by the step limit fails without verification: a
 *                            conversation that never ended is a poor training record even when
 *                            the state happens to match
 * @param keepAgentReasoning  record the agent's chain of thought on its messages (for datasets
 *                            of reasoning traces); off by default: only the content is kept
 */
public record RolloutConfig(
        int maxTrials,
        int maxAgentSteps,
        int bestOfN,
        double candidateTemperature,
        Duration callTimeout,
        boolean failOnStepLimit,
        boolean keepAgentReasoning) {

    public static final int DEFAULT_MAX_TRIALS = 3;
    public static final int DEFAULT_MAX_AGENT_STEPS = 30;

    public RolloutConfig {
        if (maxTrials < 1) {
            throw new IllegalArgumentException("maxTrials must be >= 1, got " + maxTrials);
        }
        if (maxAgentSteps < 1) {
            throw new IllegalArgumentException("maxAgentSteps must be >= 1, got " + maxAgentSteps);
        }
        if (bestOfN < 1) {
            throw new IllegalArgumentException("bestOfN must be >= 1, got " + bestOfN);
        }
        Objects.requireNonNull(callTimeout, "callTimeout");
    }

    /** 3 trials, 30 agent steps, best-of-N off. */
    public static RolloutConfig defaults() {
        return new RolloutConfig(DEFAULT_MAX_TRIALS, DEFAULT_MAX_AGENT_STEPS, 1, 1.0, Duration.ofMinutes(10), true, false);
    }

    public RolloutConfig withMaxTrials(int n) {
        return new RolloutConfig(n, maxAgentSteps, bestOfN, candidateTemperature, callTimeout, failOnStepLimit, keepAgentReasoning);
    }

    public RolloutConfig withMaxAgentSteps(int n) {
        return new RolloutConfig(maxTrials, n, bestOfN, candidateTemperature, callTimeout, failOnStepLimit, keepAgentReasoning);
    }

    public RolloutConfig withBestOfN(int n) {
        return new RolloutConfig(maxTrials, maxAgentSteps, n, candidateTemperature, callTimeout, failOnStepLimit, keepAgentReasoning);
    }

    public RolloutConfig withCallTimeout(Duration timeout) {
        return new RolloutConfig(maxTrials, maxAgentSteps, bestOfN, candidateTemperature, timeout, failOnStepLimit, keepAgentReasoning);
    }

    public RolloutConfig withKeepAgentReasoning(boolean keep) {
        return new RolloutConfig(maxTrials, maxAgentSteps, bestOfN, candidateTemperature, callTimeout, failOnStepLimit, keep);
    }

    public boolean bestOfNEnabled() {
        return bestOfN > 1;
    }
}
