package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.given.TauBenchFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code apigen run --tasks-file}: the one-command form of seeding given tasks, on tau-bench-layout data. */
class RunTasksFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void shouldRollOutTheFilesTasksOnTheGivenDataAndWriteTheDataset() throws IOException {
        Path out = dir.resolve("out");

        ConfigShowCommandTest.Outcome o = ConfigShowCommandTest.execute(Map.of(), "run", "--tasks-file",
                TauBenchFiles.tasks().toString(), "--out=" + out, "--domain-data", "retail=" + TauBenchFiles.data("retail"),
                "--domain-data", "airline=" + TauBenchFiles.data("airline"));

        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("blueprints: generated 0, given 6, regenerated 0");
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertThat(report.path("requested").asLong()).isEqualTo(6);
        assertThat(report.path("in_flight").asLong()).isZero();
        assertThat(report.path("verified").asLong()).isEqualTo(5);
        assertThat(report.path("dead_letters_by_reason").path("given_task_rejected").asLong()).isEqualTo(1);
        assertThat(report.path("seeds")).hasSize(2);
        assertThat(Files.readAllLines(out.resolve("trajectories.sharegpt.jsonl"))).hasSize(5);
        assertThat(Files.readString(out.resolve("README.md"))).contains("| tasks given (tasks file, rollout only) | 6 |");
        assertThat(Files.readString(out.resolve("dead-letters.jsonl"))).contains("non-pending order cannot be cancelled");
    }

    @Test
    void shouldRefuseFlagsThatChooseGeneratedTasksBesideATasksFile() {
        ConfigShowCommandTest.Outcome tasks = ConfigShowCommandTest.execute(Map.of(), "run", "--tasks-file",
                TauBenchFiles.tasks().toString(), "--tasks", "4", "--out=" + dir);
        ConfigShowCommandTest.Outcome policy = ConfigShowCommandTest.execute(Map.of(), "run", "--check-policy", "--out=" + dir);
        ConfigShowCommandTest.Outcome missing = ConfigShowCommandTest.execute(Map.of(), "run", "--tasks-file",
                dir.resolve("none.jsonl").toString(), "--out=" + dir);

        assertThat(tasks.exit()).isEqualTo(2);
        assertThat(tasks.err().lines()).containsExactly(
                "apigen run: --tasks does not go with --tasks-file: the file's lines are the tasks");
        assertThat(policy.exit()).isEqualTo(2);
        assertThat(policy.err().lines()).containsExactly("apigen run: --check-policy applies to --tasks-file only");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines()).containsExactly("apigen run: --tasks-file: no such file: " + dir.resolve("none.jsonl"));
    }
}
