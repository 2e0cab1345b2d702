package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.dataset.DatasetCard;
import io.apigenmt.topology.dataset.DatasetExport;
import io.apigenmt.topology.dataset.ExportSummary;
import io.apigenmt.topology.dataset.RoleEndpoints;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.sim.SimLlmOptions;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen run}: the whole pipeline in one command. Without a cluster in any layer of the
 * configuration (flag, environment, file) it starts an embedded broker and registry; without a
 * model endpoint, the simulated model.
 * Publishes one seed per domain, shows progress until every task is terminal, writes the
 * dataset folder (every layout, rejected rows, dead letters, report, dataset card) to
 * {@code --out}, and exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline until every task is verified or dead-lettered, then writes",
            "DIR/trajectories.{sharegpt,openai,hf}.jsonl, DIR/rejects.jsonl, DIR/dead-letters.jsonl, DIR/report.json",
            "and the dataset card DIR/README.md with DIR/dataset_info.json (LLaMA-Factory)."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    WorkloadOptions workload;

    @Option(names = "--tasks", defaultValue = "10", paramLabel = "N", description = "Tasks per domain. Default: ${DEFAULT-VALUE}.")
    int tasks;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "Output directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    ModelOption model;

    @Mixin
    WorkerOptions sizing;

    @Mixin
    BudgetOption budget;

    @Mixin
    RandomSeedOption randomSeed;

    @Mixin
    SimModelOptions simModel;

    @Mixin
    RecombineOption recombine;

    @Mixin
    LicenseOption license;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        validate();
        SimLlmOptions sim = simModel.options(randomSeed.value);
        ConfigLoader layers = pipeline.layers(model, sizing, budget);
        // A bad setting fails now, before the domains load
        WorkerLauncher.requirePrices(layers.build());
        DomainRegistry registry = DomainRegistry.load();
        workload.validate(registry);
        PrintWriter log = spec.commandLine().getErr();
        try (PipelineSession session = new PipelineSession(layers, sim, out, registry, log, true, pipeline.environment())) {
            Set<String> seedIds = session.publish(workload.domains, tasks, randomSeed.value, recombine.seedOptions());
            Progress progress = new Progress(log, System.console() != null, (long) recombine.requestedTasks(tasks) * seedIds.size());
            Ledger ledger;
            try {
                ledger = session.await(seedIds, workload.timeout(), progress::show);
            } finally {
                progress.done();
            }
            writeOutputs(session, seedIds, ledger);
            return ExitCodes.OK;
        }
    }

    private void validate() {
        if (tasks <= 0) {
            throw new UsageException("--tasks must be at least 1, got " + tasks);
        }
        recombine.validate();
        license.validate();
        randomSeed.validate();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out is not a directory: " + out);
        }
    }

    private void writeOutputs(PipelineSession session, Set<String> seedIds, Ledger ledger) throws IOException {
        Files.createDirectories(out);
        DatasetExport export = new DatasetExport(session.launcher().cluster(), session.config().topics());
        Map<TrajectoryFormat, Path> files = DatasetExport.defaultFiles(out);
        Path rejects = out.resolve(DatasetExport.REJECTS_FILE);
        ExportSummary rows = export.write(files, rejects, seedIds::contains);
        long dead = export.deadLetters(out.resolve("dead-letters.jsonl"), seedIds::contains);
        ObjectNode report = ledger.toJson(json);
        report.set("rows", rows.toJson(json));
        report.putArray("seeds").addAll(seedIds.stream().map(json.getNodeFactory()::textNode).toList());
        Double maxUsd = session.config().cost().maxUsd();
        if (maxUsd != null) {
            // What the budget came to: the spend on the books against it (docs/costs.md bounds the overshoot).
            BigDecimal max = BigDecimal.valueOf(maxUsd);
            BigDecimal spent = report.at("/cost/total/usd").decimalValue();
            report.putObject("budget").put("max_usd", max).put("spent_usd", spent)
                    .put("over_budget_usd", spent.subtract(max).max(BigDecimal.ZERO))
                    .put("budget_dead_letters", report.at("/dead_letters_by_reason/budget_exhausted").asLong());
        }
        Files.writeString(out.resolve("report.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        Map<TrajectoryFormat, String> names = new LinkedHashMap<>();
        files.forEach((format, path) -> names.put(format, path.getFileName().toString()));
        new DatasetCard(names, rows, license.provenance(spec, RoleEndpoints.of(session.launcher().llmSettings()), report))
                .writeTo(out);

        PrintWriter o = spec.commandLine().getOut();
        o.println(Summary.of(report));
        o.println("wrote " + Summary.rows(rows, rejects) + ", " + dead + " dead letters, report.json and the dataset card README.md to "
                + out);
        o.flush();
    }
}
