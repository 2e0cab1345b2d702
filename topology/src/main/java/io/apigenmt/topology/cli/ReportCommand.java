package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.ledger.LedgerReader;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apigen report}: the ledger and funnel as JSON on stdout. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Prints the ledger (requested = verified + dead_lettered + in_flight), per-stage counters, per-domain totals and LLM usage as JSON.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--seed-id", paramLabel = "ID", description = "Only this seed's tasks.")
    String seedId;

    @Override
    public Integer call() throws Exception {
        PipelineConfig config = PipelineOptions.requireCluster(pipeline.resolve(l -> { }));
        ClusterConnection cluster = ClusterConnection.of(config, System::getenv);
        SeedCheck seedCheck = new SeedCheck(DomainRegistry.load(), config.fanout().maxTasksPerSeed(),
                config.fanout().maxPayloadBytes());
        Ledger ledger = new Ledger(config.rollout().trials(), id -> seedId == null || seedId.equals(id));
        try (LedgerReader reader = new LedgerReader(cluster.clientProps(), config.topics(), cluster.registry(), seedCheck, ledger)) {
            reader.catchUp();
        }
        ObjectMapper json = new ObjectMapper();
        spec.commandLine().getOut().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(ledger.toJson(json)));
        return ExitCodes.OK;
    }
}
