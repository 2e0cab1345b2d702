package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.dataset.DatasetCard;
import io.apigenmt.topology.dataset.DatasetExport;
import io.apigenmt.topology.dataset.ExportSummary;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.ledger.LedgerReader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen export}: verified trajectories, from the beginning to the current end, one row per
 * task in one layout (to a file) or in every layout (to a folder, as {@code run} writes it).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes every verified trajectory so far (one row per task_id) as JSONL, then exits.",
            "Rows a layout's rules refuse go to <file>.rejects.jsonl (rejects.jsonl with --format all)."})
final class ExportCommand implements Callable<Integer> {

    static final String ALL = "all";

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR",
            description = "Output JSONL file; a directory with --format all.")
    Path out;

    @Option(names = "--format", defaultValue = "sharegpt", paramLabel = "sharegpt|openai|hf|all",
            description = "Training layout, or all of them under their default names. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--seed-id", paramLabel = "ID", description = "Only trajectories of this seed.")
    String seedId;

    @Option(names = "--card", description = "Also write the dataset card (README.md) and LLaMA-Factory's "
            + "dataset_info.json beside the data. Always on with --format all.")
    boolean card;

    @Mixin
    LicenseOption license;

    @Mixin
    EnvironmentOptions environments;

    @Override
    public Integer call() {
        Map<TrajectoryFormat, Path> files = files();
        license.validate();
        PipelineConfig config = PipelineOptions.requireCluster(pipeline.resolve(environments));
        ClusterConnection cluster = ClusterConnection.of(config, pipeline.environment()::get);
        Predicate<String> seeds = id -> seedId == null || seedId.equals(id);
        Path dir = folder();
        Path rejects = ALL.equals(format) ? dir.resolve(DatasetExport.REJECTS_FILE) : rejectsBeside(out);
        ExportSummary rows = new DatasetExport(cluster, config.topics()).write(files, rejects, seeds);
        if (card || ALL.equals(format)) {
            Ledger ledger = new Ledger(config.rollout().trials(), seeds, config.cost().priceList());
            try (LedgerReader reader = new LedgerReader(cluster.clientProps(), config.topics(), cluster.registry(),
                    new SeedCheck(Domains.names(DomainRegistry.load(), config.environments()), config.fanout().maxTasksPerSeed(),
                            config.fanout().maxPayloadBytes()), ledger)) {
                reader.catchUp();
            }
            Map<TrajectoryFormat, String> names = new LinkedHashMap<>();
            files.forEach((f, path) -> names.put(f, dir.relativize(path.toAbsolutePath()).toString()));
            new DatasetCard(names, rows, license.provenance(spec, Map.of(), ledger.toJson(new ObjectMapper())))
                    .writeTo(dir);
        }
        spec.commandLine().getOut().println("wrote " + Summary.rows(rows, rejects) + " to " + out
                + (rows.duplicatesSkipped() > 0 ? " (" + rows.duplicatesSkipped() + " duplicates skipped)" : "")
                + (card || ALL.equals(format) ? "; dataset card " + dir.resolve(DatasetCard.CARD_FILE) : ""));
        return ExitCodes.OK;
    }

    private Map<TrajectoryFormat, Path> files() {
        if (ALL.equals(format)) {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new UsageException("--out must be a directory with --format all: " + out);
            }
            return DatasetExport.defaultFiles(out);
        }
        TrajectoryFormat f;
        try {
            f = TrajectoryFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage() + " (or " + ALL + ")");
        }
        if (Files.isDirectory(out)) {
            throw new UsageException("--out is a directory; name a file, or use --format all: " + out);
        }
        return Map.of(f, out);
    }

    private Path folder() {
        return ALL.equals(format) ? out.toAbsolutePath() : out.toAbsolutePath().getParent();
    }

    /** {@code trajectories.sharegpt.jsonl} → {@code trajectories.sharegpt.rejects.jsonl}. */
    static Path rejectsBeside(Path file) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return file.resolveSibling(stem + ".rejects.jsonl");
    }
}
