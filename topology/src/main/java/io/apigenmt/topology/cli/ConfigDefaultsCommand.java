package io.apigenmt.topology.cli;

import io.apigenmt.topology.config.DeclarationDocs;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code apigen config defaults}: every key at its default, generated from the declaration. The
 * repository's {@code apigen-defaults.yaml} and {@code docs/configuration.md} are this output
 * (a test fails when they differ); regenerate them with the commands in {@link #REGENERATE}.
 */
@Command(name = "defaults", mixinStandardHelpOptions = true,
        description = {"Prints every configuration key at its built-in default as an annotated YAML file (a starting",
            "point for --config), or with --markdown as the reference table of docs/configuration.md."})
final class ConfigDefaultsCommand implements Callable<Integer> {

    static final List<String> REGENERATE = List.of(
            "bin/apigen config defaults > topology/src/main/resources/apigen-defaults.yaml",
            "bin/apigen config defaults --markdown > docs/configuration.md");

    @Spec
    CommandSpec spec;

    @Option(names = "--markdown", description = "The Markdown reference instead of YAML.")
    boolean markdown;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(markdown ? markdown() : yaml());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static String yaml() {
        List<String> header = new ArrayList<>(List.of(
                "Every apigen setting at its built-in default. Generated from the declaration (PipelineConfig,",
                "LlmSettings): do not edit; regenerate with",
                "  " + REGENERATE.get(0),
                "",
                "Precedence, lowest first: these defaults, a command's own defaults, a --config file (YAML or",
                "JSON, keys in snake_case, kebab-case or camelCase), environment variables, flags. Command",
                "defaults: " + commandDefaults() + ".",
                "Any key can be set from the environment as APIGEN_<SECTION>__<KEY>",
                "(APIGEN_WORKER__CONCURRENCY=512, APIGEN_CLUSTER__KAFKA__security.protocol=SSL); an empty",
                "variable counts as unset. 'apigen config show' prints what applies and where each value",
                "came from; docs/configuration.md is the same list as a table."));
        return DeclarationDocs.yaml(PipelineConfig.DECLARATION, header);
    }

    static String markdown() {
        List<String> header = List.of(
                "# Configuration reference",
                "",
                "Generated from the declaration (`PipelineConfig`, `LlmSettings`) by `" + REGENERATE.get(1) + "`; do not edit.",
                "",
                "Precedence, lowest first: the defaults below, a command's own defaults, the `--config` file (YAML or",
                "JSON; keys in snake_case, kebab-case or camelCase), environment variables, flags. Command defaults:",
                commandDefaults() + ". Any key can be set from the environment as `APIGEN_<SECTION>__<KEY>`; an empty",
                "variable counts as unset; a list (`llm.reviewers`) only in a file. A key whose default names another",
                "key inherits that key's value. `apigen config show [--config F] [flags]` prints every key with its",
                "value and where it came from.");
        return DeclarationDocs.markdown(PipelineConfig.DECLARATION, header);
    }

    private static String commandDefaults() {
        return PipelineConfig.COMMAND_DEFAULTS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(c -> c.getKey() + ": " + c.getValue().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }
}
