package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.schemas.registry.SchemaRegistryConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How this process reaches the cluster: Kafka client properties (bootstrap servers plus every
 * passed-through setting, e.g. SASL/SSL) and the schema registry client. Credentials come from
 * environment variables named in the configuration, never from the configuration itself.
 */
public record ClusterConnection(Map<String, Object> clientProps, SchemaRegistryClient registry) {

    public static ClusterConnection of(PipelineConfig config, Function<String, String> env) {
        PipelineConfig.Cluster c = config.cluster();
        if (c.bootstrapServers() == null || c.bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("no bootstrap servers configured (--bootstrap-servers)");
        }
        if (c.schemaRegistryUrl() == null || c.schemaRegistryUrl().isBlank()) {
            throw new IllegalArgumentException("no schema registry URL configured (--schema-registry-url)");
        }
        Map<String, Object> props = new HashMap<>(c.kafka());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        SchemaRegistryConfig registry = SchemaRegistryConfig.of(c.schemaRegistryUrl());
        PipelineConfig.Registry r = c.registry();
        if (r != null) {
            String userInfo = fromEnv(env, r.basicAuthUserInfoEnv());
            if (userInfo != null) {
                registry = registry.withBasicAuth(userInfo);
            }
            if (r.truststorePath() != null && !r.truststorePath().isBlank()) {
                registry = registry.withTruststore(Path.of(r.truststorePath()), fromEnv(env, r.truststorePasswordEnv()));
            }
        }
        return new ClusterConnection(Map.copyOf(props), new SchemaRegistryClient(registry));
    }

    private static String fromEnv(Function<String, String> env, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value;
    }
}
