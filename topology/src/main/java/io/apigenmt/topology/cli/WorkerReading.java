package io.apigenmt.topology.cli;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code bench} reads from a worker's metrics while it runs, summed over its endpoints (and,
 * with {@link #plus}, over worker processes): the adaptive limits, the permits held (calls in
 * flight as the client counts them, at the server or not), the calls waiting for one, the limits'
 * decreases by cause, the units of work in flight per stage, and the model calls' latency as the
 * caller waits for it and as the server held it (sums and counts, so that means over an interval
 * are differences of two readings).
 */
record WorkerReading(int limit, int permitsHeld, int waiting, long latencyDecreases, long overloadDecreases,
                     Map<String, Long> unitsByStage, double callSeconds, long calls, double serverSeconds, long serverCalls) {

    static final String LIMIT = "apigen_llm_concurrency_limit";
    static final String PERMITS_HELD = "apigen_llm_in_flight";
    static final String WAITING = "apigen_llm_waiting";
    static final String LIMIT_DECREASES = "apigen_llm_concurrency_decreases_total";
    static final String STAGE_UNITS = "apigen_stage_in_flight";
    static final String CALL_LATENCY = "apigen_llm_latency_seconds";
    static final String SERVER_LATENCY = "apigen_llm_server_latency_seconds";

    /** The metric families (and the sample names of the timers' sums and counts) to ask a worker for. */
    static final Set<String> FAMILIES = Set.of(LIMIT, PERMITS_HELD, WAITING, LIMIT_DECREASES, STAGE_UNITS,
            CALL_LATENCY, CALL_LATENCY + "_sum", CALL_LATENCY + "_count",
            SERVER_LATENCY, SERVER_LATENCY + "_sum", SERVER_LATENCY + "_count");

    static final WorkerReading NONE = new WorkerReading(0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0);

    WorkerReading {
        unitsByStage = Map.copyOf(unitsByStage);
    }

    static WorkerReading of(PromText metrics) {
        Map<String, Long> units = new TreeMap<>();
        metrics.sumBy(STAGE_UNITS, "stage").forEach((stage, n) -> units.put(stage, Math.round(n)));
        return new WorkerReading(
                (int) metrics.sum(LIMIT),
                (int) metrics.sum(PERMITS_HELD),
                (int) metrics.sum(WAITING),
                Math.round(metrics.sum(LIMIT_DECREASES, l -> "latency".equals(l.get("cause")))),
                Math.round(metrics.sum(LIMIT_DECREASES, l -> "overload".equals(l.get("cause")))),
                units,
                metrics.sum(CALL_LATENCY + "_sum"),
                Math.round(metrics.sum(CALL_LATENCY + "_count")),
                metrics.sum(SERVER_LATENCY + "_sum"),
                Math.round(metrics.sum(SERVER_LATENCY + "_count")));
    }

    WorkerReading plus(WorkerReading o) {
        Map<String, Long> units = new TreeMap<>(unitsByStage);
        o.unitsByStage.forEach((stage, n) -> units.merge(stage, n, Long::sum));
        return new WorkerReading(limit + o.limit, permitsHeld + o.permitsHeld, waiting + o.waiting,
                latencyDecreases + o.latencyDecreases, overloadDecreases + o.overloadDecreases, units,
                callSeconds + o.callSeconds, calls + o.calls, serverSeconds + o.serverSeconds, serverCalls + o.serverCalls);
    }
}
