package io.apigenmt.topology.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.Compatibility;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.schemas.registry.WireFormatException;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.platform.SampleRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AvroSerdesTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    @Test
    void shouldRoundTripEveryTopicValueWithExactConfluentWireBytes() throws IOException {
        SchemaRegistryClient registry = cluster.registryClient();
        for (Topic<?> topic : cluster.topics().all()) {
            assertRoundTrip(topic, registry);
        }
        assertThat(registry.subjects()).containsAll(cluster.topics().all().stream().map(Topic::valueSubject).toList());
    }

    private static <V extends SpecificRecord> void assertRoundTrip(Topic<V> topic, SchemaRegistryClient registry)
            throws IOException {
        V value = SampleRecords.of(topic.valueType());
        Serde<V> serde = topic.valueSerde(registry);

        byte[] wire = serde.serializer().serialize(topic.name(), value);

        int id = registry.latest(topic.valueSubject()).id();
        assertThat(wire[0]).as("magic byte of %s", topic).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(wire, 1, 4).getInt()).as("schema id of %s", topic).isEqualTo(id);
        assertThat(Arrays.copyOfRange(wire, 5, wire.length)).as("Avro body of %s", topic)
                .isEqualTo(avroBinary(value));
        assertThat(registry.schemaById(id)).isEqualTo(value.getSchema());
        assertThat(registry.subjectCompatibility(topic.valueSubject())).contains(Compatibility.BACKWARD);

        V back = serde.deserializer().deserialize(topic.name(), wire);
        assertThat(back).as("round trip of %s", topic).isEqualTo(value);
    }

    private static byte[] avroBinary(SpecificRecord value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(value.getSchema(), SpecificData.getForClass(value.getClass()))
                .write(value, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Test
    void shouldCarryRecordsThroughTheBrokerWithTheTopicSerdes() {
        Topic<TaskRequest> tasks = cluster.topics().tasks();
        TaskRequest task = SampleRecords.of(TaskRequest.class);
        Serde<TaskRequest> serde = tasks.valueSerde(cluster.registryClient());
        try (KafkaProducer<String, TaskRequest> producer = new KafkaProducer<>(cluster.clientProperties(),
                tasks.keySerde().serializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(tasks.name(), task.getTaskId(), task));
        }
        List<ConsumerRecord<String, TaskRequest>> got = new ArrayList<>();
        try (KafkaConsumer<String, TaskRequest> consumer = new KafkaConsumer<>(cluster.consumerProperties(),
                tasks.keySerde().deserializer(), serde.deserializer())) {
            consumer.subscribe(List.of(tasks.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        assertThat(got).hasSize(1);
        assertThat(got.get(0).key()).isEqualTo(task.getTaskId());
        assertThat(got.get(0).value()).isEqualTo(task);
    }

    @Test
    void shouldReadDataWrittenWithAnOlderSchemaFillingDefaults() throws IOException {
        // An older SeedRequest without random_seed and options, registered under its own subject.
        Schema old = SchemaBuilder.record("SeedRequest").namespace("io.apigenmt.schemas").fields()
                .requiredString("seed_id").requiredString("domain").requiredInt("tasks").endRecord();
        int oldId = cluster.registryClient().register("legacy-seeds-value", old);
        GenericRecord r = new GenericData.Record(old);
        r.put("seed_id", "s1");
        r.put("domain", "retail");
        r.put("tasks", 5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(oldId).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(r, enc);
        enc.flush();

        SeedRequest seed = codec(SeedRequest.class).deserialize(out.toByteArray());

        assertThat(seed.getSeedId()).isEqualTo("s1");
        assertThat(seed.getTasks()).isEqualTo(5);
        assertThat(seed.getRandomSeed()).isZero();
        assertThat(seed.getOptions()).isEqualTo(Map.of());
    }

    @Test
    void shouldRejectAWrongMagicByte() {
        byte[] json = "{\"seed_id\":\"s\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec(SeedRequest.class).deserialize(json))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.WRONG_MAGIC_BYTE))
                .hasMessage("wrong magic byte 0x7b, expected 0x00 (not Confluent wire format)");
    }

    @Test
    void shouldRejectAnUnknownSchemaId() {
        byte[] bytes = {0, 0x00, 0x0f, 0x42, 0x40, 2, 'x'};
        assertThatThrownBy(() -> codec(SeedRequest.class).deserialize(bytes))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNKNOWN_SCHEMA_ID))
                .hasMessage("unknown schema id 1000000");
    }

    @Test
    void shouldRejectPayloadsTruncatedInTheHeaderOrTheBody() {
        AvroWireCodec<SeedRequest> codec = codec(SeedRequest.class);
        byte[] full = codec.serialize(cluster.topics().seeds().name(), SampleRecords.of(SeedRequest.class));

        assertThatThrownBy(() -> codec.deserialize(new byte[] {0, 0, 1}))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.TRUNCATED))
                .hasMessage("payload of 3 bytes is shorter than the 5-byte header");
        assertThatThrownBy(() -> codec.deserialize(new byte[0]))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.TRUNCATED));
        assertThatThrownBy(() -> codec.deserialize(Arrays.copyOf(full, full.length - 3)))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.TRUNCATED))
                .hasMessageStartingWith("Avro body of " + (full.length - 8) + " bytes ends early for schema id");
    }

    @Test
    void shouldRejectAPayloadOfAnotherTopicsType() {
        byte[] task = codec(TaskRequest.class).serialize(cluster.topics().tasks().name(),
                SampleRecords.of(TaskRequest.class));
        assertThatThrownBy(() -> codec(SeedRequest.class).deserialize(task))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNDECODABLE))
                .hasMessageEndingWith("is io.apigenmt.schemas.TaskRequest, expected io.apigenmt.schemas.SeedRequest");
    }

    @Test
    void shouldRejectTrailingBytes() {
        AvroWireCodec<SeedRequest> codec = codec(SeedRequest.class);
        byte[] full = codec.serialize(cluster.topics().seeds().name(), SampleRecords.of(SeedRequest.class));
        byte[] longer = Arrays.copyOf(full, full.length + 2);
        assertThatThrownBy(() -> codec.deserialize(longer))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNDECODABLE))
                .hasMessageStartingWith("trailing bytes after SeedRequest");
    }

    @Test
    void shouldKeepNullsAsTombstones() {
        AvroWireCodec<SeedRequest> codec = codec(SeedRequest.class);
        assertThat(codec.serialize("any", null)).isNull();
        assertThat(codec.deserialize(null)).isNull();
    }

    private static <T extends SpecificRecord> AvroWireCodec<T> codec(Class<T> type) {
        return new AvroWireCodec<>(cluster.registryClient(), type);
    }
}
