package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} and the layers it sits in: every command that reads the configuration
 * mixes it in, directly (domain exec, verify, sim-llm) or through {@link PipelineOptions}.
 */
final class ConfigFileOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML or JSON config file ('apigen config defaults' prints every key).")
    Path file;

    /** Defaults, {@code commandName}'s defaults, the file, {@code environment} and the {@code flags}. */
    ConfigLoader layers(String commandName, Map<String, String> environment, ConfigFlags... flags) {
        ConfigLoader layers = ConfigLoader.defaults().commandDefaults(commandName).file(file).environment(environment);
        for (ConfigFlags f : flags) {
            f.applyTo(layers);
        }
        return layers;
    }
}
