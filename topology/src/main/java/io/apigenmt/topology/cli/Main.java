package io.apigenmt.topology.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code apigen} command line. The only place that calls {@link System#exit}; exit codes:
 * 0 success, 2 usage error (one line naming the bad flag), 1 runtime failure (one-line cause).
 */
@Command(
        name = "apigen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Verified multi-turn agent trajectories from seed domains (APIGen-MT on Kafka Streams).",
        subcommands = {
            RunCommand.class,
            BrokerCommand.class,
            SimLlmCommand.class,
            WorkerCommand.class,
            SeedCommand.class,
            ExportCommand.class,
            ReportCommand.class,
            RedriveCommand.class,
            BenchCommand.class,
            DomainCommand.class,
            EnvCommand.class,
            VerifyCommand.class,
            ConfigCommand.class,
            ViewCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment every command reads its settings from: the one place that sees the process's. */
    private final Map<String, String> environment;

    private Main(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run 'apigen --help' for the list");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code, without exiting: tests call this. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The CLI seeing {@code environment} instead of the process's environment (tests). */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cli = new CommandLine(new Main(environment));
        cli.setParameterExceptionHandler(ExitCodes::onUsageError);
        cli.setExecutionExceptionHandler(ExitCodes::onRuntimeFailure);
        return cli;
    }

    /** The environment of the command line that {@code spec} (any command or mixin of it) belongs to. */
    static Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
        return ((Main) spec.root().userObject()).environment;
    }
}
