package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.dataset.DatasetExport;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.ledger.LedgerReader;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.worker.StageStatusReader;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen report}: the ledger and funnel as JSON on stdout, and {@code paused}: the stages
 * running workers have paused because a model endpoint they need is down (from stage-status).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Prints the ledger (requested = verified + dead_lettered + in_flight), per-stage counters, per-domain totals, "
                + "LLM usage and the dataset rows per layout (written and rejected, with reasons) as JSON.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--seed-id", paramLabel = "ID", description = "Only this seed's tasks.")
    String seedId;

    @Mixin
    EnvironmentOptions environments;

    @Override
    public Integer call() throws Exception {
        PipelineConfig config = PipelineOptions.requireCluster(pipeline.resolve(environments));
        ClusterConnection cluster = ClusterConnection.of(config, pipeline.environment()::get);
        SeedCheck seedCheck = new SeedCheck(Domains.names(DomainRegistry.load(), config.environments()),
                config.fanout().maxTasksPerSeed(),
                config.fanout().maxPayloadBytes());
        Predicate<String> seeds = id -> seedId == null || seedId.equals(id);
        Ledger ledger = new Ledger(config.rollout().trials(), seeds, config.cost().priceList());
        try (LedgerReader reader = new LedgerReader(cluster.clientProps(), config.topics(), cluster.registry(), seedCheck, ledger)) {
            reader.catchUp();
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = ledger.toJson(json);
        // The rows an export would write now: every verified trajectory rendered, nothing written.
        report.set("rows", new DatasetExport(cluster, config.topics())
                .count(EnumSet.allOf(TrajectoryFormat.class), seeds).toJson(json));
        // Paused stages as the running workers last said (stage-status): the report sees no worker itself.
        report.set("paused", StagePauses.fromStatus(StageStatusReader.current(cluster.clientProps(), config.topics(),
                cluster.registry(), System.currentTimeMillis()), json));
        spec.commandLine().getOut().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return ExitCodes.OK;
    }
}
