package io.apigenmt.topology.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.JsonSafeLong;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.cli.Main;
import io.apigenmt.topology.pipeline.TopicScan;
import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.platform.EmbeddedCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code apigen run} on a cluster that outlives it, then everything a user takes away: every row
 * of every layout through the loaders written from the trainers' rules (none may be dropped), the
 * dataset card and LLaMA-Factory registry against the files, {@code export} and {@code report}
 * against the same topics, and every long of every record on every pipeline topic and every
 * number of every exported file against 2^53.
 */
class DatasetFolderEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    @TempDir
    Path work;

    @Test
    @Timeout(420)
    void shouldWriteAFolderEveryTrainerLoadsRowForRowWithEveryLongWithin53Bits() throws Exception {
        // Given a run on 4 tasks per domain, with the largest random seed a JSON client keeps
        Path out = work.resolve("out");
        Path config = Files.writeString(work.resolve("apigen.yaml"),
                "worker:\n  state_dir: \"" + work.resolve("state") + "\"\n");
        int exit = Main.execute("run", "--tasks", "4", "--out", out.toString(), "--timeout", "300",
                "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", cluster.registryUrl(),
                "--config", config.toString(), "--random-seed", Long.toString(JsonSafeLong.MAX),
                "--license", "cc-by-4.0");
        assertThat(exit).isZero();
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        long verified = report.path("verified").asLong();
        assertThat(verified).as(report.toString()).isPositive();

        // Then every row of every layout loads in the trainers that read that layout: none dropped,
        // and written + rejected = verified for each layout, as report.json says
        JsonNode llamaFactory = JSON.readTree(out.resolve(DatasetCard.LLAMA_FACTORY_FILE).toFile());
        List<JsonNode> rejects = rows(out.resolve(DatasetExport.REJECTS_FILE));
        Map<TrajectoryFormat, List<JsonNode>> layouts = new HashMap<>();
        for (TrajectoryFormat format : TrajectoryFormat.values()) {
            JsonNode entry = llamaFactory.path(DatasetCard.datasetName(format));
            assertThat(entry.path("file_name").asText()).isEqualTo(format.defaultFileName());
            List<JsonNode> rows = rows(out.resolve(entry.path("file_name").asText()));
            layouts.put(format, rows);
            JsonNode counted = report.path("rows").path("layouts").path(format.id());
            assertThat(counted.path("written").asLong()).as(format.id()).isEqualTo(rows.size());
            long rejected = rejects.stream().filter(r -> r.path("format").asText().equals(format.id())).count();
            assertThat(counted.path("rejected").asLong()).as(format.id()).isEqualTo(rejected);
            assertThat(rows.size() + rejected).as(format.id()).isEqualTo(verified);
            LlamaFactoryLoader loader = new LlamaFactoryLoader(entry);
            for (JsonNode row : rows) {
                assertThat(loader.load(row)).as(format + " " + row.path("task_id").asText() + " in LLaMA-Factory")
                        .isInstanceOf(LlamaFactoryLoader.Kept.class);
            }
        }
        assertThat(layouts.get(TrajectoryFormat.SHAREGPT)).as("the simulated agent's rollouts all fit").hasSize((int) verified);
        for (JsonNode row : layouts.get(TrajectoryFormat.HF)) {
            assertThat(new ChatTemplateLoader().load(row)).as(row.path("task_id").asText() + " in a chat template")
                    .isInstanceOf(ChatTemplateLoader.Kept.class);
        }

        // And the card describes the folder: a config per file, features every row fits, counts, license
        DatasetCardReader.Card card = DatasetCardReader.read(out.resolve(DatasetCard.CARD_FILE));
        assertThat(card.header().path("license").asText()).isEqualTo("cc-by-4.0");
        assertThat(card.header().path("task_categories").toString()).contains("text-generation");
        for (TrajectoryFormat format : TrajectoryFormat.values()) {
            JsonNode files = card.config(format.id()).path("data_files");
            assertThat(files.path(0).path("path").asText()).isEqualTo(format.defaultFileName());
            JsonNode info = card.info(format.id());
            assertThat(info.at("/splits/0/num_examples").asLong()).isEqualTo(layouts.get(format).size());
            for (JsonNode row : layouts.get(format)) {
                assertThat(DatasetCardReader.problems(info.path("features"), row)).as(format.id()).isEmpty();
            }
        }
        assertThat(card.body()).contains("`apigen run --tasks 4").contains("| agent | `sim-agent` (" + verified + ")")
                .contains("| retail | 4 |").contains("| airline | 4 |").contains("### Funnel");

        // And export writes the same rows from the topics; report counts them without writing
        Path exported = work.resolve("exported");
        assertThat(Main.execute("export", "--format", "all", "--out", exported.toString(), "--bootstrap-servers",
                cluster.bootstrapServers(), "--schema-registry-url", cluster.registryUrl())).isZero();
        Path single = work.resolve("single").resolve("data.jsonl");
        assertThat(Main.execute("export", "--format", "sharegpt", "--out", single.toString(), "--card",
                "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", cluster.registryUrl()))
                .isZero();
        for (TrajectoryFormat format : TrajectoryFormat.values()) {
            assertThat(lineSet(exported.resolve(format.defaultFileName())))
                    .isEqualTo(lineSet(out.resolve(format.defaultFileName())));
        }
        assertThat(lineSet(single)).isEqualTo(lineSet(out.resolve(TrajectoryFormat.SHAREGPT.defaultFileName())));
        assertThat(single.resolveSibling("data.rejects.jsonl")).isRegularFile();
        assertThat(DatasetCardReader.read(single.resolveSibling(DatasetCard.CARD_FILE)).config("sharegpt")
                .at("/data_files/0/path").asText()).isEqualTo("data.jsonl");
        JsonNode reported = JSON.readTree(stdout("report", "--bootstrap-servers", cluster.bootstrapServers(),
                "--schema-registry-url", cluster.registryUrl()));
        assertThat(reported.path("rows").path("layouts")).isEqualTo(report.path("rows").path("layouts"));

        // And every long the pipeline put on its topics fits in 53 bits, read with the writer's schema
        Map<String, Long> longsSeen = new TreeMap<>();
        Set<String> unsafe = new HashSet<>();
        for (Topic<?> topic : cluster.topics().all()) {
            try (TopicScan scan = new TopicScan(cluster.clientProperties(), List.of(topic.name()))) {
                scan.catchUp(rec -> {
                    ByteBuffer wire = ByteBuffer.wrap(rec.value());
                    assertThat(wire.get()).as("magic byte on " + topic.name()).isZero();
                    Schema schema = cluster.registryClient().schemaById(wire.getInt());
                    Object value = decode(schema, rec.value());
                    walkAvro(schema, value, topic.name() + ":" + schema.getName(), (path, v) -> {
                        longsSeen.merge(path, 1L, Long::sum);
                        if (!JsonSafeLong.isSafe(v)) {
                            unsafe.add(path + "=" + v);
                        }
                    });
                });
            }
        }
        assertThat(unsafe).as("longs beyond 2^53 on the topics").isEmpty();
        assertThat(longsSeen).as("longs checked, by field").containsKeys(
                "apigen.seeds:SeedRequest.random_seed", "apigen.tasks:TaskRequest.random_seed",
                "apigen.trajectories.verified:Trajectory.blueprint.random_seed",
                "apigen.trajectories.verified:Trajectory.usage.prompt_tokens");
        // The derived seeds use the whole 53-bit range, so the check above is not passed by small values.
        List<Long> taskSeeds = new ArrayList<>();
        try (TopicScan scan = new TopicScan(cluster.clientProperties(), List.of(cluster.topics().tasks().name()))) {
            scan.catchUp(rec -> taskSeeds.add(cluster.topics().tasks().codec(cluster.registryClient())
                    .deserialize(rec.value()).getRandomSeed()));
        }
        assertThat(taskSeeds).anySatisfy(v -> assertThat(v).isGreaterThan(1L << 50));

        // And every number of every file of the folder too, including JSON held in strings
        List<String> unsafeNumbers = new ArrayList<>();
        try (var files = Files.list(out)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl") || f.toString().endsWith(".json")).toList()) {
                for (JsonNode row : file.toString().endsWith(".jsonl") ? rows(file) : List.of(JSON.readTree(file.toFile()))) {
                    walkJson(row, file.getFileName() + ":", unsafeNumbers);
                }
            }
        }
        assertThat(unsafeNumbers).isEmpty();
    }

    private static Object decode(Schema schema, byte[] wire) {
        try {
            return new GenericDatumReader<>(schema).read(null,
                    DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
        } catch (IOException e) {
            throw new AssertionError("undecodable record: " + e.getMessage(), e);
        }
    }

    private interface LongVisitor {
        void visit(String path, long value);
    }

    /** Every long reachable from {@code value}, named by field path. */
    private static void walkAvro(Schema schema, Object value, String path, LongVisitor visitor) {
        switch (schema.getType()) {
            case RECORD -> {
                for (Schema.Field f : schema.getFields()) {
                    walkAvro(f.schema(), ((GenericRecord) value).get(f.name()), path + "." + f.name(), visitor);
                }
            }
            case ARRAY -> ((List<?>) value).forEach(v -> walkAvro(schema.getElementType(), v, path, visitor));
            case MAP -> ((Map<?, ?>) value).values().forEach(v -> walkAvro(schema.getValueType(), v, path, visitor));
            case UNION -> walkAvro(schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value, path,
                    visitor);
            case LONG -> visitor.visit(path, (Long) value);
            default -> { }
        }
    }

    /** Integral numbers outside 2^53 anywhere in {@code node}, and in JSON held by its strings. */
    private static void walkJson(JsonNode node, String path, List<String> unsafe) {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong() || !JsonSafeLong.isSafe(node.asLong())) {
                unsafe.add(path + "=" + node);
            }
        } else if (node.isContainerNode()) {
            node.fields().forEachRemaining(e -> walkJson(e.getValue(), path + "/" + e.getKey(), unsafe));
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                walkJson(node.get(i), path + "/" + i, unsafe);
            }
        } else if (node.isTextual() && (node.asText().startsWith("{") || node.asText().startsWith("["))) {
            try {
                walkJson(JSON.readTree(node.asText()), path + "(json)", unsafe);
            } catch (IOException e) {
                // text that merely starts with a bracket
            }
        }
    }

    private static List<JsonNode> rows(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static Set<String> lineSet(Path file) throws IOException {
        return new HashSet<>(Files.readAllLines(file));
    }

    private static String stdout(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(text, true));
        assertThat(cli.execute(args)).isZero();
        return text.toString();
    }
}
