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
import io.apigenmt.topology.config.Resolution;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.given.GivenTaskFile;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.view.TaskBookReader;
import io.apigenmt.topology.view.TaskFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen run}: the whole pipeline in one command. Without a cluster in any layer of the
 * configuration (flag, environment, file) it starts an embedded broker and registry; without a
 * model endpoint, the simulated model.
 * Checks the model endpoints first (preflight: a problem exits 1 before anything is seeded).
 * Publishes one seed per domain, shows progress until every task is terminal (stages paused for
 * an endpoint outage wait, and the progress line says why), writes the dataset folder (every
 * layout, rejected rows, dead letters, report, dataset card) to {@code --out}, and exits 0 —
 * or 1, with a one-line summary, when no task verified because every dead letter is a model
 * endpoint fault.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline until every task is verified or dead-lettered, then writes",
            "DIR/trajectories.{sharegpt,openai,hf}.jsonl, DIR/rejects.jsonl, DIR/dead-letters.jsonl, DIR/report.json,",
            "the dataset card DIR/README.md with DIR/dataset_info.json (LLaMA-Factory), DIR/tasks.jsonl (every",
            "task's history, for 'apigen view DIR') and the run's log DIR/apigen.log."})
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

    @Mixin
    DomainDataOption domainData;

    @Mixin
    TasksFileOption tasksFile;

    @Mixin
    EnvironmentOptions environments;

    /** In the output folder: the run's full log (the libraries' too), from INFO up. */
    static final String LOG_FILE = "apigen.log";
    private static final String DEAD_LETTERS = "dead-letters.jsonl";

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        validate();
        SimLlmOptions sim = simModel.options(randomSeed.value);
        ConfigLoader layers = pipeline.layers(model, sizing, domainData, environments, budget);
        // A bad setting fails now, before anything starts; then the domains load, on domain_data where it is set.
        Resolution resolved = layers.resolve();
        PipelineConfig config = resolved.config(PipelineConfig.class);
        DomainRegistry registry = DomainSource.load(resolved);
        PrintWriter log = spec.commandLine().getErr();
        Path logFile = pipeline.logTo(out.resolve(LOG_FILE));
        if (logFile != null) {
            log.println("logs in " + logFile);
        }
        List<GivenTaskFile.Line> given = List.of();
        if (tasksFile.given()) {
            given = tasksFile.read(registry, null, config, log);
        } else {
            workload.validate(Domains.names(registry, config.environments()));
        }
        DomainSource.describe(registry, config).forEach(line -> log.println("domain " + line));
        EnvironmentPreflight.check(config, tasksFile.given() ? List.of() : workload.domains, log);
        try (PipelineSession session = new PipelineSession(layers, sim, out, registry, log, true, pipeline.environment(),
                given)) {
            Set<String> seedIds;
            long requested;
            if (tasksFile.given()) {
                seedIds = session.publish(tasksFile.seeds(given, PipelineSession.runId(), randomSeed.value, session.config()));
                requested = given.size();
            } else {
                seedIds = session.publish(workload.domains, tasks, randomSeed.value, recombine.seedOptions());
                requested = (long) recombine.requestedTasks(tasks) * seedIds.size();
            }
            StagePauses pauses = new StagePauses(session.launcher().worker());
            Progress progress = new Progress(log, Progress.onTerminal(pipeline.environment()), requested, System::nanoTime,
                    pauses::progressNote);
            Ledger ledger;
            try {
                ledger = session.await(seedIds, workload.timeout(), progress::show);
            } finally {
                progress.done();
            }
            ObjectNode report = writeOutputs(session, seedIds, ledger, pauses);
            Optional<String> fault = EndpointFaults.nothingVerified(report, out.resolve(DEAD_LETTERS));
            if (fault.isPresent()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("apigen run: " + fault.get());
                err.flush();
                return ExitCodes.RUNTIME_FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    private void validate() {
        if (tasks <= 0) {
            throw new UsageException("--tasks must be at least 1, got " + tasks);
        }
        recombine.validate();
        tasksFile.validate();
        if (tasksFile.given()) {
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            for (String flag : List.of("--tasks", "--domains", "--recombine")) {
                if (parsed.hasMatchedOption(flag)) {
                    throw new UsageException(flag + " does not go with --tasks-file: the file's lines are the tasks");
                }
            }
        }
        license.validate();
        randomSeed.validate();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out is not a directory: " + out);
        }
    }

    /** Writes the dataset folder; returns the report. */
    private ObjectNode writeOutputs(PipelineSession session, Set<String> seedIds, Ledger ledger, StagePauses pauses)
            throws IOException {
        Files.createDirectories(out);
        DatasetExport export = new DatasetExport(session.launcher().cluster(), session.config().topics());
        Map<TrajectoryFormat, Path> files = DatasetExport.defaultFiles(out);
        Path rejects = out.resolve(DatasetExport.REJECTS_FILE);
        ExportSummary rows = export.write(files, rejects, seedIds::contains);
        long dead = export.deadLetters(out.resolve(DEAD_LETTERS), seedIds::contains);
        // For 'apigen view': per task everything the topics hold, reviews and rejections included.
        ClusterConnection cluster = session.launcher().cluster();
        TaskFile.write(out.resolve(TaskFile.NAME),
                TaskBookReader.read(cluster.clientProps(), session.config().topics(), cluster.registry(), seedIds::contains));
        ObjectNode report = ledger.toJson(json);
        pauses.addTo(report, json);
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
        o.println("browse the run: apigen view " + out);
        o.flush();
        return report;
    }
}
