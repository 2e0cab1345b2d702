package io.apigenmt.topology.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.schemas.export.TrajectoryFormatException;
import io.apigenmt.schemas.registry.AvroWireCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the dataset out of the topics: verified trajectories (one line per task_id, the first
 * committed one wins) in the training formats, and dead letters as JSON lines. Reads from the
 * beginning to the current end and stops. Files appear atomically (written aside, then moved).
 */
public final class DatasetExport {

    private static final Logger log = LoggerFactory.getLogger(DatasetExport.class);

    /** @param unrenderable trajectories skipped because a format could not render them */
    public record Counts(long lines, long duplicatesSkipped, long unrenderable) {}

    private final ClusterConnection cluster;
    private final Topics topics;
    private final ObjectMapper json = new ObjectMapper();

    public DatasetExport(ClusterConnection cluster, Topics topics) {
        this.cluster = cluster;
        this.topics = topics;
    }

    public Counts trajectories(Map<TrajectoryFormat, Path> outputs, Predicate<String> seedFilter) {
        AvroWireCodec<Trajectory> codec = new AvroWireCodec<>(cluster.registry(), Trajectory.class, false);
        Map<TrajectoryFormat, List<String>> lines = new LinkedHashMap<>();
        outputs.keySet().forEach(f -> lines.put(f, new ArrayList<>()));
        Set<String> seen = new HashSet<>();
        long[] duplicates = {0};
        long[] unrenderable = {0};
        try (TopicScan scan = new TopicScan(cluster.clientProps(), List.of(topics.verified().name()))) {
            scan.catchUp(rec -> {
                Trajectory t;
                try {
                    t = codec.deserialize(rec.value());
                } catch (RuntimeException e) {
                    log.warn("export skipped an undecodable record at {}-{}@{}: {}", rec.topic(), rec.partition(), rec.offset(), e.getMessage());
                    return;
                }
                if (!seedFilter.test(t.getBlueprint().getSeedId())) {
                    return;
                }
                if (!seen.add(t.getTaskId())) {
                    duplicates[0]++;
                    return;
                }
                try {
                    Map<TrajectoryFormat, String> rendered = new LinkedHashMap<>();
                    for (TrajectoryFormat f : outputs.keySet()) {
                        rendered.put(f, f.toJsonLine(t));
                    }
                    rendered.forEach((f, line) -> lines.get(f).add(line));
                } catch (TrajectoryFormatException e) {
                    unrenderable[0]++;
                    log.warn("trajectory {} cannot be rendered: {}", t.getTaskId(), e.getMessage());
                }
            });
        }
        outputs.forEach((f, path) -> write(path, lines.get(f)));
        long written = lines.values().stream().findFirst().map(List::size).orElse(0);
        return new Counts(written, duplicates[0], unrenderable[0]);
    }

    /** Dead letters as JSON: every field, the original payload base64-encoded. */
    public long deadLetters(Path out, Predicate<String> seedFilter) {
        AvroWireCodec<DeadLetter> codec = new AvroWireCodec<>(cluster.registry(), DeadLetter.class, false);
        List<String> lines = new ArrayList<>();
        try (TopicScan scan = new TopicScan(cluster.clientProps(), List.of(topics.deadLetters().name()))) {
            scan.catchUp(rec -> {
                try {
                    DeadLetter d = codec.deserialize(rec.value());
                    if (d.getTasks() == 0 || seedFilter.test(d.getSeedId())) {
                        lines.add(toJson(d));
                    }
                } catch (RuntimeException e) {
                    log.warn("export skipped an undecodable dead letter at {}-{}@{}", rec.topic(), rec.partition(), rec.offset());
                }
            });
        }
        write(out, lines);
        return lines.size();
    }

    private String toJson(DeadLetter d) {
        ObjectNode node = json.createObjectNode();
        node.put("id", d.getId());
        node.put("stage", d.getStage());
        node.put("reason", d.getReason());
        node.put("error", d.getError());
        node.put("attempts", d.getAttempts());
        node.put("seed_id", d.getSeedId());
        node.put("domain", d.getDomain());
        node.put("tasks", d.getTasks());
        node.put("at", d.getAt());
        if (d.getPayloadJson() != null) {
            node.put("payload_json", d.getPayloadJson());
        }
        if (d.getPayload() != null) {
            byte[] bytes = new byte[d.getPayload().remaining()];
            d.getPayload().duplicate().get(bytes);
            node.put("payload_base64", Base64.getEncoder().encodeToString(bytes));
        }
        if (d.getUsage() != null) {
            node.putObject("usage")
                    .put("prompt_tokens", d.getUsage().getPromptTokens())
                    .put("completion_tokens", d.getUsage().getCompletionTokens())
                    .put("llm_calls", d.getUsage().getLlmCalls());
        }
        return node.toString();
    }

    private static void write(Path path, List<String> lines) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".part");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (String line : lines) {
                    w.write(line);
                    w.write('\n');
                }
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
