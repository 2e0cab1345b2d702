package io.apigenmt.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineTailerTest {
  @TempDir
  Path tmp;

  @Test
  void shouldHandOutCompleteLinesWithTheirNumberAndEndPosition() throws Exception {
    Path file = tmp.resolve("f.jsonl");
    Files.writeString(file, "a\r\nbb\n");
    try (LineTailer tailer = new LineTailer(file, 0, 0, () -> 0L)) {
      List<LineTailer.Line> lines = tailer.next(10, 1000);
      assertThat(lines).containsExactly(new LineTailer.Line(1, "a", 3),
          new LineTailer.Line(2, "bb", 6));
    }
  }

  @Test
  void shouldResumeFromAStoredPosition() throws Exception {
    Path file = tmp.resolve("f.jsonl");
    Files.writeString(file, "a\nbb\nccc\n");
    try (LineTailer tailer = new LineTailer(file, 5, 2, () -> 0L)) {
      assertThat(tailer.next(10, 1000)).containsExactly(new LineTailer.Line(3, "ccc", 9));
    }
  }

  @Test
  void shouldHoldAnUnterminatedLineUntilTheFileIsQuiet() throws Exception {
    Path file = tmp.resolve("f.jsonl");
    Files.writeString(file, "one\ntw");
    AtomicLong now = new AtomicLong();
    try (LineTailer tailer = new LineTailer(file, 0, 0, now::get)) {
      assertThat(tailer.next(10, 500)).extracting(LineTailer.Line::text).containsExactly("one");
      assertThat(tailer.next(10, 500)).isEmpty();
      Files.writeString(file, "o\nthr", StandardOpenOption.APPEND);
      assertThat(tailer.next(10, 500)).extracting(LineTailer.Line::text).containsExactly("two");
      now.addAndGet(499);
      assertThat(tailer.next(10, 500)).isEmpty();
      now.addAndGet(1);
      assertThat(tailer.next(10, 500)).containsExactly(new LineTailer.Line(3, "thr", 11));
    }
  }

  @Test
  void shouldRespectTheBatchLimit() throws Exception {
    Path file = tmp.resolve("f.jsonl");
    Files.writeString(file, "1\n2\n3\n");
    try (LineTailer tailer = new LineTailer(file, 0, 0, () -> 0L)) {
      assertThat(tailer.next(2, 1000)).hasSize(2);
      assertThat(tailer.next(2, 1000)).extracting(LineTailer.Line::text).containsExactly("3");
    }
  }
}
