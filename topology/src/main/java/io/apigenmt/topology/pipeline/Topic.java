package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One pipeline topic: its full name, its key (always a String id) and value type, and how long
 * the broker should keep it.
 *
 * @param name full topic name, prefix included
 * @param valueType the generated Avro class of the values
 * @param retention how long records are kept; null = forever (outputs users consume later)
 */
public record Topic<V extends SpecificRecord>(String name, Class<V> valueType, Duration retention) {

    /** Registry subject of the values (Confluent TopicNameStrategy). */
    public String valueSubject() {
        return AvroWireCodec.valueSubject(name);
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** A Confluent-wire-format Avro serde for the values; registers the schema on first write. */
    public Serde<V> valueSerde(SchemaRegistryClient registry) {
        return AvroSerdes.value(registry, valueType);
    }

    /**
     * The value serializer of a sink whose parent processors forward {@code Object}: the sink
     * named after this topic only ever receives this topic's value type.
     */
    @SuppressWarnings("unchecked")
    public Serializer<Object> sinkValueSerializer(SchemaRegistryClient registry) {
        return (Serializer<Object>) (Serializer<?>) valueSerde(registry).serializer();
    }

    /** The codec behind {@link #valueSerde}, for code that handles raw bytes (dead letters). */
    public AvroWireCodec<V> codec(SchemaRegistryClient registry) {
        return new AvroWireCodec<>(registry, valueType, true);
    }

    @Override
    public String toString() {
        return name;
    }
}
