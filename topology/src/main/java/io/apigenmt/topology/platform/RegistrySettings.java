package io.apigenmt.topology.platform;

import java.util.Map;

/**
 * How to start a {@link SchemaRegistryServer}.
 *
 * @param port HTTP port on 127.0.0.1; 0 picks a free one
 * @param topic the compacted topic holding the schemas (Confluent's default {@code _schemas})
 * @param replicationFactor of that topic
 * @param clientProperties extra Kafka client properties for the registry's producer, consumer
 *     and admin (e.g. SASL settings)
 */
public record RegistrySettings(int port, String topic, short replicationFactor, Map<String, Object> clientProperties) {

    public RegistrySettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("registry port out of range: " + port);
        }
        clientProperties = Map.copyOf(clientProperties);
    }

    public static RegistrySettings onPort(int port) {
        return new RegistrySettings(port, KafkaSchemaLog.DEFAULT_TOPIC, (short) 1, Map.of());
    }
}
