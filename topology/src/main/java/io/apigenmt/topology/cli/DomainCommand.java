package io.apigenmt.topology.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code apigen domain ...}: a built-in domain on its own, outside the pipeline. */
@Command(name = "domain", mixinStandardHelpOptions = true,
        description = "Run a domain's tools on their own, or write its database in tau-bench's layout.",
        subcommands = {DomainExecCommand.class, DomainExportDataCommand.class})
final class DomainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: exec or export-data");
    }
}
