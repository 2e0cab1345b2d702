package io.apigenmt.topology.cli;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.tools.ReferenceDomain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code apigen domain export-data}: a built-in domain's generated database in tau-bench's layout. */
@Command(name = "export-data", mixinStandardHelpOptions = true,
        description = "Writes the domain's generated database as tau-bench's JSON files (retail: users.json, "
                + "orders.json, products.json; airline: users.json, flights.json, reservations.json).")
final class DomainExportDataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--domain", required = true, paramLabel = "D", description = "A built-in domain: retail or airline.")
    String domain;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write (created when missing).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Domain found = DomainSource.of(Map.of()).require(domain, "--domain");
        if (!(found instanceof ReferenceDomain reference)) {
            throw new UsageException("--domain: " + domain + " is not a built-in domain with a database to export");
        }
        List<String> files = new ArrayList<>();
        reference.writeData(out).forEach((file, records) -> files.add(file + " (" + records + " records)"));
        spec.commandLine().getOut().println("wrote " + String.join(", ", files) + " to " + out);
        return ExitCodes.OK;
    }
}
