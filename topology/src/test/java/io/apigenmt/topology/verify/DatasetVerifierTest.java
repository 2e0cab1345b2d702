package io.apigenmt.topology.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.TrajectoryFormat;
import io.apigenmt.topology.rollout.AgentToolCalls;
import io.apigenmt.topology.sim.TestDomains;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Re-verification of dataset rows in our layouts and their variations, through the rollout's Verifier. */
class DatasetVerifierTest {

    private final ObjectMapper json = new ObjectMapper();
    private final RowReader reader = new RowReader(json);
    private final DatasetVerifier verifier = new DatasetVerifier(TestDomains.registry()::find, json);

    private RowVerdict verify(String line) {
        return verifier.verify(reader.read(line, RowFormat.AUTO));
    }

    @Test
    void shouldPassOurOpenAiAndShareGptRowsOfAVerifiedConversation() {
        for (String domain : List.of("retail", "airline")) {
            Trajectory t = Conversations.trajectory(domain, true);
            for (TrajectoryFormat format : TrajectoryFormat.values()) {
                RowVerdict verdict = verify(format.toJsonLine(t));
                assertThat(verdict.passed()).as(domain + " " + format + ": " + verdict.reason()).isTrue();
                assertThat(verdict.observationsDiffering()).isZero();
            }
        }
    }

