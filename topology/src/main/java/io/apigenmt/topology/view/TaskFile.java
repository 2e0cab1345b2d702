package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.dataset.AtomicFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tasks.jsonl} in a run's output folder: one line per task with everything the topics
 * said about it (blueprint versions, rejections with reasons and verdicts, approvals, the
 * trajectory with its review and failed trials, the dead letter, usage per stage). What
 * {@code apigen view DIR} reads beside {@code report.json} and {@code dead-letters.jsonl}.
 */
public final class TaskFile {

    public static final String NAME = "tasks.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskFile() {}

    /** Appears whole or not at all (written aside, then moved into place). */
    public static void write(Path file, List<? extends JsonNode> tasks) {
        AtomicFile.writeAll(file, tasks.stream().map(JsonNode::toString).toList());
    }

    /** Every line of a JSON-lines file; a line that is not JSON fails with its number. */
    static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new IOException(file + " line " + n + " is not JSON: " + e.getMessage(), e);
                }
            }
        }
        return rows;
    }
}
