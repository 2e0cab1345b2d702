package io.apigenmt.topology.given;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.GivenTask;
import io.apigenmt.topology.sim.TestDomains;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a tasks file: tau-bench's task fields, one message per bad line naming the line. */
class GivenTaskFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final GivenTaskFile reader = new GivenTaskFile(TestDomains.registry(), JSON, 64 * 1024);

    @Test
    void shouldReadTauBenchStyleTasksWithKwargsOrArgumentsAndIgnoreOtherFields() throws IOException {
        // Given the fixture tasks file (kwargs as tau-bench writes them, one line with arguments, annotator fields)

        // When it is read
        GivenTaskFile.Parsed parsed = reader.read(TauBenchFiles.tasks(), null);

        // Then every line is a task of its domain, in file order, ids from "id" or the line number
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.tasks()).extracting(GivenTaskFile.Line::domain)
                .containsExactly("retail", "retail", "retail", "retail", "retail", "airline");
        assertThat(parsed.tasks()).extracting(l -> l.task().getId()).containsExactly("1", "2", "3", "4", "5", "17");
        GivenTask change = parsed.tasks().get(1).task();
        assertThat(change.getUserId()).isEqualTo(TauBenchFiles.OTHER_RETAIL_USER);
        assertThat(change.getOutputs()).containsExactly("488.81");
        assertThat(change.getActions()).extracting(Action::getName).containsExactly("find_user_id_by_email",
                "get_order_details", "get_product_details", "modify_pending_order_items");
        assertThat(JSON.readTree(change.getActions().get(3).getArgumentsJson()).path("new_item_ids").get(0).asText())
                .isEqualTo("8426249116");
        assertThat(parsed.tasks().get(2).task().getActions().get(2).getArgumentsJson()).contains("\"item_ids\":[\"7199146548\"]");
        assertThat(parsed.tasks().get(5).task().getPersona()).isEqualTo("A frequent flyer in a hurry.");
        assertThat(change.getPersona()).isNull();
    }

    @Test
    void shouldTakeTheDefaultDomainForLinesWithoutOne() throws IOException {
        Path file = Files.writeString(tmp.resolve("t.jsonl"), "{\"user_id\": \"u\", \"instruction\": \"x\", "
                + "\"actions\": [{\"name\": \"get_user_details\", \"kwargs\": {\"user_id\": \"u\"}}], \"outputs\": []}\n\n");

        GivenTaskFile.Parsed parsed = reader.read(file, "airline");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.tasks()).singleElement().satisfies(l -> {
            assertThat(l.domain()).isEqualTo("airline");
            assertThat(l.number()).isEqualTo(1);
        });
    }

    @Test
    void shouldNameTheLineAndTheDefectOfEveryBadLine() throws IOException {
        // Given a file with one good line and a bad line of each kind
        String good = "{\"domain\": \"retail\", \"id\": \"a\", \"user_id\": \"u\", \"instruction\": \"x\", \"actions\": [], \"outputs\": []}";
        Path file = Files.writeString(tmp.resolve("t.jsonl"), String.join("\n", List.of(
                good,
                "not json",
                "[1, 2]",
                "{\"domain\": \"bank\", \"user_id\": \"u\", \"instruction\": \"x\", \"actions\": [], \"outputs\": []}",
                "{\"user_id\": \"u\", \"instruction\": \"x\", \"actions\": [], \"outputs\": []}",
                "{\"domain\": \"retail\", \"instruction\": \"x\", \"actions\": [], \"outputs\": []}",
                "{\"domain\": \"retail\", \"user_id\": \"u\", \"instruction\": \"  \", \"actions\": [], \"outputs\": []}",
                "{\"domain\": \"retail\", \"user_id\": \"u\", \"instruction\": \"x\", \"outputs\": []}",
                "{\"domain\": \"retail\", \"user_id\": \"u\", \"instruction\": \"x\", \"actions\": [{\"name\": \"refund_everything\", "
                        + "\"kwargs\": {}}], \"outputs\": []}",
                "{\"domain\": \"retail\", \"user_id\": \"u\", \"instruction\": \"x\", \"actions\": [{\"name\": \"calculate\", "
                        + "\"kwargs\": [1]}], \"outputs\": []}",
                "{\"domain\": \"retail\", \"user_id\": \"u\", \"instruction\": \"x\", \"actions\": [], \"outputs\": [12]}",
                "{\"domain\": \"retail\", \"id\": \"a\", \"user_id\": \"u\", \"instruction\": \"x\", \"actions\": [], \"outputs\": []}",
                "{\"domain\": \"retail\", \"user_id\": \"u\", \"instruction\": \"" + "y".repeat(70_000) + "\", \"actions\": [], \"outputs\": []}"))
                + "\n");

        // When it is read without a default domain
        GivenTaskFile.Parsed parsed = reader.read(file, null);

        // Then the good line is a task and every other line has one message naming it
        assertThat(parsed.tasks()).extracting(l -> l.task().getId()).containsExactly("a");
        assertThat(parsed.problems()).hasSize(12);
        assertThat(parsed.problems().get(0)).startsWith("line 2: not valid JSON: ");
        assertThat(parsed.problems().subList(1, 11)).containsExactly(
                "line 3: not a JSON object",
                "line 4: unknown domain 'bank'; known: retail, airline",
                "line 5: no domain (give \"domain\" on the line, or --domain)",
                "line 6: user_id is missing",
                "line 7: instruction is empty",
                "line 8: actions is missing",
                "line 9: actions[0]: unknown tool 'refund_everything' in retail",
                "line 10: actions[0] calculate: arguments (or kwargs) must be a JSON object",
                "line 11: outputs[0] is not a string",
                "line 12: id 'a' repeats line 1");
        assertThat(parsed.problems().get(11)).matches("line 13: the task takes 700\\d\\d bytes, more than the 65536 a seed may carry");
    }
}
