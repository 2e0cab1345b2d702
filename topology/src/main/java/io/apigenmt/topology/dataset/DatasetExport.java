package io.apigenmt.topology.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.Rendered;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.TopicScan;
import io.apigenmt.topology.pipeline.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the dataset out of the topics: verified trajectories (one row per task_id, the first
 * committed record wins) in the training layouts, rows a layout's rules refuse to a rejects file
 * with their reason, and dead letters as JSON lines. Reads from the beginning to the current end
 * and stops. Files appear atomically (written aside, then moved).
 */
public final class DatasetExport {

    /** The file beside the layouts that lists every rejected row of every layout. */
    public static final String REJECTS_FILE = "rejects.jsonl";

    private static final Logger log = LoggerFactory.getLogger(DatasetExport.class);

    private final ClusterConnection cluster;
    private final Topics topics;
    private final ObjectMapper json = new ObjectMapper();

    public DatasetExport(ClusterConnection cluster, Topics topics) {
        this.cluster = cluster;
        this.topics = topics;
    }

    /** Every layout under its default file name in {@code dir}. */
    public static Map<TrajectoryFormat, Path> defaultFiles(Path dir) {
        Map<TrajectoryFormat, Path> files = new LinkedHashMap<>();
        for (TrajectoryFormat f : TrajectoryFormat.values()) {
            files.put(f, dir.resolve(f.defaultFileName()));
        }
        return files;
    }

    /**
     * Writes each layout to its file and every rejected row to {@code rejects}: one line
     * {"format", "task_id", "seed_id", "domain", "reason", "detail"} per layout that refused it.
     */
    public ExportSummary write(Map<TrajectoryFormat, Path> outputs, Path rejects, Predicate<String> seedFilter) {
        Map<TrajectoryFormat, AtomicFile> files = new LinkedHashMap<>();
        List<AtomicFile> all = new ArrayList<>();
        try {
            outputs.forEach((format, path) -> files.put(format, open(path, all)));
            AtomicFile rejectsFile = open(rejects, all);
            ExportSummary summary = scan(outputs.keySet(), seedFilter, new Sink() {
                @Override
                public void row(TrajectoryFormat format, String line) {
                    files.get(format).append(line);
                }

                @Override
                public void rejected(TrajectoryFormat format, Trajectory t, Rendered.Rejected why) {
                    rejectsFile.append(rejectLine(format, t, why));
                }
            });
            all.forEach(AtomicFile::commit);
            return summary;
        } finally {
            all.forEach(AtomicFile::close);
        }
    }

    /** What {@link #write} would produce, counted without writing anything (the report's rows). */
    public ExportSummary count(Collection<TrajectoryFormat> formats, Predicate<String> seedFilter) {
        return scan(formats, seedFilter, new Sink() {
            @Override
            public void row(TrajectoryFormat format, String line) {}

            @Override
            public void rejected(TrajectoryFormat format, Trajectory t, Rendered.Rejected why) {}
        });
    }

    private interface Sink {
        void row(TrajectoryFormat format, String line);

        void rejected(TrajectoryFormat format, Trajectory t, Rendered.Rejected why);
    }

