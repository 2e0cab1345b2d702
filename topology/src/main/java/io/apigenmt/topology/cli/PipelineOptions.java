package io.apigenmt.topology.cli;

import io.apigenmt.topology.logging.Logging;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * Options every cluster-facing command shares: where the cluster is, the config file and how
 * much to log. Flags
 * win over the environment, which wins over the file, which wins over the built-in defaults.
 */
final class PipelineOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env APIGEN_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-API schema registry (env APIGEN_SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON config file (see apigen-defaults.yaml).")
    Path configFile;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every topic name. Default: apigen.")
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

    /** Defaults, file, environment, these flags, then the command's own flags. */
    PipelineConfig resolve(Consumer<ConfigLoader> commandFlags) {
        try {
            ConfigLoader loader = ConfigLoader.load(configFile, System.getenv())
                    .set("cluster.bootstrap_servers", bootstrapServers)
                    .set("cluster.schema_registry_url", schemaRegistryUrl)
                    .set("cluster.topic_prefix", topicPrefix);
            commandFlags.accept(loader);
            PipelineConfig config = loader.build();
            config.topics(); // validates the prefix
            return config;
        } catch (ConfigLoader.ConfigException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** For commands that need a cluster: both addresses must be known. */
    static PipelineConfig requireCluster(PipelineConfig config) {
        if (config.cluster().bootstrapServers().isBlank()) {
            throw new UsageException("--bootstrap-servers is required (or APIGEN_BOOTSTRAP_SERVERS)");
        }
        if (config.cluster().schemaRegistryUrl().isBlank()) {
            throw new UsageException("--schema-registry-url is required (or APIGEN_SCHEMA_REGISTRY_URL)");
        }
        return config;
    }
}
