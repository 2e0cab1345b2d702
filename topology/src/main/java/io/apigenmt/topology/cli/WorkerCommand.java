package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.worker.Worker;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apigen worker}: runs some or all stages against a cluster until SIGINT/SIGTERM. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs pipeline stages against a Kafka cluster until Ctrl-C / SIGTERM.",
            "Start more workers with the same settings to share the work."})
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    WorkerOptions sizing;

    @Mixin
    ModelOption model;

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
        PipelineConfig config = PipelineOptions.requireCluster(pipeline.resolve(sizing, model, budget, layers -> layers
                .flag("--stages", stages, "worker.stages")
                .flag("--metrics-port", metricsPort, "worker.metrics_port")
                .flag("--metrics-host", metricsHost, "worker.metrics_host")));
        Set<String> chosen;
        try {
            chosen = Worker.parseStages(config.worker().stages());
        } catch (IllegalArgumentException e) {
            throw new UsageException("worker.stages: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ShutdownSignal signal = new ShutdownSignal("apigen-worker");
             WorkerLauncher launcher = new WorkerLauncher(config, chosen, workerId, DomainRegistry.load(), pipeline.environment())) {
            launcher.start();
            out.println("worker running stages " + String.join(",", chosen) + " against " + config.cluster().bootstrapServers()
                    + (launcher.metricsPort() >= 0 ? "; metrics on port " + launcher.metricsPort() : ""));
            out.flush();
            signal.await();
        }
        return ExitCodes.OK;
    }
}
