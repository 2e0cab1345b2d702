package io.apigenmt.topology.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.config.Resolution;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen config show}: every key of the configuration that these flags, the environment
 * and {@code --config} resolve to, with where each value came from. Secrets are hidden; API keys
 * are never in the configuration (only the names of their variables or files).
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints every configuration key with its value and where it came from (default, default of a",
            "command, file, env VAR, flag), as the same flags, environment and --config give it to a command."})
final class ConfigShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PipelineOptions pipeline;

    @Mixin
    WorkerOptions sizing;

    @Mixin
    ModelOption model;

    @Option(names = "--for", paramLabel = "COMMAND",
            description = "Include this command's own defaults (run and bench have some).")
    String command;

    @Option(names = "--json", description = "One JSON object: key -> {value, source}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (command != null && !spec.root().subcommands().containsKey(command)) {
            throw new UsageException("--for: unknown command '" + command + "'");
        }
        List<Resolution.Entry> entries = pipeline.layers(command == null ? spec.name() : command, sizing, model).resolve()
                .entries();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            entries.forEach(e -> root.putObject(e.key()).put("value", e.value()).put("source", e.source().toString()));
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } else {
            int keyWidth = entries.stream().mapToInt(e -> e.key().length()).max().orElse(3);
            int valueWidth = Math.min(48, entries.stream().mapToInt(e -> shown(e).length()).max().orElse(5));
            String format = "%-" + keyWidth + "s  %-" + valueWidth + "s  %s%n";
            out.printf(format, "KEY", "VALUE", "SOURCE");
            entries.forEach(e -> out.printf(format, e.key(), shown(e), e.source()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String shown(Resolution.Entry e) {
        return e.value().isEmpty() ? "\"\"" : e.value();
    }
}
