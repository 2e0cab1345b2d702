package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.config.Resolution;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.worker.Worker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen worker}: runs some or all stages against a cluster until SIGINT/SIGTERM. It
 * first waits for its model endpoints to pass preflight (not ready on /health/ready meanwhile,
 * the problems in the body and on the console), then starts its stages.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs pipeline stages against a Kafka cluster until Ctrl-C / SIGTERM.",
            "Start more workers with the same settings to share the work."})
final class WorkerCommand implements Callable<Integer> {

    private static final Duration STATUS_EVERY = Duration.ofMinutes(1);

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    WorkerOptions sizing;

    @Mixin
    ModelOption model;

    @Mixin
    DomainDataOption domainData;

    @Mixin
    EnvironmentOptions environments;

    @Mixin
    BudgetOption budget;

    @Option(names = "--stages", paramLabel = "LIST",
            description = "all, or a comma-separated subset of fan-out,generate,review,regenerate,recombine,rollout: worker.stages (env APIGEN_STAGES).")
    String stages;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics and /health/* on this port (0 = any free port): worker.metrics_port (env APIGEN_METRICS_PORT).")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST",
            description = "Address the metrics endpoint binds (0.0.0.0 in containers): worker.metrics_host.")
    String metricsHost;

    @Option(names = "--worker-id", paramLabel = "ID",
            description = "A stable, unique id (e.g. the pod name): enables static membership, so a restarted worker rejoins at once.")
    String workerId;

    @Override
    public Integer call() throws InterruptedException {
        Resolution resolved = pipeline.layers(sizing, model, domainData, environments, budget, layers -> layers
                .flag("--stages", stages, "worker.stages")
                .flag("--metrics-port", metricsPort, "worker.metrics_port")
                .flag("--metrics-host", metricsHost, "worker.metrics_host")).resolve();
        PipelineConfig config = PipelineOptions.requireCluster(resolved.config(PipelineConfig.class));
        Set<String> chosen;
        try {
            chosen = Worker.parseStages(config.worker().stages());
        } catch (IllegalArgumentException e) {
            throw new UsageException("worker.stages: " + e.getMessage());
        }
        DomainRegistry domains = DomainSource.load(resolved);
        PrintWriter out = spec.commandLine().getOut();
        Path logFile = pipeline.logTo(config.worker().stateDirPath().resolve("apigen-worker-"
                + (workerId == null ? ProcessHandle.current().pid() : workerId) + ".log"));
        Consumer<String> console = line -> {
            out.println(line);
            out.flush();
        };
        try (ShutdownSignal signal = new ShutdownSignal("apigen-worker")) {
            // Not ready until the model endpoints pass preflight; then ready, paused or not (MetricsServer).
            WorkerLauncher.Checks preflight = (c, waiting) -> EndpointPreflight.untilPassed(c, Worker.modelRoles(chosen, c),
                    pipeline.environment(), console, waiting, wait -> signal.await(wait.toMillis()));
            try (WorkerLauncher launcher = new WorkerLauncher(config, chosen, workerId, domains,
                    pipeline.environment(), preflight)) {
                launcher.start();
                console.accept("worker running stages " + String.join(",", chosen) + " against "
                        + config.cluster().bootstrapServers()
                        + (launcher.metricsPort() >= 0 ? "; metrics on port " + launcher.metricsPort() : "")
                        + (logFile == null ? "" : "; logs in " + logFile));
                DomainSource.describe(domains, config).forEach(line -> console.accept("domain " + line));
                WorkerStatus status = new WorkerStatus(launcher.totals());
                while (!signal.await(STATUS_EVERY.toMillis())) {
                    console.accept(status.line(launcher.totals()));
                }
            } catch (EndpointPreflight.Stopped stopped) {
                console.accept("worker stopped before its model endpoints passed preflight");
            }
        }
        return ExitCodes.OK;
    }
}
