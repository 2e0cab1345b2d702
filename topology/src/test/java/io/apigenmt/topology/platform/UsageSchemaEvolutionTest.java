package io.apigenmt.topology.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.Usages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Usage grew cached_prompt_tokens and its breakdown, TaskRequest a usage: a registry holding the
 * schemas records were written with before accepts the new ones under BACKWARD, and those records
 * still decode, their usage whole (what the old totals hold counts as unknown in the breakdown).
 */
class UsageSchemaEvolutionTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.create();

    private static Schema history(String file) throws IOException {
        try (InputStream in = UsageSchemaEvolutionTest.class.getResourceAsStream("/avro-history/" + file)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static <T extends SpecificRecord> T evolve(String subject, Schema first, Class<T> type, Schema current,
                                                       GenericRecord written) throws IOException {
        SchemaRegistryClient registry = cluster.registryClient();
        int firstId = registry.register(subject, first);
        assertThat(registry.isCompatible(subject, current)).isTrue();
        assertThat(registry.register(subject, current)).isNotEqualTo(firstId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(firstId).array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(first).write(written, enc);
        enc.flush();
        return new AvroWireCodec<>(registry, type, false).deserialize(out.toByteArray());
    }

    @Test
    void shouldReadADeadLetterWrittenBeforeTheBreakdownWithItsUsageWhole() throws IOException {
        Schema first = history("DeadLetter-1.avsc");
        GenericRecord usage = new GenericData.Record(first.getField("usage").schema().getTypes().get(1));
        usage.put("prompt_tokens", 300L);
        usage.put("completion_tokens", 60L);
        usage.put("llm_calls", 3);
        GenericRecord dl = new GenericData.Record(first);
        dl.put("id", "s-0");
        dl.put("stage", "generate");
        dl.put("reason", "generation_failed");
        dl.put("error", "e");
        dl.put("attempts", 1);
        dl.put("seed_id", "s");
        dl.put("domain", "retail");
        dl.put("tasks", 1);
        dl.put("usage", usage);
        dl.put("options", new java.util.HashMap<>());
        dl.put("at", 1L);

        DeadLetter read = evolve("evolution.dead-letters-value", first, DeadLetter.class, DeadLetter.getClassSchema(), dl);

        assertThat(read.getUsage().getPromptTokens()).isEqualTo(300);
        assertThat(read.getUsage().getCachedPromptTokens()).isZero();
        assertThat(read.getUsage().getBreakdown()).isEmpty();
        assertThat(Usages.breakdown(read.getUsage())).singleElement().satisfies(e -> {
            assertThat(e.getStage()).isEqualTo(Usages.UNKNOWN);
            assertThat(e.getLlmCalls()).isEqualTo(3);
        });
    }

    @Test
    void shouldReadATaskRequestWrittenBeforeItCarriedUsage() throws IOException {
        Schema first = history("TaskRequest-1.avsc");
        GenericRecord task = new GenericData.Record(first);
        task.put("task_id", "s-0");
        task.put("seed_id", "s");
        task.put("domain", "retail");
        task.put("index", 0);
        task.put("random_seed", 7L);
        task.put("options", new java.util.HashMap<>());

        TaskRequest read = evolve("evolution.tasks-value", first, TaskRequest.class, TaskRequest.getClassSchema(), task);

        assertThat(read.getTaskId()).isEqualTo("s-0");
        assertThat(read.getUsage()).isNull();
    }
}
