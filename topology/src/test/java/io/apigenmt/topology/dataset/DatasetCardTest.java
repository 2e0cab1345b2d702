package io.apigenmt.topology.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.export.RejectReason;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.dataset.DatasetCard.Provenance;
import io.apigenmt.topology.dataset.DatasetCard.RoleEndpoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldWriteACardTheHubReadsWithAConfigPerFileAndTheUnsetLicenseExplained() throws Exception {
        // Given two layouts, one row each, one row rejected in sharegpt
        DatasetStats stats = new DatasetStats();
        stats.add(Rollouts.tricky("t-1"));
        stats.rowWritten("retail", TrajectoryFormat.SHAREGPT);
        stats.rowWritten("retail", TrajectoryFormat.HF);
        Map<TrajectoryFormat, LayoutRows> layouts = new LinkedHashMap<>();
        layouts.put(TrajectoryFormat.SHAREGPT, rows(1, RejectReason.BROKEN_ALTERNATION));
        layouts.put(TrajectoryFormat.HF, rows(1, null));
        ExportSummary summary = new ExportSummary(layouts, 2, 0, 0, stats);
        Map<TrajectoryFormat, String> files = new LinkedHashMap<>();
        files.put(TrajectoryFormat.SHAREGPT, "a.jsonl");
        files.put(TrajectoryFormat.HF, "b.jsonl");
        Provenance provenance = new Provenance("1.2.3", "apigen run --out x", DatasetCard.DEFAULT_LICENSE,
                Map.of("agent", new RoleEndpoint("gpt-x", "https://models.example/v1")), null,
                Instant.parse("2026-01-02T03:04:05Z"));

        // When the card is written
        new DatasetCard(files, summary, provenance).writeTo(dir);

        // Then the YAML header has a config per file (the first the default) with its features
        DatasetCardReader.Card card = DatasetCardReader.read(dir.resolve(DatasetCard.CARD_FILE));
        assertThat(card.header().path("license").asText()).isEqualTo("unknown");
        assertThat(card.config("sharegpt").path("default").asBoolean()).isTrue();
        assertThat(card.config("hf").at("/data_files/0/path").asText()).isEqualTo("b.jsonl");
        assertThat(card.config("hf").at("/data_files/0/split").asText()).isEqualTo("train");
        assertThat(card.info("hf").path("features")).isEqualTo(TrajectoryFormat.HF.features());
        assertThat(card.info("sharegpt").at("/splits/0/num_examples").asLong()).isEqualTo(1);
        assertThat(card.header().path("size_categories").get(0).asText()).isEqualTo("n<1K");
        // And the text tells where rows went, who made them and what the unset license means
        assertThat(card.body()).contains("| `sharegpt` | `a.jsonl` | 1 | 1 |")
                .contains("sharegpt broken_alternation 1")
                .contains("| agent | `sim-agent` (1) | `https://models.example/v1` |")
                .contains("apigen-mt 1.2.3 on 2026-01-02T03:04:05Z with `apigen run --out x`")
                .contains("| tool calls | 4 | 4.0 | 4 | 4 |")
                .contains("not set (`--license ID` sets it)");
        assertThat(card.body()).doesNotContain("### Funnel");
        // And LLaMA-Factory's registry names each file with its layout's columns and tags
        JsonNode info = JSON.readTree(dir.resolve(DatasetCard.LLAMA_FACTORY_FILE).toFile());
        assertThat(info.path("apigen_mt_sharegpt").path("file_name").asText()).isEqualTo("a.jsonl");
        assertThat(info.path("apigen_mt_sharegpt").path("formatting").asText()).isEqualTo("sharegpt");
        assertThat(info.path("apigen_mt_hf").path("formatting").asText()).isEqualTo("openai");
        assertThat(info.path("apigen_mt_hf").at("/tags/observation_tag").asText()).isEqualTo("tool");
        assertThat(info.fieldNames()).toIterable().containsExactly("apigen_mt_sharegpt", "apigen_mt_hf");
    }

    @Test
    void shouldRefuseALicenseThatIsNotAnIdAndMaskCredentialsInCommandLines() {
        assertThat(DatasetCard.requireLicense("apache-2.0")).isEqualTo("apache-2.0");
        assertThatThrownBy(() -> DatasetCard.requireLicense("Apache 2.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Apache 2.0'");
        assertThat(DatasetCard.maskCredentials("apigen run --schema-registry-url https://bob:s3cret@reg:8081 --x"))
                .isEqualTo("apigen run --schema-registry-url https://***@reg:8081 --x");
    }

    @Test
    void shouldNameTheHubSizeCategory() {
        assertThat(DatasetCard.sizeCategory(0)).isEqualTo("n<1K");
        assertThat(DatasetCard.sizeCategory(999)).isEqualTo("n<1K");
        assertThat(DatasetCard.sizeCategory(1_000)).isEqualTo("1K<n<10K");
        assertThat(DatasetCard.sizeCategory(5_000)).isEqualTo("1K<n<10K");
        assertThat(DatasetCard.sizeCategory(2_000_000)).isEqualTo("1M<n<10M");
    }

    private static LayoutRows rows(int written, RejectReason rejected) {
        LayoutRows rows = new LayoutRows();
        for (int i = 0; i < written; i++) {
            rows.written();
        }
        if (rejected != null) {
            rows.rejected(rejected);
        }
        return rows;
    }
}
