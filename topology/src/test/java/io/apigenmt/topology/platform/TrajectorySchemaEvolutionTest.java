package io.apigenmt.topology.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Trajectory grew {@code review} and {@code failed_trials}: a registry that holds the schema
 * trajectories were written with before accepts the new one under BACKWARD, and records written
 * with the old schema still decode (the new fields take their defaults).
 */
class TrajectorySchemaEvolutionTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.create();

    private static final String SUBJECT = "evolution.trajectories.verified-value";

    @Test
    void shouldRegisterTheNewTrajectoryOverTheFirstAndReadRecordsWrittenWithTheFirst() throws IOException {
        // Given the registry knows the Trajectory schema of the first release
        Schema first = firstSchema();
        SchemaRegistryClient registry = cluster.registryClient();
        int firstId = registry.register(SUBJECT, first);

        // When the current schema is registered under the same subject
        assertThat(registry.isCompatible(SUBJECT, Trajectory.getClassSchema())).isTrue();
        int currentId = registry.register(SUBJECT, Trajectory.getClassSchema());

        // Then it is a new version, and a record written with the first schema reads with the current class
        assertThat(currentId).isNotEqualTo(firstId);
        assertThat(registry.versions(SUBJECT)).containsExactly(1, 2);
        Trajectory sample = SampleRecords.of(Trajectory.class);
        byte[] wire = wire(firstId, asFirst(sample, first), first);
        Trajectory read = new AvroWireCodec<>(registry, Trajectory.class, false).deserialize(wire);
        assertThat(read.getTaskId()).isEqualTo(sample.getTaskId());
        // Fields the first schema lacks read as their defaults (Message.reasoning_content came later too).
        assertThat(read.getMessages()).isEqualTo(sample.getMessages().stream()
                .map(m -> io.apigenmt.schemas.Message.newBuilder(m).setReasoningContent(null).build()).toList());
        assertThat(read.getReview()).isNull();
        assertThat(read.getFailedTrials()).isEmpty();
    }

    private static Schema firstSchema() throws IOException {
        try (InputStream in = TrajectorySchemaEvolutionTest.class.getResourceAsStream("/avro-history/Trajectory-1.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    /** The sample as the first schema sees it (the new fields dropped). */
    private static GenericRecord asFirst(Trajectory t, Schema first) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<Trajectory>(Trajectory.getClassSchema()).write(t, enc);
        enc.flush();
        return new GenericDatumReader<GenericRecord>(Trajectory.getClassSchema(), first)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private static byte[] wire(int schemaId, GenericRecord record, Schema schema) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, enc);
        enc.flush();
        return out.toByteArray();
    }
}
