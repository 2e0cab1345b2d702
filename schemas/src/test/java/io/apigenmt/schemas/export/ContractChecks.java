package io.apigenmt.schemas.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/**
 * The assertions of ../shared/checks/check_output.py and of the well-formedness bullet,
 * in Java: required keys, tools a string in sharegpt, known "from" values, first turn human,
 * function_call values {name (a known tool), arguments object}, each followed by an observation.
 */
final class ContractChecks {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> FROMS = Set.of("human", "gpt", "function_call", "observation");

  private ContractChecks() {}

  static void assertShareGptRow(JsonNode row, Set<String> toolNames) throws Exception {
    assertThat(row.fieldNames()).toIterable().contains("conversations", "tools", "system",
        "task_id", "domain", "instruction", "actions", "outputs");
    assertThat(row.get("tools").isTextual()).as("'tools' must be a JSON string").isTrue();
    JsonNode turns = row.get("conversations");
    assertThat(turns.isArray()).isTrue();
    assertThat(turns.get(0).get("from").asText()).as("first turn").isEqualTo("human");
    for (int i = 0; i < turns.size(); i++) {
      JsonNode turn = turns.get(i);
      assertThat(FROMS).as("from of turn %d", i).contains(turn.get("from").asText());
      assertThat(turn.get("value").isTextual()).as("value of turn %d", i).isTrue();
      if (turn.get("from").asText().equals("function_call")) {
        JsonNode value = MAPPER.readTree(turn.get("value").asText());
        assertThat(toolNames).as("tool of turn %d", i).contains(value.get("name").asText());
        assertThat(value.get("arguments").isObject()).as("arguments of turn %d", i).isTrue();
        assertThat(i + 1).as("turn %d has a following turn", i).isLessThan(turns.size());
        assertThat(turns.get(i + 1).get("from").asText()).as("turn after call %d", i)
            .isEqualTo("observation");
      }
    }
  }

  static void assertOpenAiRow(JsonNode row) {
    assertThat(row.fieldNames()).toIterable().contains("messages", "tools", "task_id");
    assertThat(row.get("tools").isArray()).as("'tools' must be an array").isTrue();
    for (JsonNode m : row.get("messages")) {
      assertThat(Set.of("system", "user", "assistant", "tool")).contains(m.get("role").asText());
      if (m.get("role").asText().equals("tool")) {
        assertThat(m.hasNonNull("tool_call_id")).isTrue();
      }
    }
  }
}
