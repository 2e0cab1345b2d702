package io.apigenmt.topology.cli;

import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimReasoning;
import picocli.CommandLine.Option;

/**
 * How the built-in simulated model behaves, for run, bench and sim-llm: one name and one default
 * per flag. {@code --sim-latency-ms} and {@code --sim-fault-rate} (run's names before) still work.
 */
final class SimModelOptions {

    @Option(names = {"--latency-ms", "--sim-latency-ms"}, defaultValue = "0", paramLabel = "MS",
            description = "Fixed delay of the simulated model before every answer. Default: ${DEFAULT-VALUE}.")
    long latencyMs;

    @Option(names = {"--jitter-ms", "--sim-jitter-ms"}, defaultValue = "0", paramLabel = "MS",
            description = "Extra random delay per answer, up to this many ms. Default: ${DEFAULT-VALUE}.")
    long jitterMs;

    @Option(names = {"--fault-rate", "--sim-fault-rate"}, defaultValue = "0", paramLabel = "F",
            description = "Share of answers that are injected faults (429, 500, slow, truncated, not JSON), 0-1. Default: ${DEFAULT-VALUE}.")
    double faultRate;

    @Option(names = "--defect-rate", defaultValue = "" + SimLlmOptions.DEFAULT_DEFECT_RATE, paramLabel = "F",
            description = "Share of first blueprints with a defect, 0-1. Default: ${DEFAULT-VALUE}.")
    double defectRate;

    @Option(names = "--revision-fix-rate", defaultValue = "" + SimLlmOptions.DEFAULT_REVISION_FIX_RATE, paramLabel = "F",
            description = "Share of revisions that fix the blueprint, 0-1. Default: ${DEFAULT-VALUE}.")
    double revisionFixRate;

    @Option(names = "--judge-noise", defaultValue = "" + SimLlmOptions.DEFAULT_JUDGE_NOISE, paramLabel = "F",
            description = "Per-item probability that a judge flips a score, 0-1. Default: ${DEFAULT-VALUE}.")
    double judgeNoise;

    @Option(names = "--agent-error-rate", defaultValue = "" + SimLlmOptions.DEFAULT_AGENT_ERROR_RATE, paramLabel = "F",
            description = "How often the simulated agent errs, 0-1. Default: ${DEFAULT-VALUE}.")
    double agentErrorRate;

    @Option(names = {"--reasoning", "--sim-reasoning"}, defaultValue = "none", paramLabel = "SHAPE",
            description = "Answer like a reasoning model, in one server's shape: none, think, think-close-only, think-unclosed,"
                    + " reasoning-content, reasoning. Default: ${DEFAULT-VALUE}.")
    String reasoning;

    /**
     * The simulated model these flags describe, on a free loopback port.
     *
     * @throws UsageException naming the first bad flag
     */
    SimLlmOptions options(long randomSeed) {
        atLeastZero("--latency-ms", latencyMs);
        atLeastZero("--jitter-ms", jitterMs);
        rate("--fault-rate", faultRate);
        rate("--defect-rate", defectRate);
        rate("--revision-fix-rate", revisionFixRate);
        rate("--judge-noise", judgeNoise);
        rate("--agent-error-rate", agentErrorRate);
        SimReasoning shape;
        try {
            shape = SimReasoning.parse(reasoning);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--reasoning: " + e.getMessage());
        }
        return new SimLlmOptions(0, "127.0.0.1", latencyMs, jitterMs, faultRate, randomSeed, defectRate, revisionFixRate,
                judgeNoise, agentErrorRate, shape);
    }

    private static void atLeastZero(String flag, long value) {
        if (value < 0) {
            throw new UsageException(flag + " must be >= 0, got " + value);
        }
    }

    private static void rate(String flag, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new UsageException(flag + " must be in [0, 1], got " + value);
        }
    }
}
