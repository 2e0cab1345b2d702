package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.topology.config.Resolution;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.given.GivenTaskFile;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.ledger.LedgerReader;
import io.apigenmt.topology.environment.Domains;
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
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in this process, as {@code run} and {@code bench} use it: the embedded
 * broker and registry unless a cluster is configured, the simulated model unless an endpoint
 * is configured, and a worker running every stage (unless the workers run as separate
 * processes: {@code bench --workers N}). Closing stops all of it in reverse order.
 */
final class PipelineSession implements AutoCloseable {

    private static final String EMBEDDED = "the embedded broker";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final PipelineConfig config;
    private final WorkerLauncher launcher;
    private final ClusterConnection cluster;
    private final SimLlmServer sim;
    private final String modelUrl;
    private final DomainRegistry domains;
    /** The seeds this session published. */
    private final Set<String> published = ConcurrentHashMap.newKeySet();

    /**
     * Resolves the configuration first, then decides: no bootstrap servers in any layer (flags,
     * environment, file) starts the embedded broker and registry; no model endpoint in any layer
     * starts the simulated model. Either is then set in the program's layer, above the others.
     *
     * @param layers          the command's layers (defaults to flags); this session adds to them
     * @param simOptions      how the simulated model behaves when it is started
     * @param workDir         where the worker's state lives with the embedded broker (a private
     *                        subdirectory, removed on close)
     * @param inProcessWorker false: no worker here, only the platform, the model and the topics;
     *                        worker processes are started by the caller against {@link #config()}
     * @param environment     where credentials and API keys named in the configuration are read
     * @param givenTasks      tasks of a tasks file, which the simulated model learns to play
     */
    PipelineSession(ConfigLoader layers, SimLlmOptions simOptions, Path workDir, DomainRegistry domains, PrintWriter log,
                    boolean inProcessWorker, Map<String, String> environment, List<GivenTaskFile.Line> givenTasks)
            throws IOException {
        this(layers, simOptions, workDir, domains, log, inProcessWorker, environment, givenTasks, null);
    }

