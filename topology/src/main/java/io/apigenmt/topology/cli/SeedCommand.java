package io.apigenmt.topology.cli;

import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.SeedPublisher;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code apigen seed}: publishes one seed (N tasks of a domain) to the seeds topic. */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Publishes a seed: N tasks of one domain. Workers pick it up from the seeds topic.")
final class SeedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--domain", required = true, paramLabel = "D", description = "Domain name, e.g. retail or airline.")
    String domain;

    @Option(names = "--tasks", required = true, paramLabel = "N", description = "Number of tasks.")
    int tasks;

    @Option(names = "--seed-id", paramLabel = "ID", description = "Seed id (default: a random one). Task ids are <seed-id>-<index>.")
    String seedId;

    @Option(names = "--random-seed", defaultValue = "0", paramLabel = "S", description = "Random seed of the task sampling. Default: ${DEFAULT-VALUE}.")
    long randomSeed;

    @Mixin
    RecombineOption recombine;

    @Override
    public Integer call() throws InterruptedException {
        PipelineConfig config = PipelineOptions.requireCluster(pipeline.resolve(l -> { }));
        if (tasks <= 0) {
            throw new UsageException("--tasks must be at least 1, got " + tasks);
        }
        UsageException.requireJsonSafe("--random-seed", randomSeed);
        Map<String, String> options = recombine.seedOptions();
        String id = seedId != null ? seedId : "seed-" + UUID.randomUUID().toString().substring(0, 8);
        ClusterConnection cluster = ClusterConnection.of(config, System::getenv);
        try (SeedPublisher publisher = new SeedPublisher(cluster.clientProps(), config.topics(), cluster.registry())) {
            publisher.publish(new SeedRequest(id, domain, tasks, randomSeed, options));
        }
        spec.commandLine().getOut().println("published seed " + id + ": " + recombine.requestedTasks(tasks) + " " + domain + " tasks"
                + (options.isEmpty() ? "" : " (" + tasks + " + " + (recombine.requestedTasks(tasks) - tasks) + " combined)"));
        return ExitCodes.OK;
    }
}
