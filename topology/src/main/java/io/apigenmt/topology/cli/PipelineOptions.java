package io.apigenmt.topology.cli;

import io.apigenmt.topology.logging.Logging;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every cluster-facing command shares: the config file, where the cluster is, and how
 * much to log. They carry no defaults: the configuration owns those ({@code apigen config show}).
 */
final class PipelineOptions implements ConfigFlags {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML or JSON config file ('apigen config defaults' prints every key).")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers: cluster.bootstrap_servers (env APIGEN_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-API schema registry: cluster.schema_registry_url (env APIGEN_SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every topic name: cluster.topic_prefix.")
    String topicPrefix;

    private boolean verbose;

    @Option(names = "--verbose",
            description = "Show INFO logs on the console too, the libraries' (Kafka, Streams, HTTP clients and servers) included.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        logTo(null);
    }

    /**
     * Everything from INFO up, the libraries' included, goes to {@code logFile} (null: no file);
     * the console keeps apigen's warnings and errors and the libraries' errors, unless --verbose.
     *
     * @return the log file, or null when there is none (or the logging is not apigen's own)
     */
    Path logTo(Path logFile) {
        try {
            return Logging.configure(logFile, verbose);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log file " + logFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void applyTo(ConfigLoader layers) {
        layers.flag("--bootstrap-servers", bootstrapServers, "cluster.bootstrap_servers")
                .flag("--schema-registry-url", schemaRegistryUrl, "cluster.schema_registry_url")
                .flag("--topic-prefix", topicPrefix, "cluster.topic_prefix");
    }

    /** Every layer but the program's: defaults, {@code commandName}'s defaults, the file, the environment, these flags and {@code more}. */
    ConfigLoader layers(String commandName, ConfigFlags... more) {
        ConfigLoader layers = ConfigLoader.defaults().commandDefaults(commandName).file(configFile).environment(environment());
        applyTo(layers);
        for (ConfigFlags flags : more) {
            flags.applyTo(layers);
        }
        return layers;
    }

    /** The layers of this command. */
    ConfigLoader layers(ConfigFlags... more) {
        return layers(command.name(), more);
    }

    /** The configuration of this command. */
    PipelineConfig resolve(ConfigFlags... more) {
        return layers(more).build();
    }

    /** The environment the command runs in (credentials, API keys and the APIGEN_* layer come from it). */
    Map<String, String> environment() {
        return Main.environment(command);
    }

    /** For commands that need a cluster: both addresses must be known. */
    static PipelineConfig requireCluster(PipelineConfig config) {
        if (config.cluster().bootstrapServers().isBlank()) {
            throw new UsageException("--bootstrap-servers is required (or cluster.bootstrap_servers in --config, or "
                    + "APIGEN_BOOTSTRAP_SERVERS)");
        }
        if (config.cluster().schemaRegistryUrl().isBlank()) {
            throw new UsageException("--schema-registry-url is required (or cluster.schema_registry_url in --config, or "
                    + "APIGEN_SCHEMA_REGISTRY_URL)");
        }
        return config;
    }
}
