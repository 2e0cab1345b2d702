package io.apigenmt.topology.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.registry.Compatibility;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ids live in the broker's _schemas topic: a restart of broker and registry on the same data dir keeps them. */
class RegistryRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepEveryIdVersionAndConfigAcrossARestartOnTheSameDataDir() {
        Schema a1 = SchemaBuilder.record("A").fields().requiredString("x").endRecord();
        Schema a2 = SchemaBuilder.record("A").fields().requiredString("x").optionalString("y").endRecord();
        Schema b1 = SchemaBuilder.record("B").fields().requiredLong("n").endRecord();
        int idA1;
        int idA2;
        int idB1;
        try (EmbeddedPlatform first = EmbeddedPlatform.start(0, 0, dataDir)) {
            SchemaRegistryClient client = first.registryClient();
            idA1 = client.register("a-value", a1);
            idA2 = client.register("a-value", a2);
            idB1 = client.register("b-value", b1);
            client.setCompatibility("b-value", Compatibility.FULL);
        }
        assertThat(dataDir).isNotEmptyDirectory();

        try (EmbeddedPlatform second = EmbeddedPlatform.start(0, 0, dataDir)) {
            SchemaRegistryClient client = second.registryClient();
            assertThat(client.schemaById(idA1)).isEqualTo(a1);
            assertThat(client.schemaById(idA2)).isEqualTo(a2);
            assertThat(client.schemaById(idB1)).isEqualTo(b1);
            assertThat(client.versions("a-value")).containsExactly(1, 2);
            assertThat(client.latest("a-value").id()).isEqualTo(idA2);
            assertThat(client.subjectCompatibility("b-value")).contains(Compatibility.FULL);
            assertThat(client.register("a-value", a1)).isEqualTo(idA1);
            // A new schema gets a fresh id, never one handed out before the restart.
            Schema c1 = SchemaBuilder.record("C").fields().requiredInt("z").endRecord();
            assertThat(client.register("c-value", c1)).isNotIn(idA1, idA2, idB1);
        }
    }
}
