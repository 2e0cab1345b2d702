package io.apigenmt.topology.platform;

import io.apigenmt.schemas.registry.Compatibility;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The embedded default: a real KRaft broker and a Confluent-API schema registry in this JVM,
 * on loopback, with BACKWARD compatibility globally. Close stops the registry, then the broker.
 */
public final class EmbeddedPlatform implements AutoCloseable {

    private final EmbeddedBroker broker;
    private final SchemaRegistryServer registry;

    private EmbeddedPlatform(EmbeddedBroker broker, SchemaRegistryServer registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /**
     * @param brokerPort 0 for a free port
     * @param registryPort 0 for a free port
     * @param dataDir kept when given; null = a temp dir removed on close
     */
    public static EmbeddedPlatform start(int brokerPort, int registryPort, Path dataDir) {
        return start(BrokerSettings.of(brokerPort, dataDir), RegistrySettings.onPort(registryPort));
    }

    /** Both on free ports, data in a temp dir removed on close. */
    public static EmbeddedPlatform ephemeral() {
        return start(0, 0, null);
    }

    public static EmbeddedPlatform start(BrokerSettings brokerSettings, RegistrySettings registrySettings) {
        EmbeddedBroker broker = EmbeddedBroker.start(brokerSettings);
        try {
            SchemaRegistryServer registry = SchemaRegistryServer.start(broker.bootstrapServers(), registrySettings);
            EmbeddedPlatform platform = new EmbeddedPlatform(broker, registry);
            try {
                SchemaRegistryClient client = platform.registryClient();
                if (client.compatibility() != Compatibility.BACKWARD) {
                    client.setCompatibility(Compatibility.BACKWARD);
                }
            } catch (RuntimeException e) {
                platform.close();
                throw e;
            }
            return platform;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /** Client properties for any Kafka client of this platform. */
    public Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    public SchemaRegistryClient registryClient() {
        return SchemaRegistryClient.of(registryUrl());
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public SchemaRegistryServer registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
