package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.llm.AdaptiveLimit;
import io.apigenmt.topology.llm.LlmRuntime;
import io.apigenmt.topology.pipeline.Ledger;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen bench}: runs the whole pipeline against the simulated model with a given latency
 * and fault rate and prints one JSON object of throughput and saturation figures.
 *
 * <p>Saturation is the mean number of requests in flight at the model server during the steady
 * state: from when the server has received {@code concurrency} requests (the ramp is over)
 * until fewer tasks than {@code concurrency} remain unfinished (from then on the pipeline cannot
 * fill the slots, whatever it does).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks the pipeline against the built-in simulated model; prints one JSON object.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--tasks", defaultValue = "200", paramLabel = "N", description = "Tasks per domain. Default: ${DEFAULT-VALUE}.")
    int tasks;

    @Option(names = "--domains", defaultValue = "retail,airline", split = ",", paramLabel = "LIST", description = "Default: ${DEFAULT-VALUE}.")
    List<String> domains;

    @Option(names = "--latency-ms", defaultValue = "200", paramLabel = "MS", description = "Model latency. Default: ${DEFAULT-VALUE}.")
    long latencyMs;

    @Option(names = "--jitter-ms", defaultValue = "0", paramLabel = "MS", description = "Extra random latency, 0..J. Default: ${DEFAULT-VALUE}.")
    long jitterMs;

    @Option(names = "--fault-rate", defaultValue = "0", paramLabel = "F", description = "Injected model faults. Default: ${DEFAULT-VALUE}.")
    double faultRate;

    @Option(names = "--concurrency", defaultValue = "64", paramLabel = "C", description = "Model calls in flight per endpoint. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--partitions", defaultValue = "8", paramLabel = "N", description = "Partitions per topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--random-seed", defaultValue = "7", paramLabel = "S", description = "Default: ${DEFAULT-VALUE}.")
    long randomSeed;

    @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS", description = "Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--work-dir", defaultValue = "target/bench", paramLabel = "DIR", description = "Where the worker keeps its state. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (tasks < 1 || concurrency < 1 || latencyMs < 0 || jitterMs < 0 || !(faultRate >= 0 && faultRate <= 1)) {
            throw new UsageException("--tasks and --concurrency must be >= 1, latencies >= 0, --fault-rate in [0, 1]");
        }
        PrintWriter log = spec.commandLine().getErr();
        SimLlmOptions simOptions = SimLlmOptions.defaults().withRandomSeed(randomSeed)
                .withLatency(latencyMs, jitterMs).withFaultRate(faultRate);
        Files.createDirectories(workDir);
        try (PipelineSession session = new PipelineSession(pipeline, null, concurrency, partitions, simOptions, workDir, DomainRegistry.load(), log)) {
            SimLlmServer sim = session.sim();
            if (sim == null) {
                throw new UsageException("bench measures the built-in simulated model; do not configure an LLM endpoint");
            }
            Sampler sampler = new Sampler(sim, concurrency, session.launcher().llm());
            sim.resetStats();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            Set<String> seeds = session.publish(domains, tasks, randomSeed);
            Ledger ledger = session.await(seeds, Duration.ofSeconds(timeoutSeconds), sampler::sample);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            ObjectMapper json = new ObjectMapper();
            ObjectNode result = json.createObjectNode();
            result.put("tasks", ledger.requested());
            result.put("verified", ledger.verified());
            result.put("dead_lettered", ledger.deadLettered());
            result.put("seconds", round(seconds));
            result.put("verified_per_second", round(ledger.verified() / seconds));
            long calls = sim.stats().total();
            result.put("llm_calls", calls);
            result.put("llm_calls_per_second", round(calls / seconds));
            result.put("concurrency", concurrency);
            result.put("latency_ms", latencyMs);
            result.put("fault_rate", faultRate);
            result.put("steady_state", sampler.steady());
            result.put("mean_in_flight", round(sampler.meanInFlight()));
            result.put("mean_in_flight_ratio", round(sampler.meanInFlight() / concurrency));
            result.put("max_in_flight", sim.stats().maxInFlight());
            result.put("mean_concurrency_limit", round(sampler.meanLimit()));
            result.put("mean_waiting_for_permit", round(sampler.meanWaiting()));
            result.put("cpu_seconds_per_verified", ledger.verified() == 0 ? null : round(cpuSeconds / ledger.verified()));
            result.put("cpu_note", "whole JVM: worker, embedded broker and simulated model together");
            result.put("peak_heap_mb", sampler.peakHeapMb());
            spec.commandLine().getOut().println(json.writeValueAsString(result));
            return ExitCodes.OK;
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Samples the model server's in-flight count at every ledger refresh, within the steady state. */
    private static final class Sampler {
        private final SimLlmServer sim;
        private final int concurrency;
        private final LlmRuntime llm;
        private double limitSum;
        private double waitingSum;
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private long steadySamples;
        private double steadySum;
        private long allSamples;
        private double allSum;
        private long peakHeap;

        Sampler(SimLlmServer sim, int concurrency, LlmRuntime llm) {
            this.sim = sim;
            this.concurrency = concurrency;
            this.llm = llm;
        }

        void sample(Ledger ledger) {
            var stats = sim.stats();
            allSamples++;
            allSum += stats.inFlight();
            boolean rampDone = stats.total() >= concurrency;
            boolean enoughWork = ledger.inFlight() >= concurrency;
            if (rampDone && enoughWork) {
                steadySamples++;
                steadySum += stats.inFlight();
                // The adaptive per-endpoint limit and the calls queued behind it: why slots stay empty.
                limitSum += llm.limiters().values().stream().mapToInt(AdaptiveLimit::limit).sum();
                waitingSum += llm.limiters().values().stream().mapToInt(AdaptiveLimit::waiting).sum();
            }
            peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        }

        boolean steady() {
            return steadySamples > 0;
        }

        /** Over the steady state, or over the whole run when it never reached one (too few tasks). */
        double meanInFlight() {
            return steadySamples > 0 ? steadySum / steadySamples : allSamples == 0 ? 0 : allSum / allSamples;
        }

        double meanLimit() {
            return steadySamples == 0 ? 0 : limitSum / steadySamples;
        }

        double meanWaiting() {
            return steadySamples == 0 ? 0 : waitingSum / steadySamples;
        }

        long peakHeapMb() {
            return peakHeap / (1024 * 1024);
        }
    }
}
