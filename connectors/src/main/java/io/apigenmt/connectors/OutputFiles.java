package io.apigenmt.connectors;

import io.apigenmt.schemas.export.TrajectoryFormat;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * File naming of the sink. Finished files: {@code <prefix>.<format>.<openedAtMillis>-<task>-<seq>.jsonl}
 * (sortable by time; unique per task and run). The file being written is hidden and per task:
 * {@code .<prefix>.<format>.task-<n>.jsonl.inprogress}, so readers globbing {@code *.jsonl}
 * never see a partial file and a restarted task knows which leftover is its own.
 */
record OutputFiles(Path dir, String prefix, TrajectoryFormat format) {

  Path inProgress(int taskIndex) {
    return dir.resolve("." + prefix + "." + format.id() + ".task-" + taskIndex
        + ".jsonl.inprogress");
  }

  Path finished(long openedAtMillis, int taskIndex, long seq) {
    return dir.resolve(String.format("%s.%s.%013d-%d-%d.jsonl",
        prefix, format.id(), openedAtMillis, taskIndex, seq));
  }

  /** Matches finished files of this prefix and format only (another format may share the dir). */
  Pattern finishedPattern() {
    return Pattern.compile(Pattern.quote(prefix + "." + format.id() + ".") + "\\d+-\\d+-\\d+\\.jsonl");
  }
}
