package io.apigenmt.topology.sim;

/**
 * How the simulated model server behaves.
 *
 * @param port            TCP port; 0 picks a free one
 * @param host            bind address; loopback by default (the server has no authentication)
 * @param latencyMs       fixed delay before every answer
 * @param jitterMs        extra delay, uniform in [0, jitterMs], per request
 * @param faultRate       share of requests answered with an injected fault (429, 500, slow,
 *                        truncated body, non-JSON content; evenly split)
 * @param randomSeed      the server seed: answers are a function of (seed, request body)
 * @param defectRate      share of first-generation blueprints with a defect (format,
 *                        execution, policy, instruction mismatch; evenly split)
 * @param revisionFixRate share of revision requests answered with the corrected blueprint
 * @param judgeNoise      per-item probability that a judge flips its score
 * @param agentErrorRate  how often the simulated agent errs (used by the Phase-2 roles)
 * @param reasoning       answer like a reasoning model: where every answer carries its chain of thought
 */
public record SimLlmOptions(
        int port,
        String host,
        long latencyMs,
        long jitterMs,
        double faultRate,
        long randomSeed,
        double defectRate,
        double revisionFixRate,
        double judgeNoise,
        double agentErrorRate,
        SimReasoning reasoning) {

    public static final long DEFAULT_RANDOM_SEED = 42;
    public static final double DEFAULT_DEFECT_RATE = 0.3;
    public static final double DEFAULT_REVISION_FIX_RATE = 0.85;
    public static final double DEFAULT_JUDGE_NOISE = 0.1;
    public static final double DEFAULT_AGENT_ERROR_RATE = 0.1;

    public SimLlmOptions {
        if (reasoning == null) {
            reasoning = SimReasoning.NONE;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 but was " + port);
        }
        if (host == null || host.isBlank()) {
            host = "127.0.0.1";
        }
        if (latencyMs < 0 || jitterMs < 0) {
            throw new IllegalArgumentException("latency and jitter must be >= 0");
        }
        rate("fault rate", faultRate);
        rate("defect rate", defectRate);
        rate("revision fix rate", revisionFixRate);
        rate("judge noise", judgeNoise);
        rate("agent error rate", agentErrorRate);
    }

    /** Free port, no latency, no faults, seed 42, defect rate 0.3, fix rate 0.85, judge noise 0.1, agent errors 0.1. */
    public static SimLlmOptions defaults() {
        return new SimLlmOptions(0, "127.0.0.1", 0, 0, 0.0, DEFAULT_RANDOM_SEED, DEFAULT_DEFECT_RATE,
                DEFAULT_REVISION_FIX_RATE, DEFAULT_JUDGE_NOISE, DEFAULT_AGENT_ERROR_RATE, SimReasoning.NONE);
    }

    private static void rate(String what, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in [0, 1] but was " + value);
        }
    }

    public SimLlmOptions withPort(int p) {
        return new SimLlmOptions(p, host, latencyMs, jitterMs, faultRate, randomSeed, defectRate, revisionFixRate, judgeNoise, agentErrorRate, reasoning);
    }

    public SimLlmOptions withHost(String h) {
        return new SimLlmOptions(port, h, latencyMs, jitterMs, faultRate, randomSeed, defectRate, revisionFixRate, judgeNoise, agentErrorRate, reasoning);
    }

    public SimLlmOptions withLatency(long latency, long jitter) {
        return new SimLlmOptions(port, host, latency, jitter, faultRate, randomSeed, defectRate, revisionFixRate, judgeNoise, agentErrorRate, reasoning);
    }

    public SimLlmOptions withFaultRate(double f) {
        return new SimLlmOptions(port, host, latencyMs, jitterMs, f, randomSeed, defectRate, revisionFixRate, judgeNoise, agentErrorRate, reasoning);
    }

    public SimLlmOptions withRandomSeed(long s) {
        return new SimLlmOptions(port, host, latencyMs, jitterMs, faultRate, s, defectRate, revisionFixRate, judgeNoise, agentErrorRate, reasoning);
    }

    public SimLlmOptions withDefectRate(double d) {
        return new SimLlmOptions(port, host, latencyMs, jitterMs, faultRate, randomSeed, d, revisionFixRate, judgeNoise, agentErrorRate, reasoning);
    }

    public SimLlmOptions withRevisionFixRate(double r) {
        return new SimLlmOptions(port, host, latencyMs, jitterMs, faultRate, randomSeed, defectRate, r, judgeNoise, agentErrorRate, reasoning);
    }

    public SimLlmOptions withJudgeNoise(double n) {
        return new SimLlmOptions(port, host, latencyMs, jitterMs, faultRate, randomSeed, defectRate, revisionFixRate, n, agentErrorRate, reasoning);
    }

    public SimLlmOptions withAgentErrorRate(double e) {
        return new SimLlmOptions(port, host, latencyMs, jitterMs, faultRate, randomSeed, defectRate, revisionFixRate, judgeNoise, e, reasoning);
    }

    public SimLlmOptions withReasoning(SimReasoning r) {
        return new SimLlmOptions(port, host, latencyMs, jitterMs, faultRate, randomSeed, defectRate, revisionFixRate, judgeNoise,
                agentErrorRate, r);
    }
}
