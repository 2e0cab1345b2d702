package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.worker.Worker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final Duration STATUS_EVERY = Duration.ofMinutes(1);

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--llm-base-url", paramLabel = "URL", description = "OpenAI-compatible endpoint for every role (env APIGEN_LLM_BASE_URL).")
    String llmBaseUrl;

    @Option(names = "--stages", paramLabel = "LIST", description = "all, or a comma-separated subset of fan-out,generate,review,regenerate,rollout (env APIGEN_STAGES).")
    String stages;

    @Option(names = "--concurrency", paramLabel = "C", description = "Model calls in flight per endpoint, and units of work in flight per stage (env APIGEN_CONCURRENCY). Default: 256.")
    Integer concurrency;

    @Option(names = "--threads", paramLabel = "N", description = "Stream threads per stage (env APIGEN_THREADS). Default: 2.")
    Integer threads;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve /metrics and /health/* on this port (0 = any free port; env APIGEN_METRICS_PORT).")
    Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST", description = "Address the metrics endpoint binds. Default: 127.0.0.1 (use 0.0.0.0 in containers).")
    String metricsHost;

    @Option(names = "--worker-id", paramLabel = "ID",
            description = "A stable, unique id (e.g. the pod name): enables static membership, so a restarted worker rejoins at once.")
    String workerId;

    @Override
    public Integer call() throws InterruptedException {
        PipelineConfig config = PipelineOptions.requireCluster(pipeline.resolve(l -> l
                .set("worker.stages", stages)
                .set("worker.concurrency", concurrency)
                .set("worker.threads", threads)
                .set("worker.metrics_port", metricsPort)
                .set("worker.metrics_host", metricsHost)));
        validate(config);
        Set<String> chosen;
        try {
            chosen = Worker.parseStages(config.worker().stages());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--stages: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Path logFile = pipeline.logTo(config.worker().stateDirPath().resolve("apigen-worker-"
                + (workerId == null ? ProcessHandle.current().pid() : workerId) + ".log"));
        try (ShutdownSignal signal = new ShutdownSignal("apigen-worker")) {
            try (WorkerLauncher launcher = new WorkerLauncher(config, chosen, llmBaseUrl, workerId)) {
                launcher.start();
                out.println("worker running stages " + String.join(",", chosen) + " against " + config.cluster().bootstrapServers()
                        + (launcher.metricsPort() >= 0 ? "; metrics on port " + launcher.metricsPort() : "")
                        + (logFile == null ? "" : "; logs in " + logFile));
                out.flush();
                WorkerStatus status = new WorkerStatus(launcher.totals());
                while (!signal.await(STATUS_EVERY.toMillis())) {
                    out.println(status.line(launcher.totals()));
                    out.flush();
                }
            }
        }
        return ExitCodes.OK;
    }

    static void validate(PipelineConfig config) {
        if (config.worker().concurrency() < 1) {
            throw new UsageException("--concurrency must be at least 1, got " + config.worker().concurrency());
        }
        if (config.worker().threads() < 1 || config.worker().threads() > 64) {
            throw new UsageException("--threads must be 1..64, got " + config.worker().threads());
        }
        if (config.worker().metricsPort() < -1 || config.worker().metricsPort() > 65535) {
            throw new UsageException("--metrics-port must be 0..65535, got " + config.worker().metricsPort());
        }
    }
}
