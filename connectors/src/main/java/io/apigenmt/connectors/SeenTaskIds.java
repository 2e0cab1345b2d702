package io.apigenmt.connectors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The task_ids already present in finished files: the sink's guarantee of one line per task_id
 * across restarts, redeliveries and rebalances. Rebuilt from the files themselves (the only
 * state that survives a crash), then kept current as this task finishes files; a refresh picks
 * up files other tasks finished since.
 */
final class SeenTaskIds {
  private static final JsonFactory JSON = new JsonFactory();

  private final OutputFiles files;
  private final Pattern finished;
  private final Set<String> taskIds = new HashSet<>();
  private final Set<Path> scanned = new HashSet<>();

  SeenTaskIds(OutputFiles files) {
    this.files = files;
    this.finished = files.finishedPattern();
  }

  /** Reads the finished files not read yet; returns how many task_ids they added. */
  int refresh() throws IOException {
    int before = taskIds.size();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(files.dir())) {
      for (Path file : dir) {
        if (finished.matcher(file.getFileName().toString()).matches() && scanned.add(file)) {
          read(file);
        }
      }
    }
    return taskIds.size() - before;
  }

  boolean contains(String taskId) {
    return taskIds.contains(taskId);
  }

  void add(String taskId) {
    taskIds.add(taskId);
  }

  /** A file this task just finished: its ids are already in the set, only skip re-reading it. */
  void markScanned(Path file) {
    scanned.add(file);
  }

  int size() {
    return taskIds.size();
  }

  private void read(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        String id = topLevelTaskId(line);
        if (id != null) {
          taskIds.add(id);
        }
      }
    }
  }

  /** Streams over the line instead of building a tree: a trajectory line is tens of KB. */
  private static String topLevelTaskId(String line) throws IOException {
    if (line.isBlank()) {
      return null;
    }
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("task_id".equals(field) && value == JsonToken.VALUE_STRING) {
          return p.getText();
        }
        p.skipChildren();
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // A hand-edited or foreign line: it names no task, so it cannot cause a skip.
      return null;
    }
    return null;
  }
}
