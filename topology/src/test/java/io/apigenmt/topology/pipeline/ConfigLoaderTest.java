package io.apigenmt.topology.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigenmt.topology.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration layers: built-in defaults < config file < APIGEN_* environment < flags. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("apigen.yaml"), yaml);
    }

    @Test
    void shouldBuildTheDocumentedDefaults() {
        PipelineConfig config = ConfigLoader.defaults().build();

        assertThat(config.worker().concurrency()).isEqualTo(256);
        assertThat(config.worker().threads()).isEqualTo(2);
        assertThat(config.worker().processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.review().acceptThreshold()).isEqualTo(0.75);
        assertThat(config.review().minVotes()).isEqualTo(2);
        assertThat(config.attemptBudget("retail", OptionalInt.empty())).isEqualTo(3);
        assertThat(config.attemptBudget("airline", OptionalInt.empty())).isEqualTo(5);
        assertThat(config.attemptBudget("banking", OptionalInt.empty())).isEqualTo(3);
        assertThat(config.rollout().trials()).isEqualTo(3);
        assertThat(config.topics().seeds().name()).isEqualTo("apigen.seeds");
    }

    @Test
    void shouldLetTheFileOverrideDefaultsTheEnvironmentTheFileAndFlagsTheEnvironment() throws IOException {
        // Given a file, the environment and a flag that each set some of the same keys
        Path file = file("""
                worker:
                  concurrency: 10
                  threads: 3
                review:
                  min_votes: 3
                budgets:
                  airline: 7
                """);
        Map<String, String> env = Map.of(
                "APIGEN_WORKER__CONCURRENCY", "20",
                "APIGEN_THREADS", "5",
                "APIGEN_BUDGETS__AIRLINE", "9");

        // When the flag is applied last
        PipelineConfig config = ConfigLoader.load(file, env).set("worker.concurrency", 30).build();

        // Then each key comes from its highest layer
        assertThat(config.worker().concurrency()).as("flag over env").isEqualTo(30);
        assertThat(config.worker().threads()).as("env alias over file").isEqualTo(5);
        assertThat(config.attemptBudget("airline", OptionalInt.empty())).as("env over file").isEqualTo(9);
        assertThat(config.review().minVotes()).as("file over default").isEqualTo(3);
        assertThat(config.attemptBudget("retail", OptionalInt.empty())).as("default").isEqualTo(3);
        assertThat(config.worker().commitIntervalMs()).as("default").isEqualTo(1000L);
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheFileWhenNoFlagIsGiven() throws IOException {
        PipelineConfig config = ConfigLoader.load(file("worker:\n  concurrency: 10\n"),
                Map.of("APIGEN_WORKER__CONCURRENCY", "20")).set("worker.concurrency", null).build();

        assertThat(config.worker().concurrency()).isEqualTo(20);
    }

    @Test
    void shouldSetWorkerConcurrencyFromApigenWorkerConcurrency() {
        PipelineConfig config = ConfigLoader.load(null, Map.of("APIGEN_WORKER__CONCURRENCY", "512")).build();

        assertThat(config.worker().concurrency()).isEqualTo(512);
    }

    @Test
    void shouldKeepTheCaseOfKafkaPropertyNamesFromTheEnvironment() {
        PipelineConfig config = ConfigLoader.load(null, Map.of(
                "APIGEN_CLUSTER__KAFKA__security.protocol", "SSL",
                "APIGEN_NOT_A_SETTING", "ignored",
                "PATH", "/usr/bin")).build();

        assertThat(config.cluster().kafka()).containsExactly(Map.entry("security.protocol", "SSL"));
    }

    @Test
    void shouldRejectAnUnknownKeyInTheFileNamingIt() throws IOException {
        Path file = file("worker:\n  concurency: 4\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("concurency");
    }

    @Test
    void shouldRejectAnUnknownSectionInTheFileNamingIt() throws IOException {
        Path file = file("wrker:\n  concurrency: 4\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("wrker");
    }

    @Test
    void shouldRejectAValueOfTheWrongType() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("APIGEN_WORKER__CONCURRENCY", "lots")).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lots");
    }

    @Test
    void shouldNameAnUnreadableFile() {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file not readable: " + missing);
    }
}
