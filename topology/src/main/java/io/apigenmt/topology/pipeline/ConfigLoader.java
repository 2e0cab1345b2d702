package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.config.Layers;
import io.apigenmt.topology.config.Resolution;
import io.apigenmt.topology.config.Source;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads the {@link PipelineConfig}: the layers of {@link PipelineConfig#DECLARATION}, lowest
 * precedence first: the declared defaults, a command's own defaults
 * ({@link PipelineConfig#COMMAND_DEFAULTS}), the {@code --config} file (YAML or JSON), APIGEN_*
 * environment variables, flags, and values the program sets itself (the embedded broker's
 * address). Layers may be added in any order; each lands in its place. {@link #build} resolves,
 * validates and returns the immutable configuration; {@link #resolve} also tells where every
 * value came from.
 */
public final class ConfigLoader {

    private final Layers layers = new Layers(PipelineConfig.DECLARATION);

    private ConfigLoader() {
    }

    public static ConfigLoader defaults() {
        return new ConfigLoader();
    }

    /** Defaults, the file (if any), then the environment. */
    public static ConfigLoader load(Path file, Map<String, String> env) {
        return defaults().file(file).environment(env);
    }

    /** The {@code --config} file; null: none. */
    public ConfigLoader file(Path file) {
        if (file != null) {
            layers.file(file);
        }
        return this;
    }

    public ConfigLoader environment(Map<String, String> env) {
        layers.environment(env);
        return this;
    }

    /** The defaults of {@code command} (none for most commands). */
    public ConfigLoader commandDefaults(String command) {
        PipelineConfig.COMMAND_DEFAULTS.getOrDefault(command, Map.of())
                .forEach((path, value) -> layers.set(path, value, Source.command(command)));
        return this;
    }

    /** A flag's value for the keys it sets; null (the flag not given) sets nothing. */
    public ConfigLoader flag(String flag, Object value, String... paths) {
        for (String path : paths) {
            layers.set(path, value, Source.flag(flag));
        }
        return this;
    }

    /** A value the program sets, above every layer; {@code by} says what set it (config show prints it). */
    public ConfigLoader set(String dottedPath, Object value, String by) {
        layers.set(dottedPath, value, Source.program(by));
        return this;
    }

    /** A value set by code (tests, tools); null leaves the key alone. */
    public ConfigLoader set(String dottedPath, Object value) {
        return set(dottedPath, value, "code");
    }

    public PipelineConfig build() {
        return resolve().config(PipelineConfig.class);
    }

    public Resolution resolve() {
        return layers.resolve();
    }

    /** Whether an environment variable of this name sets a key (an alias or APIGEN_SECTION__KEY). */
    public static boolean reads(String variable) {
        return new Layers(PipelineConfig.DECLARATION).reads(variable);
    }

    /** The APIGEN_SECTION__KEY variable of a key, e.g. for the environment of a child process. */
    public static String envName(String dottedPath) {
        return Layers.envName(dottedPath);
    }
}
