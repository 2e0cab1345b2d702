package io.apigenmt.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.schemas.export.TrajectoryFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingJsonlFileTest {
  @TempDir
  Path tmp;

  @Test
  void shouldPublishAFileOnlyWhenFinished() throws Exception {
    OutputFiles files = new OutputFiles(tmp, "traj", TrajectoryFormat.SHAREGPT);
    AtomicLong now = new AtomicLong(1_000);
    RollingJsonlFile file = new RollingJsonlFile(files, 3, now::get);
    file.append("{\"task_id\":\"a\"}");
    now.addAndGet(250);

    assertThat(file.ageMillis()).isEqualTo(250);
    assertThat(Files.exists(files.inProgress(3))).isTrue();
    assertThat(files.inProgress(3).getFileName().toString()).startsWith(".");

    Path finished = file.finish().orElseThrow();
    assertThat(finished.getFileName().toString()).isEqualTo("traj.sharegpt.0000000001000-3-0.jsonl");
    assertThat(Files.readString(finished)).isEqualTo("{\"task_id\":\"a\"}\n");
    assertThat(Files.exists(files.inProgress(3))).isFalse();
    assertThat(file.finish()).isEmpty();
  }

  @Test
  void shouldRebuildSeenTaskIdsFromFinishedFilesOfItsFormatOnly() throws Exception {
    OutputFiles sharegpt = new OutputFiles(tmp, "traj", TrajectoryFormat.SHAREGPT);
    Files.writeString(sharegpt.finished(1, 0, 0),
        "{\"conversations\":[{\"task_id\":\"nested\"}],\"task_id\":\"a\"}\n{\"task_id\":\"b\"}\n"
            + "not json\n");
    Files.writeString(new OutputFiles(tmp, "traj", TrajectoryFormat.OPENAI).finished(1, 0, 0),
        "{\"task_id\":\"c\"}\n");
    Files.writeString(sharegpt.inProgress(0), "{\"task_id\":\"d\"}\n");

    SeenTaskIds seen = new SeenTaskIds(sharegpt);

    assertThat(seen.refresh()).isEqualTo(2);
    assertThat(seen.contains("a")).isTrue();
    assertThat(seen.contains("b")).isTrue();
    assertThat(seen.contains("nested")).isFalse();
    assertThat(seen.contains("c")).isFalse();
    assertThat(seen.contains("d")).isFalse();
    assertThat(seen.refresh()).isZero();
  }

  @Test
  void shouldDiscardOnlyItsOwnLeftover() throws Exception {
    OutputFiles files = new OutputFiles(tmp, "traj", TrajectoryFormat.OPENAI);
    Files.writeString(files.inProgress(0), "x\n");
    Files.writeString(files.inProgress(1), "y\n");

    assertThat(new RollingJsonlFile(files, 0, () -> 0L).discardLeftover()).isTrue();

    assertThat(Files.exists(files.inProgress(0))).isFalse();
    assertThat(Files.exists(files.inProgress(1))).isTrue();
  }
}
