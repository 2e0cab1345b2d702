package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.llm.EndpointConfig;
import io.apigenmt.topology.bench.CountingProxy;
import io.apigenmt.topology.bench.RelayLatencyProbe;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.config.Resolution;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen bench}: runs the whole pipeline against the simulated model with a given latency
 * and fault rate, or against any OpenAI-compatible server ({@code --llm-base-url}), and prints
 * one JSON object of throughput and saturation figures.
 *
 * <p>Saturation is the mean number of requests in flight at the model server during the steady
 * state: from when the server has received {@code concurrency} requests (the ramp is over)
 * until fewer tasks than {@code concurrency} remain unfinished (from then on the pipeline cannot
 * fill the slots, whatever it does). With N worker processes the concurrency is N x C. It is
 * counted where the server stands: every model call goes through a {@link CountingProxy} in this
 * JVM; with the simulated model its own count is reported beside it.
 *
 * <p>By default the worker runs in this JVM beside the broker, registry and simulated model.
 * With {@code --workers N} (N >= 2, or {@code --fork}) this JVM hosts only those, and N
 * {@code apigen worker} processes run every stage against them; CPU and heap are then reported
 * per worker process, and this JVM's CPU separately.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks the pipeline against the built-in simulated model or a model server; prints one JSON object.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    WorkerOptions sizing;

    @Option(names = "--tasks", defaultValue = "200", paramLabel = "N", description = "Tasks per domain. Default: ${DEFAULT-VALUE}.")
    int tasks;

    @Mixin
    WorkloadOptions workload;

    @Mixin
    SimModelOptions simModel;

    @Mixin
    ModelOption model;

    @Mixin
    RandomSeedOption randomSeed;

    @Mixin
    EnvironmentOptions environments;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Worker processes, each running every stage with --concurrency C. 1 (default) runs the worker in this JVM unless --fork is given.")
    int workers;

    @Option(names = "--fork", description = "Run the worker(s) as separate JVMs even with --workers 1 (implied by --workers 2 or more).")
    boolean fork;

    @Option(names = "--worker-heap", defaultValue = "768m", paramLabel = "SIZE", description = "-Xmx of each worker process. Default: ${DEFAULT-VALUE}.")
    String workerHeap;

    @Option(names = "--worker-java-opts", defaultValue = "", paramLabel = "OPTS",
            description = "More JVM options of each worker process, space-separated (e.g. a GC choice or a profiler agent).")
    String workerJavaOpts;

    @Option(names = "--work-dir", defaultValue = "target/bench", paramLabel = "DIR", description = "Where the workers keep their state and logs. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    private static final long MB = 1024 * 1024;
    private static final int MAX_WORKERS = 64;
    private static final Duration WORKERS_READY = Duration.ofSeconds(180);
    private static final Duration WORKER_STOP_GRACE = Duration.ofSeconds(60);
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

    /** In front of the model server while the session runs; started by the session through {@link #relayTo}. */
    private CountingProxy proxy;
    private RelayLatencyProbe probe;
    private String modelServer;

    @Override
    public Integer call() throws Exception {
        validate();
        SimLlmOptions simOptions = simModel.options(randomSeed.value);
        ConfigLoader layers = pipeline.layers(sizing, model, environments);
        // A bad setting, several model servers or one the relay cannot front fail now, before the
        // domains load (a config file's domain_data is honoured).
        Resolution resolved = layers.resolve();
        PipelineConfig config = resolved.config(PipelineConfig.class);
        relayable(PipelineSession.onlyModelServer(config));
        DomainRegistry registry = DomainSource.load(resolved);
        workload.validate(Domains.names(registry, config.environments()));
        PrintWriter log = spec.commandLine().getErr();
        EnvironmentPreflight.check(config, workload.domains, log);
        Files.createDirectories(workDir);
        Path logFile = pipeline.logTo(workDir.resolve("logs").resolve("bench.log"));
        if (logFile != null) {
            log.println("logs in " + logFile);
        }
        boolean separate = fork || workers > 1;
        try (PipelineSession session = new PipelineSession(layers, simOptions, workDir, registry, log, !separate,
                pipeline.environment(), List.of(), this::relayTo)) {
            SimLlmServer sim = session.sim();
            log.println("model calls counted at " + proxy.baseUrl() + " in front of " + (sim == null ? "the model server" : "the simulated model"));
            log.flush();
            double loadBefore = loadAverage();
            ObjectNode result = separate ? inProcesses(session, sim, log) : inThisJvm(session, sim);
            result.put("load_average_before", loadBefore);
            result.put("load_average_after", loadAverage());
            spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(result));
            return ExitCodes.OK;
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    /** Starts the counting relay in front of the model server; the workers call the URL it returns. */
    private String relayTo(String modelServer) {
        this.modelServer = modelServer;
        try {
            proxy = CountingProxy.start(modelServer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the counting relay: " + e.getMessage(), e);
        }
        probe = new RelayLatencyProbe(modelServer, proxy.baseUrl());
        return proxy.baseUrl();
    }

    private static URI relayable(String modelServer) {
        try {
            return CountingProxy.relayable(modelServer);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--llm-base-url: " + e.getMessage());
        }
    }

    private void validate() {
        if (tasks < 1) {
            throw new UsageException("--tasks must be at least 1, got " + tasks);
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new UsageException("--workers must be 1.." + MAX_WORKERS + ", got " + workers);
        }
        if (!workerHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new UsageException("--worker-heap must be a size like 768m or 2g, got '" + workerHeap + "'");
        }
        for (String opt : javaOpts()) {
            if (!opt.startsWith("-") || opt.startsWith("-Xmx")) {
                throw new UsageException("--worker-java-opts takes JVM options starting with '-' (the heap is --worker-heap), got '" + opt + "'");
            }
        }
    }

    /**
     * Model calls in flight per worker at the simulated server, where saturation is measured: the
     * largest bound of the roles (all of them share its one endpoint and so its limiter).
     */
    private static int concurrency(PipelineConfig config) {
        return config.llm().allRoles().stream().mapToInt(EndpointConfig::maxConcurrency).max().orElseThrow();
    }

    /** The worker in this JVM with the broker, registry and simulated model. */
    private ObjectNode inThisJvm(PipelineSession session, SimLlmServer sim) throws InterruptedException {
        WorkerLauncher launcher = session.launcher();
        int concurrency = concurrency(session.config());
        BenchSampler sampler = new BenchSampler(proxy, sim, probe, concurrency,
                () -> WorkerReading.of(launcher.metrics(WorkerReading.FAMILIES)));
        sampler.start();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        Set<String> seeds = session.publish(workload.domains, tasks, randomSeed.value);
        Ledger ledger = await(session, seeds, sampler::sample);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        ObjectNode result = figures(ledger, seconds, sim, sampler, 1, concurrency, session.config());
        result.put("separate_processes", false);
        result.put("cpu_seconds_per_verified", perVerified(cpuSeconds, ledger));
        result.put("cpu_note", "whole JVM: worker, embedded broker and simulated model together");
        result.put("peak_heap_mb", sampler.peakHeapMb());
        System.gc();
        result.put("heap_after_gc_mb", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB);
        result.put("heap_note", "whole JVM; peak: highest heap-in-use sample (one per ledger refresh, 4/s); "
                + "after_gc: heap in use after a full collection at the end of the run");
        return result;
    }

    /** N worker processes against this JVM's broker, registry and simulated model. */
    private ObjectNode inProcesses(PipelineSession session, SimLlmServer sim, PrintWriter log) throws Exception {
        PipelineConfig config = session.config();
        int concurrency = concurrency(config);
        Path logDir = Files.createDirectories(workDir.resolve("logs"));
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + workerHeap));
        jvm.addAll(javaOpts());
        log.println("starting " + workers + " worker processes (" + String.join(" ", jvm) + ", logs in " + logDir.toAbsolutePath() + ")...");
        log.flush();
        try (WorkerFleet fleet = WorkerFleet.start(workers, "bench-worker", jvm, workerArgs(session),
                workerEnv(config), logDir, SCRAPE_INTERVAL)) {
            fleet.awaitReady(WORKERS_READY, log);
            BenchSampler sampler = new BenchSampler(proxy, sim, probe, workers * concurrency, fleet::reading);
            fleet.markStart();
            sampleFleet(fleet); // the limits' counters as the measurement starts
            sampler.start();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            Set<String> seeds = session.publish(workload.domains, tasks, randomSeed.value);
            Ledger ledger = await(session, seeds, l -> {
                sampleFleet(fleet);
                sampler.sample(l);
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            double benchCpu = (processCpuNanos() - cpuStart) / 1e9;
            List<WorkerFleet.WorkerFigures> perWorker = fleet.finish(WORKER_STOP_GRACE);
            ObjectNode result = figures(ledger, seconds, sim, sampler, workers, concurrency, config);
            result.put("separate_processes", true);
            boolean cpuKnown = perWorker.stream().allMatch(w -> w.cpuSeconds() != null);
            double workerCpu = perWorker.stream().mapToDouble(w -> w.cpuSeconds() == null ? 0 : w.cpuSeconds()).sum();
            result.put("cpu_seconds_per_verified", cpuKnown ? perVerified(workerCpu, ledger) : null);
            result.put("worker_cpu_seconds", cpuKnown ? round(workerCpu) : null);
            result.put("bench_jvm_cpu_seconds", round(benchCpu));
            result.put("bench_jvm_cpu_seconds_per_verified", perVerified(benchCpu, ledger));
            result.put("cpu_note", "cpu_seconds_per_verified: the worker processes' CPU (user + system, from the OS) "
                    + "summed, from seeding to the balanced ledger; bench_jvm: broker, registry and simulated model");
            result.put("peak_heap_mb", perWorker.stream().mapToLong(WorkerFleet.WorkerFigures::peakHeapMb).max().orElse(0));
            result.put("worker_jvm", String.join(" ", jvm));
            result.put("heap_note", "per worker: peak = highest jvm_memory_used_bytes{area=heap} scraped from its /metrics "
                    + "once a second; after_gc = heap in use after its most recent collection, at the end of the run");
            result.put("bench_jvm_peak_heap_mb", sampler.peakHeapMb());
            ArrayNode array = result.putArray("per_worker");
            for (WorkerFleet.WorkerFigures w : perWorker) {
                ObjectNode o = array.addObject();
                o.put("id", w.id());
                o.put("pid", w.pid());
                o.put("cpu_seconds", w.cpuSeconds() == null ? null : round(w.cpuSeconds()));
                o.put("peak_heap_mb", w.peakHeapMb());
                o.put("heap_after_gc_mb", w.heapAfterGcMb());
                o.put("llm_calls", w.llmCalls());
                ObjectNode in = o.putObject("records_in");
                w.recordsIn().forEach(in::put);
                o.put("exit_code", w.exitCode());
            }
            return result;
        }
    }

    /** Follows the ledger until every task is terminal, sampling it and showing the progress (on stderr: stdout carries the JSON). */
    private Ledger await(PipelineSession session, Set<String> seeds, Consumer<Ledger> sample) throws InterruptedException {
        Progress progress = new Progress(spec.commandLine().getErr(), Progress.onTerminal(pipeline.environment()), (long) tasks * seeds.size());
        try {
            return session.await(seeds, workload.timeout(), l -> {
                sample.accept(l);
                progress.show(l);
            });
        } finally {
            progress.done();
        }
    }

    /** The figures both modes report. */
    private ObjectNode figures(Ledger ledger, double seconds, SimLlmServer sim, BenchSampler sampler, int workerCount,
                              int concurrency, PipelineConfig config) {
        int total = workerCount * concurrency;
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("tasks", ledger.requested());
        result.put("verified", ledger.verified());
        result.put("dead_lettered", ledger.deadLettered());
        result.put("seconds", round(seconds));
        result.put("verified_per_second", round(ledger.verified() / seconds));
        long calls = sampler.modelCalls();
        result.put("llm_calls", calls);
        result.put("llm_calls_per_second", round(calls / seconds));
        result.put("workers", workerCount);
        result.put("concurrency", concurrency);
        result.put("total_concurrency", total);
        result.put("threads", config.worker().threads());
        result.put("model_server", sim == null ? modelServer : "simulated");
        result.put("latency_ms", sim == null ? null : sim.options().latencyMs());
        result.put("fault_rate", sim == null ? null : sim.options().faultRate());
        sampler.report(result, total);
        return result;
    }

    /** Flags of every worker process: this cluster, the simulated model, the remote environments; the file, if any, for the rest. */
    private List<String> workerArgs(PipelineSession session) {
        PipelineConfig config = session.config();
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", config.cluster().bootstrapServers(),
                "--schema-registry-url", config.cluster().schemaRegistryUrl(),
                "--llm-base-url", session.modelUrl(),
                "--topic-prefix", config.cluster().topicPrefix()));
        if (pipeline.config.file != null) {
            args.addAll(List.of("--config", pipeline.config.file.toAbsolutePath().toString()));
        }
        config.environments().forEach((name, url) -> args.addAll(List.of(EnvironmentOptions.FLAG, name + "=" + url)));
        return args;
    }

    /**
     * This bench's values of the keys it may have set itself (its defaults, its flags), above the
     * workers' file: so every worker runs with exactly the settings this bench resolved.
     */
    private static Map<String, String> workerEnv(PipelineConfig config) {
        Map<String, String> env = new HashMap<>();
        env.put(ConfigLoader.envName("worker.concurrency"), Integer.toString(config.worker().concurrency()));
        env.put(ConfigLoader.envName("llm.max_concurrency"), Integer.toString(config.llm().defaults().maxConcurrency()));
        env.put(ConfigLoader.envName("worker.threads"), Integer.toString(config.worker().threads()));
        env.put(ConfigLoader.envName("cluster.partitions"), Integer.toString(config.cluster().partitions()));
        if (!config.worker().stateDir().isBlank()) {
            env.put(ConfigLoader.envName("worker.state_dir"), config.worker().stateDir());
        }
        return env;
    }

    private List<String> javaOpts() {
        return workerJavaOpts.isBlank() ? List.of() : List.of(workerJavaOpts.strip().split("\\s+"));
    }

    private static double loadAverage() {
        return round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void sampleFleet(WorkerFleet fleet) {
        try {
            fleet.sample();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sampling the workers", e);
        }
    }

    private static Double perVerified(double cpuSeconds, Ledger ledger) {
        return ledger.verified() == 0 ? null : round(cpuSeconds / ledger.verified());
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
