package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.verify.DatasetRow;
import io.apigenmt.topology.verify.DatasetVerifier;
import io.apigenmt.topology.verify.RowFormat;
import io.apigenmt.topology.verify.RowReader;
import io.apigenmt.topology.verify.RowVerdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen verify}: re-verifies every row of a dataset the way the rollout verified it, and
 * prints one line per failing row with the reason, then a summary; exit 1 when a row fails.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-verifies a dataset (JSONL rows with domain, actions, outputs and the conversation): the "
                + "conversation's tool calls and the ground-truth actions are replayed on fresh environments, "
                + "then state hashes and outputs are checked as the rollout checks them.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The dataset, one JSON row per line.")
    Path in;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "openai|sharegpt",
            description = "Row layout (hf reads as openai). Default: told apart per row.")
    String format;

    @Option(names = DomainSource.FLAG, paramLabel = "D=DIR",
            description = "Run built-in domain D on the database in DIR (tau-bench's JSON layout); repeatable.")
    Map<String, Path> domainData;

    @Override
    public Integer call() throws IOException {
        RowFormat rowFormat;
        try {
            rowFormat = RowFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage());
        }
        if (!Files.isRegularFile(in)) {
            throw new UsageException("--in: no such file: " + in);
        }
        DomainSource domains = DomainSource.of(domainData);
        ObjectMapper json = new ObjectMapper();
        RowReader reader = new RowReader(json);
        DatasetVerifier verifier = new DatasetVerifier(domains::find, json);
        PrintWriter out = spec.commandLine().getOut();
        int rows = 0;
        int failed = 0;
        int differing = 0;
        try (BufferedReader lines = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                String label = "line " + number;
                RowVerdict verdict;
                try {
                    DatasetRow row = reader.read(line, rowFormat);
                    label += row.taskId() == null ? "" : " (task " + row.taskId() + ")";
                    verdict = verifier.verify(row);
                } catch (RowReader.BadRow e) {
                    verdict = new RowVerdict(false, e.getMessage(), 0);
                }
                if (!verdict.passed()) {
                    failed++;
                    out.println(label + ": " + verdict.reason());
                }
                differing += verdict.observationsDiffering() > 0 ? 1 : 0;
            }
        }
        if (rows == 0) {
            throw new IllegalStateException(in + " has no rows");
        }
        out.println("verified " + (rows - failed) + " of " + rows + " rows" + (failed > 0 ? "; " + failed + " failed" : "")
                + (differing > 0 ? "; replayed observations differ from the recorded ones in " + differing + " rows" : ""));
        out.flush();
        return failed > 0 ? ExitCodes.RUNTIME_FAILURE : ExitCodes.OK;
    }
}
