package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.topology.given.GivenTaskFile;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.SeedPublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen seed}: publishes one seed (N tasks of a domain) to the seeds topic, or, with
 * {@code --tasks-file}, the seeds that carry a file's given tasks (rollout only).
 */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Publishes a seed: N tasks of one domain. Workers pick it up from the seeds topic.",
            "With --tasks-file, publishes the file's tasks for rollout only (several seeds when the file is long)."})
final class SeedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--domain", paramLabel = "D",
            description = "Domain name, e.g. retail or airline. With --tasks-file: the domain of lines that name none.")
    String domain;

    @Option(names = "--tasks", paramLabel = "N", description = "Number of tasks (not with --tasks-file).")
    Integer tasks;

    @Option(names = "--seed-id", paramLabel = "ID",
            description = "Seed id (default: a random one). Task ids are <seed-id>-<index>; with --tasks-file the seeds are "
                    + "<seed-id>-<domain>-<n>.")
    String seedId;

    @Mixin
    RandomSeedOption randomSeed;

    @Mixin
    RecombineOption recombine;

    @Mixin
    TasksFileOption tasksFile;

    @Override
    public Integer call() throws InterruptedException, IOException {
        PipelineConfig config = PipelineOptions.requireCluster(pipeline.resolve());
        randomSeed.validate();
        tasksFile.validate();
        String id = seedId != null ? seedId : (tasksFile.given() ? "tasks-" : "seed-") + UUID.randomUUID().toString().substring(0, 8);
        List<SeedRequest> seeds = tasksFile.given() ? givenSeeds(config, id) : List.of(generatedSeed(id));
        ClusterConnection cluster = ClusterConnection.of(config, pipeline.environment()::get);
        PrintWriter out = spec.commandLine().getOut();
        int published = 0;
        try (SeedPublisher publisher = new SeedPublisher(cluster.clientProps(), config.topics(), cluster.registry())) {
            for (SeedRequest seed : seeds) {
                publisher.publish(seed);
                published++;
            }
        } catch (IllegalStateException e) {
            if (published > 0) {
                // A seed published twice is one request: the same --seed-id publishes the rest.
                throw new IllegalStateException(published + " of " + seeds.size() + " seeds published; publish again with --seed-id "
                        + id + ": " + e.getMessage(), e);
            }
            throw e;
        }
        for (SeedRequest seed : seeds) {
            out.println("published seed " + seed.getSeedId() + ": " + describe(seed));
        }
        return ExitCodes.OK;
    }

    private SeedRequest generatedSeed(String id) {
        if (domain == null) {
            throw new UsageException("--domain is required (or --tasks-file)");
        }
        if (tasks == null) {
            throw new UsageException("--tasks is required (or --tasks-file)");
        }
        if (tasks <= 0) {
            throw new UsageException("--tasks must be at least 1, got " + tasks);
        }
        Map<String, String> options = recombine.seedOptions();
        return new SeedRequest(id, domain, tasks, randomSeed.value, options, List.of());
    }

    private List<SeedRequest> givenSeeds(PipelineConfig config, String id) throws IOException {
        if (tasks != null) {
            throw new UsageException("--tasks does not go with --tasks-file: the file's lines are the tasks");
        }
        if (recombine.groupSize != null) {
            throw new UsageException("--recombine does not go with --tasks-file: given tasks are rolled out as given");
        }
        DomainRegistry domains = DomainRegistry.load(); // the tools, whatever data the workers run on
        List<GivenTaskFile.Line> lines = tasksFile.read(domains, domain, config, spec.commandLine().getErr());
        return tasksFile.seeds(lines, id, randomSeed.value, config);
    }

    private String describe(SeedRequest seed) {
        if (!seed.getGivenTasks().isEmpty()) {
            return seed.getTasks() + " given " + seed.getDomain() + " tasks (rollout only)";
        }
        return recombine.requestedTasks(seed.getTasks()) + " " + seed.getDomain() + " tasks"
                + (seed.getOptions().isEmpty() ? "" : " (" + seed.getTasks() + " + "
                + (recombine.requestedTasks(seed.getTasks()) - seed.getTasks()) + " combined)");
    }
}
