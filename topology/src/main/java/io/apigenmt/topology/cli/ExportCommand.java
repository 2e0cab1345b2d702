package io.apigenmt.topology.cli;

import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.DatasetExport;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apigen export}: verified trajectories, from the beginning to the current end, one line per task. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes every verified trajectory so far (one line per task_id) as JSONL, then exits.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSONL file.")
    Path out;

    @Option(names = "--format", defaultValue = "sharegpt", paramLabel = "sharegpt|openai",
            description = "Training format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--seed-id", paramLabel = "ID", description = "Only trajectories of this seed.")
    String seedId;

    @Override
    public Integer call() {
        TrajectoryFormat f;
        try {
            f = TrajectoryFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage());
        }
        PipelineConfig config = PipelineOptions.requireCluster(pipeline.resolve());
        DatasetExport export = new DatasetExport(ClusterConnection.of(config, pipeline.environment()::get), config.topics());
        DatasetExport.Counts counts = export.trajectories(Map.of(f, out), id -> seedId == null || seedId.equals(id));
        spec.commandLine().getOut().println("wrote " + counts.lines() + " trajectories to " + out
                + (counts.duplicatesSkipped() > 0 ? " (" + counts.duplicatesSkipped() + " duplicates skipped)" : "")
                + (counts.unrenderable() > 0 ? " (" + counts.unrenderable() + " could not be rendered)" : ""));
        return ExitCodes.OK;
    }
}