    /**
     * As above, with every model call routed through something between the workers and the model
     * server (bench's counting relay).
     *
     * @param route given the model server's base URL (every role must call the same one), starts
     *              what stands in front of it and returns the base URL the workers call instead;
     *              null: the workers call the server directly
     */
    PipelineSession(ConfigLoader layers, SimLlmOptions simOptions, Path workDir, DomainRegistry domains, PrintWriter log,
                    boolean inProcessWorker, Map<String, String> environment, List<GivenTaskFile.Line> givenTasks,
                    UnaryOperator<String> route) throws IOException {
        this.domains = domains;
        try {
            SimLlmServer simServer = null;
            if (!modelConfigured(layers.resolve())) {
                simServer = SimLlm.server(simOptions, domains, givenTasks);
                simServer.start();
                resources.add(simServer);
                layers.set("llm.base_url", simServer.baseUrl(), "the simulated model");
                log.println("simulated model at " + simServer.baseUrl());
            }
            this.sim = simServer;
            if (route != null) {
                String routed = route.apply(onlyModelServer(layers.build()));
                layers.set("llm.base_url", routed, "the model server, through " + routed);
                onlyModelServer(layers.build());
                this.modelUrl = routed;
            } else {
                this.modelUrl = simServer == null ? null : simServer.baseUrl();
            }
            // The model endpoints first, before a broker starts or anything is seeded: a problem ends
            // the command here (exit 1, one line each). Workers of bench --workers check their own.
            LlmSettings checked = inProcessWorker
                    ? EndpointPreflight.once(layers.build(), environment, line -> {
                        log.println(line);
                        log.flush();
                    }).llm()
                    : null;
            if (layers.build().cluster().bootstrapServers().isBlank()) {
                log.println("starting the embedded broker and schema registry...");
                log.flush();
                EmbeddedPlatform platform = EmbeddedPlatform.ephemeral();
                resources.add(platform);
                layers.set("cluster.bootstrap_servers", platform.bootstrapServers(), EMBEDDED)
                        .set("cluster.schema_registry_url", platform.registryUrl(), EMBEDDED)
                        .set("worker.state_dir", privateStateDir(workDir).toString(), EMBEDDED);
            }
            PipelineConfig resolved = PipelineOptions.requireCluster(layers.build());
            if (inProcessWorker) {
                // The budget of a run covers the seeds it publishes, not what else the topics hold.
                this.launcher = new WorkerLauncher(resolved, new LinkedHashSet<>(Worker.STAGES), null, domains, environment,
                        (c, waiting) -> c.withLlm(checked), published::contains);
                resources.add(launcher);
                this.config = launcher.config();
                this.cluster = launcher.cluster();
                launcher.start();
            } else {
                this.launcher = null;
                this.config = resolved;
                this.cluster = ClusterConnection.of(config, environment::get);
                new TopicAdmin(cluster.clientProps()).createTopics(config.topics(), config.cluster().partitions(),
                        config.cluster().replicationFactor());
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the model endpoints' preflight", e);
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

    /** The base URL the workers call: the routed one, else the simulated model's; null when a configured one is used directly. */
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
        String runId = runId();
        return publish(domains.stream()
                .map(d -> new SeedRequest(runId + "-" + d.strip(), d.strip(), tasks, randomSeed, options, List.of()))
                .toList());
    }

    /** These seeds; returns their ids. */
    Set<String> publish(List<SeedRequest> seeds) throws InterruptedException {
        Set<String> ids = new LinkedHashSet<>();
        try (SeedPublisher publisher = new SeedPublisher(cluster.clientProps(), config.topics(),
                cluster.registry())) {
            for (SeedRequest seed : seeds) {
                published.add(seed.getSeedId());
                publisher.publish(seed);
                ids.add(seed.getSeedId());
            }
        }
        return ids;
    }

    /** The prefix of the seed ids of one run. */
    static String runId() {
        return "run-" + System.currentTimeMillis();
    }

    /**
     * Follows the ledger of {@code seedIds} until no task is in flight.
     *
     * @param onTick called after every refresh (progress display, measurements)
     * @throws IllegalStateException when {@code timeout} passes first
     */
    Ledger await(Set<String> seedIds, Duration timeout, Consumer<Ledger> onTick) throws InterruptedException {
        SeedCheck seedCheck = new SeedCheck(Domains.names(domains, config.environments()), config.fanout().maxTasksPerSeed(),
                config.fanout().maxPayloadBytes());
        Ledger ledger = new Ledger(config.rollout().trials(), seedIds::contains, config.cost().priceList());
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

    /**
     * A model server is configured when any layer sets an llm key (a file's llm section, an
     * APIGEN_LLM_* variable, --llm-base-url), except those that say how to use whichever model
     * answers rather than which one: llm.max_concurrency (a limit: --concurrency and
     * APIGEN_LLM_CONCURRENCY set it) and keep_reasoning (what to record), at any level.
     */
    private static boolean modelConfigured(Resolution resolved) {
        return resolved.given().stream().anyMatch(key -> key.startsWith("llm.") && !key.equals("llm.max_concurrency")
                && !key.endsWith(".keep_reasoning"));
    }

    /** The one model server every role calls (its normalized base URL); a usage error when the roles call several. */
    static String onlyModelServer(PipelineConfig config) {
        Set<String> servers = new TreeSet<>();
        config.llm().allRoles().forEach(role -> servers.add(role.endpointKey()));
        if (servers.size() != 1) {
            throw new UsageException("bench counts the calls at one model server, but the roles call " + servers.size()
                    + " (" + String.join(", ", servers) + "): give every role the same base_url, or none (--llm-base-url sets it)");
        }
        return servers.iterator().next();
    }

    /** Streams state beside the output, not in the OS temp dir (which may be cleaned under it). */
    private Path privateStateDir(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path dir = Files.createTempDirectory(workDir, ".apigen-state-");
        resources.add(() -> Dirs.deleteRecursively(dir));
        return dir;
    }
}
