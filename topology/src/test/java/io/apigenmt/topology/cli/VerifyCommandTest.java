package io.apigenmt.topology.cli;

import static io.apigenmt.topology.cli.DomainCommandsTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.cli.DomainCommandsTest.Outcome;
import io.apigenmt.topology.verify.Conversations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apigen verify} on dataset files: a line per failing row, a summary, exit codes. */
class VerifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldPassEveryRowOfAVerifiedDatasetInBothLayouts() throws Exception {
        Trajectory retail = Conversations.trajectory("retail", true);
        Trajectory airline = Conversations.trajectory("airline", false);
        for (TrajectoryFormat format : TrajectoryFormat.values()) {
            Path file = tmp.resolve("rows." + format.id() + ".jsonl");
            Files.writeString(file, format.toJsonLine(retail) + "\n" + format.toJsonLine(airline) + "\n");

            Outcome o = execute("verify", "--in", file.toString(), "--format", format.id());

            assertThat(o.exit()).as(o.out() + o.err()).isZero();
            assertThat(o.out().lines()).containsExactly("verified 2 of 2 rows");
        }
    }

    @Test
    void shouldPrintTheReasonOfEachFailingRowAndExitOne() throws Exception {
        Trajectory t = Conversations.trajectory("retail", false);
        ObjectNode broken = (ObjectNode) JSON.readTree(TrajectoryFormat.OPENAI.toJsonLine(t));
        ArrayNode messages = (ArrayNode) broken.get("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).path("tool_calls").size() > 0) {
                messages.remove(i + 1);
                messages.remove(i);
                break;
            }
        }
        Path file = tmp.resolve("rows.jsonl");
        Files.writeString(file, TrajectoryFormat.OPENAI.toJsonLine(t) + "\n" + broken + "\n\n{\"domain\": \"retail\"}\n");

        Outcome o = execute("verify", "--in", file.toString());

        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.out().lines()).hasSize(3);
        assertThat(o.out().lines().toList().get(0)).startsWith("line 2 (task task-retail): state mismatch: ");
        assertThat(o.out().lines().toList().get(1))
                .isEqualTo("line 4: neither messages (openai) nor conversations (sharegpt)");
        assertThat(o.out().lines().toList().get(2)).isEqualTo("verified 1 of 3 rows; 2 failed");
    }

    @Test
    void shouldRefuseBadFlagsWithOneLineNamingTheFlag() throws Exception {
        Outcome format = execute("verify", "--in", tmp.toString(), "--format", "csv");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err().lines()).containsExactly(
                "apigen verify: --format: unknown format 'csv'; expected one of auto, openai, sharegpt, hf");
        Outcome missing = execute("verify", "--in", tmp.resolve("none.jsonl").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines()).containsExactly("apigen verify: --in: no such file: " + tmp.resolve("none.jsonl"));
        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "\n");
        Outcome none = execute("verify", "--in", empty.toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err().lines()).containsExactly("apigen verify: error: " + empty + " has no rows");
    }
}
