package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.bench.CountingProxy;
import io.apigenmt.topology.bench.InFlightReading;
import io.apigenmt.topology.bench.RelayLatencyProbe;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.sim.SimLlmServer;
import io.apigenmt.topology.sim.SimStats;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What {@code bench} samples at every ledger refresh, and what it found: requests in flight at
 * the model server, counted by the {@link CountingProxy} in front of it (where the server stands,
 * whichever process the workers run in) and, with the built-in simulated model, by the server
 * itself; the workers' adaptive limits, the permits they hold and the calls waiting behind them;
 * the units of work in flight per stage; the relay's own cost; this JVM's heap.
 *
 * <p>The steady state runs from when the server has received {@code concurrency} requests (the
 * ramp is over) until fewer tasks than {@code concurrency} remain unfinished; with N worker
 * processes, {@code concurrency} is the total, N x C. Means in flight are time-weighted over
 * the intervals between refreshes that lie inside it (exact integrals kept by the counters, not
 * samples); the limits are sampled at each refresh within it.
 */
final class BenchSampler {

    private static final long TIMELINE_INTERVAL_NANOS = 1_000_000_000L;
    private static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;
    private static final long READING_INTERVAL_NANOS = 1_000_000_000L;

    private final CountingProxy proxy;
    private final SimLlmServer sim;
    private final RelayLatencyProbe probe;
    private final int concurrency;
    private final Supplier<WorkerReading> workers;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Window atProxy = new Window();
    private final Window atSim = new Window();
    private final List<Object[]> timeline = new ArrayList<>();
    private List<String> stageColumns;
    private long startNanos;
    private long proxyCpuStart;
    private long lastRowNanos;
    private long lastProbeNanos;
    private long lastReadingNanos;
    private WorkerReading first;
    private WorkerReading last;
    private double limitSum;
    private int minLimit = Integer.MAX_VALUE;
    private double permitsSum;
    private double waitingSum;
    private long steadySamples;
    private long peakHeap;

    /**
     * @param sim         the built-in simulated model, or null for an outside server
     * @param concurrency the total concurrency of every worker together
     */
    BenchSampler(CountingProxy proxy, SimLlmServer sim, RelayLatencyProbe probe, int concurrency,
                 Supplier<WorkerReading> workers) {
        this.proxy = proxy;
        this.sim = sim;
        this.probe = probe;
        this.concurrency = concurrency;
        this.workers = workers;
    }

    /** The measurement starts: counters reset, first readings taken. */
    void start() {
        proxy.reset();
        if (sim != null) {
            sim.resetStats();
        }
        startNanos = System.nanoTime();
        proxyCpuStart = proxy.cpuNanos();
        atProxy.begin(proxy.read());
        if (sim != null) {
            atSim.begin(simReading());
        }
        first = workers.get();
        last = first;
        lastReadingNanos = System.nanoTime();
    }

    void sample(Ledger ledger) {
        InFlightReading p = proxy.read();
        InFlightReading s = sim == null ? null : simReading();
        boolean rampDone = modelCalls(p) >= concurrency;
        boolean enoughWork = ledger.inFlight() >= concurrency;
        boolean steady = rampDone && enoughWork;
        atProxy.add(p, steady);
        if (s != null) {
            atSim.add(s, steady);
        }
        if (p.atNanos() - lastReadingNanos >= READING_INTERVAL_NANOS) {
            lastReadingNanos = p.atNanos();
            last = workers.get(); // the workers' metrics change once a scrape; reading them costs a little
        }
        WorkerReading now = last;
        if (steady) {
            // Why slots stay empty: the limit shrank, calls wait behind it, or permits are held off the server.
            steadySamples++;
            limitSum += now.limit();
            minLimit = Math.min(minLimit, now.limit());
            permitsSum += now.permitsHeld();
            waitingSum += now.waiting();
            if (p.atNanos() - lastProbeNanos >= PROBE_INTERVAL_NANOS) {
                lastProbeNanos = p.atNanos();
                probeRelay();
            }
        }
        if (p.atNanos() - lastRowNanos >= TIMELINE_INTERVAL_NANOS) {
            lastRowNanos = p.atNanos();
            addRow(p, s, now, ledger);
        }
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
    }

    /** Chat completions the workers sent so far: requests through the relay but the probe's. */
    long modelCalls() {
        return modelCalls(proxy.read());
    }

    boolean steady() {
        return atProxy.steadyNanos > 0;
    }

    /** Mean in flight at the relay over the steady state (over the whole run when there was none). */
    double meanInFlight() {
        return atProxy.mean();
    }

    /** This JVM's highest heap-in-use sample. */
    long peakHeapMb() {
        return peakHeap / (1024 * 1024);
    }

