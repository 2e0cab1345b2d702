package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.llm.LlmSettings;
import io.apigenmt.topology.pipeline.DatasetExport;
import io.apigenmt.topology.pipeline.Ledger;
import io.apigenmt.topology.pipeline.LedgerReader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.SeedPublisher;
import io.apigenmt.topology.platform.Dirs;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import io.apigenmt.topology.worker.Worker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen run}: the whole pipeline in one command. Without {@code --bootstrap-servers}
 * it starts an embedded broker and registry; without an LLM endpoint, the simulated model.
 * Publishes one seed per domain, shows progress until every task is terminal, writes the
 * dataset, dead letters and report to {@code --out}, and exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline until every task is verified or dead-lettered, then writes",
            "DIR/trajectories.sharegpt.jsonl, DIR/trajectories.openai.jsonl, DIR/dead-letters.jsonl and DIR/report.json."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--domains", defaultValue = "retail,airline", split = ",", paramLabel = "LIST",
            description = "Domains to seed, one seed each. Default: ${DEFAULT-VALUE}.")
    List<String> domains;

    @Option(names = "--tasks", defaultValue = "10", paramLabel = "N", description = "Tasks per domain. Default: ${DEFAULT-VALUE}.")
    int tasks;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--llm-base-url", paramLabel = "URL",
            description = "OpenAI-compatible endpoint for every role. Default: the built-in simulated model.")
    String llmBaseUrl;

    @Option(names = "--concurrency", paramLabel = "C", description = "Model calls in flight per endpoint and units per stage. Default: 256.")
    Integer concurrency;

    @Option(names = "--random-seed", defaultValue = "42", paramLabel = "S", description = "Seeds task sampling (and the simulated model). Default: ${DEFAULT-VALUE}.")
    long randomSeed;

    @Option(names = "--partitions", defaultValue = "8", paramLabel = "N", description = "Partitions per topic on the embedded broker. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS", description = "Give up (exit 1) if tasks are still in flight after this long. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--sim-latency-ms", defaultValue = "0", paramLabel = "MS", description = "Latency of the built-in simulated model. Default: ${DEFAULT-VALUE}.")
    long simLatencyMs;

    @Option(names = "--sim-fault-rate", defaultValue = "0", paramLabel = "F", description = "Fault rate of the built-in simulated model. Default: ${DEFAULT-VALUE}.")
    double simFaultRate;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter log = spec.commandLine().getErr();
        boolean embedded = isBlank(pipeline.bootstrapServers) && isBlank(System.getenv("APIGEN_BOOTSTRAP_SERVERS"));
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            EmbeddedPlatform platform = null;
            if (embedded) {
                log.println("starting the embedded broker and schema registry...");
                log.flush();
                platform = EmbeddedPlatform.ephemeral();
                resources.add(platform);
            }
            EmbeddedPlatform cluster = platform;
            PipelineConfig probe = pipeline.resolve(l -> { });
            String modelUrl = llmBaseUrl;
            if (modelUrl == null && !llmConfigured(probe)) {
                SimLlmServer sim = SimLlm.server(SimLlmOptions.defaults().withRandomSeed(randomSeed)
                        .withLatency(simLatencyMs, simLatencyMs / 4).withFaultRate(simFaultRate), DomainRegistry.load());
                sim.start();
                resources.add(sim);
                modelUrl = sim.baseUrl();
                log.println("simulated model at " + modelUrl);
            }
            Path stateDir = cluster != null ? stateDir(out, resources) : null;
            PipelineConfig config = pipeline.resolve(l -> {
                if (cluster != null) {
                    l.set("cluster.bootstrap_servers", cluster.bootstrapServers())
                            .set("cluster.schema_registry_url", cluster.registryUrl())
                            .set("cluster.partitions", partitions);
                }
                l.set("worker.concurrency", concurrency);
                if (cluster != null) {
                    // A private state directory: nothing of an earlier run is reused.
                    l.set("worker.state_dir", stateDir.toString());
                }
            });
            PipelineOptions.requireCluster(config);
            WorkerLauncher launcher = new WorkerLauncher(config, new LinkedHashSet<>(Worker.STAGES), modelUrl, null);
            resources.add(launcher);
            launcher.start();

            Set<String> seedIds = publishSeeds(config, launcher);
            Ledger ledger = await(config, launcher, seedIds, log);
            writeOutputs(config, launcher, seedIds, ledger, log);
            return ExitCodes.OK;
        } finally {
            closeAll(resources);
        }
    }

    private void validate() {
        if (tasks <= 0) {
            throw new UsageException("--tasks must be at least 1, got " + tasks);
        }
        if (domains.isEmpty() || domains.stream().anyMatch(String::isBlank)) {
            throw new UsageException("--domains must list at least one domain");
        }
        if (partitions < 1 || partitions > 1024) {
            throw new UsageException("--partitions must be 1..1024, got " + partitions);
        }
        if (timeoutSeconds < 1) {
            throw new UsageException("--timeout must be at least 1 second");
        }
        if (!(simFaultRate >= 0 && simFaultRate <= 1)) {
            throw new UsageException("--sim-fault-rate must be in [0, 1], got " + simFaultRate);
        }
        if (simLatencyMs < 0) {
            throw new UsageException("--sim-latency-ms must be >= 0, got " + simLatencyMs);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out is not a directory: " + out);
        }
        Set<String> known = DomainRegistry.load().names();
        for (String d : domains) {
            if (!known.contains(d.strip())) {
                throw new UsageException("--domains: unknown domain '" + d.strip() + "'; known: " + String.join(", ", known));
            }
        }
    }

    /** An endpoint given in the config file or the environment counts as configured. */
    private static boolean llmConfigured(PipelineConfig config) {
        return !isBlank(System.getenv(LlmSettings.ENV_BASE_URL))
                || (config.llm() != null && config.llm().size() > 0);
    }

    private Set<String> publishSeeds(PipelineConfig config, WorkerLauncher launcher) throws InterruptedException {
        Set<String> ids = new LinkedHashSet<>();
        String runId = "run-" + System.currentTimeMillis();
        try (SeedPublisher publisher = new SeedPublisher(launcher.cluster().clientProps(), config.topics(), launcher.cluster().registry())) {
            for (String domain : domains) {
                String id = runId + "-" + domain.strip();
                publisher.publish(new SeedRequest(id, domain.strip(), tasks, randomSeed, Map.of()));
                ids.add(id);
            }
        }
        return ids;
    }

    private Ledger await(PipelineConfig config, WorkerLauncher launcher, Set<String> seedIds, PrintWriter log)
            throws InterruptedException {
        SeedCheck seedCheck = new SeedCheck(DomainRegistry.load(), config.fanout().maxTasksPerSeed(), config.fanout().maxPayloadBytes());
        Ledger ledger = new Ledger(config.rollout().trials(), seedIds::contains);
        long expected = (long) tasks * seedIds.size();
        Progress progress = new Progress(log, System.console() != null, expected);
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        try (LedgerReader reader = new LedgerReader(launcher.cluster().clientProps(), config.topics(),
                launcher.cluster().registry(), seedCheck, ledger)) {
            while (true) {
                reader.catchUp();
                progress.show(ledger);
                if (ledger.requested() >= seedIds.size() && ledger.inFlight() == 0) {
                    progress.done();
                    return ledger;
                }
                if (System.nanoTime() > deadline) {
                    progress.done();
                    throw new IllegalStateException("timed out after " + timeoutSeconds + " s with " + ledger.inFlight()
                            + " of " + ledger.requested() + " tasks still in flight");
                }
                Thread.sleep(500);
            }
        }
    }

    private void writeOutputs(PipelineConfig config, WorkerLauncher launcher, Set<String> seedIds, Ledger ledger,
                              PrintWriter log) throws IOException {
        Files.createDirectories(out);
        DatasetExport export = new DatasetExport(launcher.cluster(), config.topics());
        Map<TrajectoryFormat, Path> files = new LinkedHashMap<>();
        for (TrajectoryFormat f : TrajectoryFormat.values()) {
            files.put(f, out.resolve(f.defaultFileName()));
        }
        DatasetExport.Counts counts = export.trajectories(files, seedIds::contains);
        long dead = export.deadLetters(out.resolve("dead-letters.jsonl"), seedIds::contains);
        ObjectNode report = ledger.toJson(json);
        report.putArray("seeds").addAll(seedIds.stream().map(json.getNodeFactory()::textNode).toList());
        Files.writeString(out.resolve("report.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");

        PrintWriter o = spec.commandLine().getOut();
        o.println(Summary.of(report));
        o.println("wrote " + counts.lines() + " trajectories (sharegpt, openai), " + dead + " dead letters and report.json to " + out);
        o.flush();
    }

    /** Kafka Streams state of this run, beside its output (not in the OS temp dir, which may be cleaned under it). */
    private static Path stateDir(Path out, List<AutoCloseable> resources) throws IOException {
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory(out, ".apigen-state-");
        resources.add(() -> Dirs.deleteRecursively(dir));
        return dir;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Closes in reverse order of opening; the first failure is not allowed to skip the rest. */
    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(RunCommand.class).warn("closing {} failed: {}", resources.get(i), e.toString());
            }
        }
    }
}