    @Test
    void shouldFailARowWhoseFinalCallIsRemovedWithTheStateMismatch() throws Exception {
        // Given our openai row with its last tool call and answer removed
        ObjectNode row = (ObjectNode) json.readTree(TrajectoryFormat.OPENAI.toJsonLine(Conversations.trajectory("retail", false)));
        ArrayNode messages = (ArrayNode) row.get("messages");
        int last = lastToolCall(messages);
        messages.remove(last + 1);
        messages.remove(last);

        // When it is verified, then it fails with the rollout's account of the difference
        RowVerdict verdict = verify(row.toString());
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.reason()).startsWith("state mismatch: ").contains("expected");
    }

    @Test
    void shouldFailARowThatNeverToldTheUserAnExpectedOutput() throws Exception {
        Trajectory t = Conversations.trajectory("retail", true);
        ObjectNode row = (ObjectNode) json.readTree(TrajectoryFormat.SHAREGPT.toJsonLine(t));
        for (JsonNode turn : row.get("conversations")) {
            if (turn.path("from").asText().equals("gpt")) {
                ((ObjectNode) turn).put("value", "All done.");
            }
        }
        RowVerdict verdict = verify(row.toString());
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.reason()).startsWith("missing outputs: the agent never told the user \""
                + t.getBlueprint().getOutputs().get(0) + "\"");
    }

    @Test
    void shouldTolerateRowsWithoutGreetingOrStopTurnAndWithArgumentsAsObjects() throws Exception {
        // Given the layout the datasets branch exports: no greeting, no ###STOP### turn, hf arguments as objects
        ObjectNode row = (ObjectNode) json.readTree(TrajectoryFormat.OPENAI.toJsonLine(Conversations.trajectory("airline", true)));
        ArrayNode kept = json.createArrayNode();
        for (JsonNode m : row.get("messages")) {
            boolean greeting = m.path("content").asText().equals(Conversations.GREETING);
            boolean stop = m.path("content").asText().contains("###STOP###");
            if (!greeting && !stop) {
                for (JsonNode call : m.path("tool_calls")) {
                    ObjectNode function = (ObjectNode) call.get("function");
                    function.set("arguments", json.readTree(function.get("arguments").asText()));
                }
                kept.add(m);
            }
        }
        row.set("messages", kept);

        RowVerdict verdict = verifier.verify(reader.read(row.toString(), RowFormat.parse("hf")));
        assertThat(verdict.passed()).as(verdict.reason()).isTrue();
    }

    @Test
    void shouldSkipACallTheRolloutNeverExecutedAndReplayOneItDid() throws Exception {
        // Given a row whose last assistant message also made a second call, answered "not executed"
        ObjectNode row = (ObjectNode) json.readTree(TrajectoryFormat.OPENAI.toJsonLine(Conversations.trajectory("retail", false)));
        ArrayNode messages = (ArrayNode) row.get("messages");
        int last = lastToolCall(messages);
        ObjectNode first = (ObjectNode) messages.get(last).get("tool_calls").get(0);
        ObjectNode second = first.deepCopy().put("id", "call_extra");
        ((ArrayNode) messages.get(last).get("tool_calls")).add(second);
        ObjectNode answer = json.createObjectNode().put("role", "tool").put("tool_call_id", "call_extra")
                .put("content", AgentToolCalls.NOT_EXECUTED.content());
        messages.insert(last + 2, answer);

        // Then the second call is not replayed (the state still matches)...
        assertThat(verify(row.toString()).passed()).as(verify(row.toString()).reason()).isTrue();

        // ...but a call the row says did run is replayed (a repeated write then fails or changes the state)
        answer.put("content", "{}");
        RowVerdict replayed = verify(row.toString());
        assertThat(replayed.observationsDiffering()).isPositive();
    }

    @Test
    void shouldCountReplayedObservationsThatDifferFromTheRecordedOnesWithoutFailing() throws Exception {
        ObjectNode row = (ObjectNode) json.readTree(TrajectoryFormat.OPENAI.toJsonLine(Conversations.trajectory("retail", false)));
        ArrayNode messages = (ArrayNode) row.get("messages");
        ((ObjectNode) messages.get(lastToolCall(messages) + 1)).put("content", "{\"made\": \"elsewhere\"}");
        RowVerdict verdict = verify(row.toString());
        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.observationsDiffering()).isEqualTo(1);
    }

    @Test
    void shouldFailUnknownDomainsAndRejectRowsThatCannotBeRead() throws Exception {
        ObjectNode row = (ObjectNode) json.readTree(TrajectoryFormat.OPENAI.toJsonLine(Conversations.trajectory("retail", false)));
        row.put("domain", "bank");
        assertThat(verify(row.toString())).isEqualTo(new RowVerdict(false, "unknown domain 'bank'", 0));
        assertThatThrownBy(() -> reader.read("{\"domain\": \"retail\", \"actions\": []}", RowFormat.AUTO))
                .hasMessage("neither messages (openai) nor conversations (sharegpt)");
        assertThatThrownBy(() -> reader.read("{\"domain\": \"retail\", \"messages\": []}", RowFormat.AUTO))
                .hasMessage("no actions list (the ground truth)");
        assertThatThrownBy(() -> reader.read("{\"messages\": []}", RowFormat.SHAREGPT)).hasMessage("no domain");
        assertThatThrownBy(() -> reader.read("[1", RowFormat.AUTO)).hasMessageStartingWith("not valid JSON: ");
        ObjectNode badAction = row.deepCopy().put("domain", "retail");
        ((ObjectNode) badAction.get("actions").get(0)).put("name", "drop_table");
        assertThat(verify(badAction.toString()).reason())
                .isEqualTo("a ground-truth action fails on a fresh environment: drop_table: Unknown action drop_table");
    }

    @Test
    void shouldReadTauBenchStyleKwargsInGroundTruthActions() throws Exception {
        ObjectNode row = (ObjectNode) json.readTree(TrajectoryFormat.SHAREGPT.toJsonLine(Conversations.trajectory("retail", false)));
        List<JsonNode> actions = new ArrayList<>();
        row.get("actions").forEach(actions::add);
        for (JsonNode action : actions) {
            ((ObjectNode) action).set("kwargs", ((ObjectNode) action).remove("arguments"));
        }
        assertThat(verify(row.toString()).passed()).isTrue();
    }

    private static int lastToolCall(ArrayNode messages) {
        int last = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).path("tool_calls").size() > 0) {
                last = i;
            }
        }
        return last;
    }
}
