package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.view.ClusterSource;
import io.apigenmt.topology.view.FolderSource;
import io.apigenmt.topology.view.ViewServer;
import io.apigenmt.topology.view.ViewSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apigen view}: a local web page of a run's output folder, or of a live cluster's topics. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = {"Serves a web page on 127.0.0.1: the funnel, the tasks with their",
            "conversations, reviews and trials, the dead letters with their redrive",
            "commands, usage per stage. Give a run's output folder (--out of 'apigen run'),",
            "or --bootstrap-servers and --schema-registry-url for a live cluster."})
final class ViewCommand implements Callable<Integer> {

    /** How stale a live page may be: it re-reads the topics at most this often. */
    private static final Duration LIVE_REFRESH = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "A run's output folder (report.json, tasks.jsonl, dead-letters.jsonl).")
    Path dir;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    EnvironmentOptions environments;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port on 127.0.0.1 (0 = any free port). Default: " + ViewServer.DEFAULT_PORT + ", or any free port when that one is taken.")
    Integer port;

    @Override
    public Integer call() throws Exception {
        if (port != null && (port < 0 || port > 65535)) {
            throw new UsageException("--port must be 0..65535, got " + port);
        }
        ViewSource source = dir != null ? folder() : cluster();
        PrintWriter out = spec.commandLine().getOut();
        try (ShutdownSignal signal = new ShutdownSignal("apigen-view")) {
            try (ViewServer server = ViewServer.start(source, port == null ? ViewServer.DEFAULT_PORT : port, port == null)) {
                out.println("viewer at " + server.url() + " (port " + server.port() + "; Ctrl-C to stop)");
                out.flush();
                signal.await();
            }
        }
        return ExitCodes.OK;
    }

    private ViewSource folder() {
        if (pipeline.bootstrapServers != null || pipeline.schemaRegistryUrl != null) {
            throw new UsageException("give either DIR or --bootstrap-servers/--schema-registry-url, not both");
        }
        try {
            return FolderSource.open(dir);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private ViewSource cluster() {
        PipelineConfig config = pipeline.resolve(environments);
        if (config.cluster().bootstrapServers().isBlank()) {
            throw new UsageException("give a run's output folder (DIR) or --bootstrap-servers and --schema-registry-url");
        }
        PipelineOptions.requireCluster(config);
        ClusterConnection cluster = ClusterConnection.of(config, pipeline.environment()::get);
        SeedCheck seedCheck = new SeedCheck(Domains.names(DomainRegistry.load(), config.environments()),
                config.fanout().maxTasksPerSeed(),
                config.fanout().maxPayloadBytes());
        List<String> flags = new ArrayList<>(List.of("--bootstrap-servers", config.cluster().bootstrapServers(),
                "--schema-registry-url", config.cluster().schemaRegistryUrl()));
        if (pipeline.config.file != null) {
            flags.addAll(List.of("--config", pipeline.config.file.toString()));
        }
        if (!config.topics().prefix().equals(Topics.DEFAULT_PREFIX)) {
            flags.addAll(List.of("--topic-prefix", config.topics().prefix()));
        }
        return new ClusterSource(cluster, config.topics(), seedCheck, config.rollout().trials(),
                "cluster " + config.cluster().bootstrapServers(), flags, LIVE_REFRESH, Clock.systemUTC());
    }
}
