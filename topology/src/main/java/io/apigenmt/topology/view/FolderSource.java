package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's output folder: {@code report.json} (required), {@code tasks.jsonl} and
 * {@code dead-letters.jsonl}. Read once: a finished run's folder does not change.
 */
public final class FolderSource implements ViewSource {

    public static final String REPORT = "report.json";
    public static final String DEAD_LETTERS = "dead-letters.jsonl";

    private final ViewData data;

    private FolderSource(ViewData data) {
        this.data = data;
    }

    /** @throws IllegalArgumentException when {@code dir} is not a run's output folder */
    public static FolderSource open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        Path report = dir.resolve(REPORT);
        if (!Files.isRegularFile(report)) {
            throw new IllegalArgumentException(dir + " has no " + REPORT + ": give the --out folder of a finished 'apigen run'");
        }
        try {
            List<String> notes = new ArrayList<>();
            JsonNode ledger = new ObjectMapper().readTree(report.toFile());
            List<JsonNode> tasks = optional(dir.resolve(TaskFile.NAME), notes,
                    "no " + TaskFile.NAME + " in this folder (older runs and 'apigen export' do not write it): the task browser is empty");
            List<JsonNode> dead = optional(dir.resolve(DEAD_LETTERS), notes, "no " + DEAD_LETTERS + " in this folder");
            return new FolderSource(new ViewData("folder " + dir, false, ledger, tasks, dead, List.of(), notes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<JsonNode> optional(Path file, List<String> notes, String missing) throws IOException {
        if (!Files.isRegularFile(file)) {
            notes.add(missing);
            return List.of();
        }
        return TaskFile.readLines(file);
    }

    @Override
    public ViewData snapshot() {
        return data;
    }
}
