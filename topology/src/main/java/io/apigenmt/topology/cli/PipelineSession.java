package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.ledger.LedgerReader;
import io.apigenmt.topology.llm.LlmSettings;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.SeedPublisher;
import io.apigenmt.topology.platform.Dirs;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.platform.TopicAdmin;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in this process, as {@code run} and {@code bench} use it: the embedded
 * broker and registry unless a cluster is configured, the simulated model unless an endpoint
 * is configured, and a worker running every stage (unless the workers run as separate
 * processes: {@code bench --workers N}). Closing stops all of it in reverse order.
 */
final class PipelineSession implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final PipelineConfig config;
    private final WorkerLauncher launcher;
    private final ClusterConnection cluster;
    private final SimLlmServer sim;
    private final String modelUrl;
    private final DomainRegistry domains;

    /**
     * @param llmBaseUrl   endpoint flag; null starts the simulated model unless the config or
     *                     environment names one
     * @param simOptions   how the simulated model behaves when it is started
     * @param partitions   partitions per topic on the embedded broker
     * @param workDir      where the worker's state lives (a private subdirectory, removed on close)
     */
    PipelineSession(PipelineOptions pipeline, String llmBaseUrl, Integer concurrency, int partitions,
                    SimLlmOptions simOptions, Path workDir, DomainRegistry domains, PrintWriter log) throws IOException {
        this(pipeline, llmBaseUrl, l -> l.set("worker.concurrency", concurrency), partitions, simOptions, workDir,
                domains, log, true);
    }

    /**
     * @param workerFlags      the command's worker settings (concurrency, threads), applied over the config
     * @param inProcessWorker  false: no worker here, only the platform, the model and the topics;
     *                         worker processes are started by the caller against {@link #config()}
     */
    PipelineSession(PipelineOptions pipeline, String llmBaseUrl, Consumer<ConfigLoader> workerFlags, int partitions,
                    SimLlmOptions simOptions, Path workDir, DomainRegistry domains, PrintWriter log,
                    boolean inProcessWorker) throws IOException {
        this.domains = domains;
        boolean embedded = isBlank(pipeline.bootstrapServers) && isBlank(System.getenv("APIGEN_BOOTSTRAP_SERVERS"));
        try {
            EmbeddedPlatform platform = null;
            if (embedded) {
                log.println("starting the embedded broker and schema registry...");
                log.flush();
                platform = EmbeddedPlatform.ephemeral();
                resources.add(platform);
            }
            String modelUrl = llmBaseUrl;
            SimLlmServer simServer = null;
            if (modelUrl == null && !llmConfigured(pipeline.resolve(l -> { }))) {
                simServer = SimLlm.server(simOptions, domains);
                simServer.start();
                resources.add(simServer);
                modelUrl = simServer.baseUrl();
                log.println("simulated model at " + modelUrl);
            }
            this.sim = simServer;
            EmbeddedPlatform embeddedPlatform = platform;
            Path stateDir = embedded ? privateStateDir(workDir) : null;
            this.config = PipelineOptions.requireCluster(pipeline.resolve(l -> {
                if (embeddedPlatform != null) {
                    l.set("cluster.bootstrap_servers", embeddedPlatform.bootstrapServers())
                            .set("cluster.schema_registry_url", embeddedPlatform.registryUrl())
                            .set("cluster.partitions", partitions)
                            .set("worker.state_dir", stateDir.toString());
                }
                workerFlags.accept(l);
            }));
            this.modelUrl = modelUrl;
            if (inProcessWorker) {
                this.launcher = new WorkerLauncher(config, new LinkedHashSet<>(Worker.STAGES), modelUrl, null, domains);
                resources.add(launcher);
                this.cluster = launcher.cluster();
                launcher.start();
            } else {
                this.launcher = null;
                this.cluster = ClusterConnection.of(config, System::getenv);
                new TopicAdmin(cluster.clientProps()).createTopics(config.topics(), config.cluster().partitions(),
                        config.cluster().replicationFactor());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    PipelineConfig config() {
        return config;
    }

    /** The in-process worker, or null when the workers run as separate processes. */
    WorkerLauncher launcher() {
        return launcher;
    }

    ClusterConnection cluster() {
        return cluster;
    }

    /** The endpoint every role uses: the simulated model's, or the configured one (null: per-role config). */
    String modelUrl() {
        return modelUrl;
    }

    /** The simulated model, or null when a real endpoint is used. */
    SimLlmServer sim() {
        return sim;
    }

    /** One seed per domain; returns their ids. */
    Set<String> publish(List<String> domains, int tasks, long randomSeed) throws InterruptedException {
        return publish(domains, tasks, randomSeed, Map.of());
    }

    /** One seed per domain with these seed options (e.g. recombination); returns their ids. */
    Set<String> publish(List<String> domains, int tasks, long randomSeed, Map<String, String> options) throws InterruptedException {
        Set<String> ids = new LinkedHashSet<>();
        String runId = "run-" + System.currentTimeMillis();
        try (SeedPublisher publisher = new SeedPublisher(cluster.clientProps(), config.topics(),
                cluster.registry())) {
            for (String domain : domains) {
                String id = runId + "-" + domain.strip();
                publisher.publish(new SeedRequest(id, domain.strip(), tasks, randomSeed, options));
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Follows the ledger of {@code seedIds} until no task is in flight.
     *
     * @param onTick called after every refresh (progress display, measurements)
     * @throws IllegalStateException when {@code timeout} passes first
     */
    Ledger await(Set<String> seedIds, Duration timeout, Consumer<Ledger> onTick) throws InterruptedException {
        SeedCheck seedCheck = new SeedCheck(domains, config.fanout().maxTasksPerSeed(),
                config.fanout().maxPayloadBytes());
        Ledger ledger = new Ledger(config.rollout().trials(), seedIds::contains);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (LedgerReader reader = new LedgerReader(cluster.clientProps(), config.topics(),
                cluster.registry(), seedCheck, ledger)) {
            while (true) {
                reader.catchUp();
                onTick.accept(ledger);
                if (ledger.requested() >= seedIds.size() && ledger.inFlight() == 0) {
                    return ledger;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s with "
                            + ledger.inFlight() + " of " + ledger.requested() + " tasks still in flight");
                }
                Thread.sleep(250);
            }
        }
    }

    /** Closes in reverse order of opening; one failure does not skip the rest. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LoggerFactory.getLogger(PipelineSession.class).warn("closing {} failed: {}", resources.get(i), e.toString());
            }
        }
        resources.clear();
    }

    /** An endpoint given in the config file or the environment counts as configured. */
    private static boolean llmConfigured(PipelineConfig config) {
        return !isBlank(System.getenv(LlmSettings.ENV_BASE_URL)) || (config.llm() != null && config.llm().size() > 0);
    }

    /** Streams state beside the output, not in the OS temp dir (which may be cleaned under it). */
    private Path privateStateDir(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path dir = Files.createTempDirectory(workDir, ".apigen-state-");
        resources.add(() -> Dirs.deleteRecursively(dir));
        return dir;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
