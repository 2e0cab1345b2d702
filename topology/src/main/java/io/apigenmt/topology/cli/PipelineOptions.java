package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * Options every cluster-facing command shares: where the cluster is and the config file. Flags
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
