package io.apigenmt.topology.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code apigen config show|defaults}: the configuration as resolved, or as declared. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Shows the resolved configuration (show) or every key's default (defaults).",
        subcommands = {ConfigShowCommand.class, ConfigDefaultsCommand.class})
final class ConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: show or defaults");
    }
}
