package io.apigenmt.topology.cli;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.redrive.Redrive;
import io.apigenmt.topology.worker.Worker;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apigen redrive}: dead letters back to the stage that failed them (see {@link Redrive}). */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Re-publishes dead-lettered tasks, from the record each dead letter kept, to the stage that failed",
            "them. Only a task's latest dead letter, and only while the task still stands on it (not verified, not",
            "redriven already); the task gets a fresh attempt budget and keeps the usage it had. The ledger counts",
            "each task once, by its latest terminal record. Prints one line per dead letter: send or skip, and why."})
final class RedriveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Option(names = "--reason", paramLabel = "R", description = "Only dead letters of this reason, e.g. generation_failed.")
    String reason;

    @Option(names = "--stage", paramLabel = "S", description = "Only dead letters of this stage, e.g. generate.")
    String stage;

    @Mixin
    EnvironmentOptions environments;

    @Option(names = "--seed-id", paramLabel = "ID", description = "Only dead letters of this seed.")
    String seedId;

    @Option(names = "--dry-run", description = "Print what would be sent; send nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PipelineConfig config = PipelineOptions.requireCluster(pipeline.resolve(environments));
        ClusterConnection cluster = ClusterConnection.of(config, pipeline.environment()::get);
        SeedCheck seedCheck = new SeedCheck(Domains.names(DomainRegistry.load(), config.environments()), config.fanout().maxTasksPerSeed(),
                config.fanout().maxPayloadBytes());
        PrintWriter err = spec.commandLine().getErr();
        List<Redrive.Decision> decisions = new Redrive(config.topics(), cluster.registry()).plan(cluster.clientProps(),
                seedCheck, config.rollout().trials(), new Redrive.Filter(reason, stage, seedId),
                at -> err.println("skipping an undecodable dead letter at " + at));
        List<Redrive.Send> sends = decisions.stream().filter(Redrive.Send.class::isInstance).map(Redrive.Send.class::cast)
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        for (Redrive.Decision d : decisions) {
            out.println(line(d));
        }
        if (!dryRun) {
            Redrive.publish(sends, cluster.clientProps());
        }
        out.println((dryRun ? "would redrive " : "redrove ") + sends.size() + " of " + decisions.size()
                + " dead letters" + (decisions.size() > sends.size() ? " (" + (decisions.size() - sends.size())
                + " skipped)" : "") + (dryRun ? "; nothing sent (--dry-run)" : ""));
        out.flush();
        return ExitCodes.OK;
    }

    private static String line(Redrive.Decision decision) {
        DeadLetter d = decision.letter();
        String what = d.getId() + " (" + d.getReason() + " at " + d.getStage() + ", attempt " + d.getAttempts() + ")";
        if (decision instanceof Redrive.Send s) {
            return "send " + what + " -> " + s.topic() + " as " + s.type() + ", redrive " + s.redrives().generation()
                    + ", attempt budget counted from attempt " + s.redrives().baseAttempt();
        }
        return "skip " + what + ": " + ((Redrive.Skip) decision).why();
    }

    private void validate() {
        if (reason != null && Arrays.stream(DeadLetterReason.values()).noneMatch(r -> r.wire().equals(reason))) {
            throw new UsageException("--reason: unknown reason '" + reason + "'; reasons are "
                    + Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::wire).collect(Collectors.joining(", ")));
        }
        if (stage != null && !Worker.STAGES.contains(stage)) {
            throw new UsageException("--stage: unknown stage '" + stage + "'; stages are " + String.join(", ", Worker.STAGES));
        }
    }
}
