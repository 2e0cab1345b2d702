package io.apigenmt.topology.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code apigen env ...}: environments over the environment protocol. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Serve a built-in domain over the environment protocol (docs/environment-protocol.md).",
        subcommands = {EnvServeCommand.class})
final class EnvCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: serve");
    }
}