    private ExportSummary scan(Collection<TrajectoryFormat> formats, Predicate<String> seedFilter, Sink sink) {
        AvroWireCodec<Trajectory> codec = new AvroWireCodec<>(cluster.registry(), Trajectory.class, false);
        Map<TrajectoryFormat, LayoutRows> layouts = new LinkedHashMap<>();
        formats.forEach(f -> layouts.put(f, new LayoutRows()));
        DatasetStats stats = new DatasetStats();
        Set<String> seen = new HashSet<>();
        long[] duplicates = {0};
        long[] undecodable = {0};
        try (TopicScan scan = new TopicScan(cluster.clientProps(), List.of(topics.verified().name()))) {
            scan.catchUp(rec -> {
                Trajectory t;
                try {
                    t = codec.deserialize(rec.value());
                } catch (RuntimeException e) {
                    undecodable[0]++;
                    log.warn("export skipped an undecodable record at {}-{}@{}: {}", rec.topic(), rec.partition(),
                            rec.offset(), e.getMessage());
                    return;
                }
                if (!seedFilter.test(t.getBlueprint().getSeedId())) {
                    return;
                }
                if (!seen.add(t.getTaskId())) {
                    duplicates[0]++;
                    return;
                }
                stats.add(t);
                layouts.forEach((format, rows) -> {
                    Rendered rendered = format.render(t);
                    if (rendered instanceof Rendered.Row row) {
                        sink.row(format, row.line());
                        rows.written();
                        stats.rowWritten(t.getDomain(), format);
                    } else if (rendered instanceof Rendered.Rejected why) {
                        sink.rejected(format, t, why);
                        rows.rejected(why.reason());
                        log.warn("{} row of trajectory {} rejected: {}: {}", format, t.getTaskId(), why.reason().id(),
                                why.detail());
                    }
                });
            });
        }
        return new ExportSummary(layouts, seen.size(), duplicates[0], undecodable[0], stats);
    }

    private String rejectLine(TrajectoryFormat format, Trajectory t, Rendered.Rejected why) {
        return json.createObjectNode()
                .put("format", format.id())
                .put("task_id", t.getTaskId())
                .put("seed_id", t.getBlueprint().getSeedId())
                .put("domain", t.getDomain())
                .put("reason", why.reason().id())
                .put("detail", why.detail())
                .toString();
    }

    private static AtomicFile open(Path path, List<AtomicFile> opened) {
        AtomicFile file = new AtomicFile(path);
        opened.add(file);
        return file;
    }

    /**
     * Dead letters as JSON: every field, the original payload base64-encoded. A task is written
     * once, by its latest dead letter, and not at all once it verified (a redriven task that
     * verified is in the dataset, not here); dead letters of bytes that belong to no task are all kept.
     */
    public long deadLetters(Path out, Predicate<String> seedFilter) {
        AvroWireCodec<DeadLetter> codec = new AvroWireCodec<>(cluster.registry(), DeadLetter.class, false);
        List<String> strays = new ArrayList<>();
        Map<String, String> latest = new LinkedHashMap<>();
        try (TopicScan scan = new TopicScan(cluster.clientProps(), List.of(topics.deadLetters().name()))) {
            scan.catchUp(rec -> {
                try {
                    DeadLetter d = codec.deserialize(rec.value());
                    if (d.getTasks() == 0) {
                        strays.add(toJson(d));
                    } else if (seedFilter.test(d.getSeedId())) {
                        // One task's dead letters share a key, hence a partition: the last read is the latest.
                        latest.remove(d.getId());
                        latest.put(d.getId(), toJson(d));
                    }
                } catch (RuntimeException e) {
                    log.warn("export skipped an undecodable dead letter at {}-{}@{}", rec.topic(), rec.partition(), rec.offset());
                }
            });
        }
        if (!latest.isEmpty()) {
            try (TopicScan scan = new TopicScan(cluster.clientProps(), List.of(topics.verified().name()))) {
                scan.catchUp(rec -> latest.remove(rec.key()));
            }
        }
        List<String> lines = new ArrayList<>(latest.values());
        lines.addAll(strays);
        AtomicFile.writeAll(out, lines);
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
        if (d.getFault() != null) {
            node.put("fault", d.getFault());
        }
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
                    .put("cached_prompt_tokens", d.getUsage().getCachedPromptTokens())
                    .put("completion_tokens", d.getUsage().getCompletionTokens())
                    .put("llm_calls", d.getUsage().getLlmCalls());
        }
        if (!d.getOptions().isEmpty()) {
            ObjectNode options = node.putObject("options");
            d.getOptions().forEach(options::put);
        }
        return node.toString();
    }
}
