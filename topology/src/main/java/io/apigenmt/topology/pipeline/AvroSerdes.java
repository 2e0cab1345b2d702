package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka adapters over {@link AvroWireCodec} (Confluent wire format, subject {@code <topic>-value}).
 * Deserialization failures surface as {@link io.apigenmt.schemas.registry.WireFormatException}
 * unwrapped, so a stage reading raw bytes can dead-letter them with the exception's kind.
 */
public final class AvroSerdes {

    private AvroSerdes() {}

    /** A value serde that registers the class's schema on first write to a topic. */
    public static <T extends SpecificRecord> Serde<T> value(SchemaRegistryClient registry, Class<T> type) {
        return value(new AvroWireCodec<>(registry, type, true));
    }

    public static <T extends SpecificRecord> Serde<T> value(AvroWireCodec<T> codec) {
        return Serdes.serdeFrom(serializer(codec), deserializer(codec));
    }

    public static <T extends SpecificRecord> Serializer<T> serializer(AvroWireCodec<T> codec) {
        return (topic, value) -> codec.serialize(topic, value);
    }

    public static <T extends SpecificRecord> Deserializer<T> deserializer(AvroWireCodec<T> codec) {
        return (topic, bytes) -> codec.deserialize(bytes);
    }
}
