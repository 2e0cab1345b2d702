package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.topology.given.GivenSeeds;
import io.apigenmt.topology.given.GivenTaskFile;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.review.ReviewStage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --tasks-file FILE [--check-policy]}: given tasks, for rollout only (seed and run). */
final class TasksFileOption {

    @Option(names = "--tasks-file", paramLabel = "FILE",
            description = "Publish the tasks in FILE instead of generating them, for rollout only: JSONL lines with domain, "
                    + "user_id, instruction, actions [{name, kwargs|arguments}], outputs, optional id and persona "
                    + "(tau-bench's task lists converted). Each is execution-checked, then rolled out; a failure is a dead letter.")
    Path file;

    @Option(names = "--check-policy",
            description = "With --tasks-file: given tasks must also pass the domain's policy rules (default: execution only).")
    boolean checkPolicy;

    boolean given() {
        return file != null;
    }

    /** @throws UsageException when --check-policy comes without a tasks file */
    void validate() {
        if (checkPolicy && file == null) {
            throw new UsageException("--check-policy applies to --tasks-file only");
        }
    }

    /**
     * Reads and checks the whole file; nothing is published when a line is bad.
     *
     * @param defaultDomain the domain of lines that name none; may be null
     * @throws UsageException after one line on {@code err} per bad line of the file
     */
    List<GivenTaskFile.Line> read(DomainRegistry domains, String defaultDomain, PipelineConfig config, PrintWriter err)
            throws IOException {
        return read(file, domains, defaultDomain, config, err);
    }

    /** As {@link #read(DomainRegistry, String, PipelineConfig, PrintWriter)}, for a file given by another flag. */
    static List<GivenTaskFile.Line> read(Path file, DomainRegistry domains, String defaultDomain, PipelineConfig config,
                                    PrintWriter err) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--tasks-file: no such file: " + file);
        }
        int budget = GivenSeeds.seedBudget(config.fanout().maxPayloadBytes());
        GivenTaskFile.Parsed parsed = new GivenTaskFile(domains, new ObjectMapper(), budget).read(file, defaultDomain);
        if (!parsed.problems().isEmpty()) {
            parsed.problems().forEach(problem -> err.println(file + ": " + problem));
            err.flush();
            int bad = parsed.problems().size();
            throw new UsageException("--tasks-file: " + bad + (bad == 1 ? " bad line" : " bad lines") + " in " + file
                    + "; nothing published");
        }
        if (parsed.tasks().isEmpty()) {
            throw new UsageException("--tasks-file: " + file + " holds no tasks");
        }
        return parsed.tasks();
    }

    /** The seeds that carry {@code tasks}, ids {@code <baseId>-<domain>-<n>}. */
    List<SeedRequest> seeds(List<GivenTaskFile.Line> tasks, String baseId, long randomSeed, PipelineConfig config) {
        Map<String, String> options = checkPolicy ? Map.of(ReviewStage.CHECK_POLICY_OPTION, "true") : Map.of();
        return GivenSeeds.plan(tasks, baseId, randomSeed, options, GivenSeeds.seedBudget(config.fanout().maxPayloadBytes()),
                config.fanout().maxTasksPerSeed());
    }
}
