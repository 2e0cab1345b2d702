package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.topology.config.Resolution;
import io.apigenmt.topology.deploy.DeployFiles;
import io.apigenmt.topology.pipeline.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed defaults file and configuration reference are what the declaration renders, so
 * neither can drift from the code; on a difference, regenerate them with the commands of
 * {@link ConfigDefaultsCommand#REGENERATE}.
 */
class ConfigDocsTest {

    private static final Path DEFAULTS = DeployFiles.repoRoot().resolve("topology/src/main/resources/apigen-defaults.yaml");
    private static final Path REFERENCE = DeployFiles.repoRoot().resolve("docs/configuration.md");

    @Test
    void theCommittedDefaultsFileIsTheDeclarationRendered() throws IOException {
        assertThat(Files.readString(DEFAULTS)).as("stale; regenerate: " + ConfigDefaultsCommand.REGENERATE.get(0))
                .isEqualTo(ConfigDefaultsCommand.yaml());
    }

    @Test
    void theCommittedReferenceIsTheDeclarationRendered() throws IOException {
        assertThat(Files.readString(REFERENCE)).as("stale; regenerate: " + ConfigDefaultsCommand.REGENERATE.get(1))
                .isEqualTo(ConfigDefaultsCommand.markdown());
    }

    @Test
    void aCopyOfTheDefaultsFileGivenAsConfigChangesNoValueAndSetsNoModelServer() {
        Resolution asFile = ConfigLoader.defaults().file(DEFAULTS).resolve();
        Resolution builtIn = ConfigLoader.defaults().resolve();

        assertThat(asFile.config(io.apigenmt.topology.pipeline.PipelineConfig.class))
                .isEqualTo(builtIn.config(io.apigenmt.topology.pipeline.PipelineConfig.class));
        assertThat(asFile.entries()).extracting(Resolution.Entry::value).isEqualTo(builtIn.entries().stream()
                .map(Resolution.Entry::value).toList());
        assertThat(asFile.given()).as("keys the file sets").isNotEmpty().noneMatch(k -> k.startsWith("llm."));
        assertThat(ConfigDefaultsCommand.markdown()).contains("| `worker.concurrency` | int | 256 |",
                "| `llm.reviewers[i].model` |", "| `cluster.kafka.NAME` |");
    }
}