    /**
     * Puts what was measured into {@code result}: in flight at the relay (and at the simulated
     * server), the limits, the relay's cost and the timeline.
     *
     * @param total the concurrency of every worker together
     */
    void report(ObjectNode result, int total) {
        result.put("steady_state", steady());
        result.put("steady_state_seconds", round(atProxy.steadyNanos / 1e9));
        result.put("in_flight_measured_at", "a counting relay between the workers and the model server");
        result.put("mean_in_flight", round(atProxy.mean()));
        result.put("mean_in_flight_ratio", round(atProxy.mean() / total));
        result.put("max_in_flight", proxy.maxInFlight());
        if (sim != null) {
            result.put("sim_mean_in_flight", round(atSim.mean()));
            result.put("sim_mean_in_flight_ratio", round(atSim.mean() / total));
            result.put("sim_max_in_flight", sim.stats().maxInFlight());
        }
        result.put("mean_concurrency_limit", steadySamples == 0 ? null : round(limitSum / steadySamples));
        result.put("min_concurrency_limit", steadySamples == 0 ? null : minLimit);
        result.put("mean_permits_held", steadySamples == 0 ? null : round(permitsSum / steadySamples));
        result.put("mean_waiting_for_permit", steadySamples == 0 ? null : round(waitingSum / steadySamples));
        if (first != null) {
            WorkerReading end = workers.get();
            ObjectNode decreases = result.putObject("limit_decreases");
            decreases.put("latency", end.latencyDecreases() - first.latencyDecreases());
            decreases.put("overload", end.overloadDecreases() - first.overloadDecreases());
            long calls = end.calls() - first.calls();
            long serverCalls = end.serverCalls() - first.serverCalls();
            result.put("mean_call_latency_ms", calls == 0 ? null : round((end.callSeconds() - first.callSeconds()) * 1e3 / calls));
            result.put("mean_server_latency_ms", serverCalls == 0 ? null
                    : round((end.serverSeconds() - first.serverSeconds()) * 1e3 / serverCalls));
        }
        reportRelay(result.putObject("relay"));
        reportTimeline(result.putObject("timeline"));
    }

    private void reportRelay(ObjectNode relay) {
        InFlightReading whole = proxy.read();
        long requests = whole.started();
        long cpu = proxy.cpuNanos();
        relay.put("requests", requests);
        // Little's law over the run: the mean time a request spent at the server, as the relay saw it.
        relay.put("mean_request_ms", requests == 0 ? null : round(whole.requestSeconds() * 1e3 / requests));
        relay.put("connections", proxy.connectionsAccepted());
        relay.put("cpu_seconds", cpu < 0 || proxyCpuStart < 0 ? null : round((cpu - proxyCpuStart) / 1e9));
        relay.put("cpu_us_per_request", cpu < 0 || proxyCpuStart < 0 || requests == 0 ? null
                : round((cpu - proxyCpuStart) / 1e3 / requests));
        relay.put("added_latency_ms", probe.medianAddedMs() == null ? null : round(probe.medianAddedMs()));
        relay.put("direct_latency_ms", probe.medianDirectMs() == null ? null : round(probe.medianDirectMs()));
        relay.put("probe_pairs", probe.pairs());
        if (probe.failure() != null) {
            relay.put("probe_failure", probe.failure());
        }
        relay.put("note", "mean_request: first byte of a request in to first byte of its answer back, over the run; "
                + "cpu: the relay thread's CPU over the run; added_latency: median difference of paired "
                + "GET /models round trips through the relay and straight to the server, one pair a second in the steady state");
    }

    private void reportTimeline(ObjectNode out) {
        out.put("interval_seconds", TIMELINE_INTERVAL_NANOS / 1e9);
        ArrayNode fields = out.putArray("fields");
        for (String f : List.of("t", "in_flight", "sim_in_flight", "limit", "permits_held", "waiting", "unfinished_tasks")) {
            fields.add(f);
        }
        List<String> stages = stageColumns == null ? List.of() : stageColumns;
        stages.forEach(stage -> fields.add("units_" + stage));
        ArrayNode rows = out.putArray("rows");
        for (Object[] row : timeline) {
            ArrayNode r = rows.addArray();
            for (Object v : row) {
                if (v == null) {
                    r.addNull();
                } else if (v instanceof Double d) {
                    r.add(d);
                } else {
                    r.add(((Number) v).longValue());
                }
            }
        }
        out.put("note", "t: seconds since seeding; in_flight: at the relay; limit, permits_held (calls holding a permit, "
                + "on the server or not), waiting: the workers' adaptive limits; units: units of work in flight per stage");
    }

    private void addRow(InFlightReading p, InFlightReading s, WorkerReading now, Ledger ledger) {
        if (stageColumns == null) {
            stageColumns = List.copyOf(new TreeMap<>(now.unitsByStage()).keySet());
        }
        Object[] row = new Object[7 + stageColumns.size()];
        row[0] = round((p.atNanos() - startNanos) / 1e9);
        row[1] = p.inFlight();
        row[2] = s == null ? null : s.inFlight();
        row[3] = now.limit();
        row[4] = now.permitsHeld();
        row[5] = now.waiting();
        row[6] = ledger.inFlight();
        for (int i = 0; i < stageColumns.size(); i++) {
            row[7 + i] = now.unitsByStage().getOrDefault(stageColumns.get(i), 0L);
        }
        timeline.add(row);
    }

    private void probeRelay() {
        try {
            probe.probe();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the relay", e);
        }
    }

    private long modelCalls(InFlightReading p) {
        return p.started() - probe.relayedRequests();
    }

    private InFlightReading simReading() {
        SimStats.Snapshot s = sim.stats();
        return new InFlightReading(s.inFlight(), s.total(), s.inFlightSeconds(), System.nanoTime());
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** A counter's readings folded into its mean over the steady state, and over the whole run. */
    private static final class Window {
        private InFlightReading begin;
        private InFlightReading previous;
        private boolean previousSteady;
        private double steadyRequestSeconds;
        private long steadyNanos;

        void begin(InFlightReading reading) {
            begin = reading;
            previous = reading;
        }

        /** An interval counts when the refreshes at both its ends were in the steady state. */
        void add(InFlightReading reading, boolean steady) {
            if (steady && previousSteady) {
                steadyRequestSeconds += reading.requestSeconds() - previous.requestSeconds();
                steadyNanos += reading.atNanos() - previous.atNanos();
            }
            previous = reading;
            previousSteady = steady;
        }

        double mean() {
            if (steadyNanos > 0) {
                return steadyRequestSeconds * 1e9 / steadyNanos;
            }
            return begin == null ? 0 : previous.meanSince(begin);
        }
    }
}
