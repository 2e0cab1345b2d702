package io.apigenmt.schemas.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * What LLaMA-Factory's {@code formatting: sharegpt} converter and its function/tool formatters
 * require of a row, checked on every row as it is written (docs/dataset-formats.md lists each
 * rule with its source): human/observation at odd places, gpt/function_call at even ones, an
 * even number of turns (so the row ends on the agent), function_call values that parse as
 * {"name", "arguments"}, and tools as a JSON string of function definitions with parameters.
 */
final class ShareGptRules {
  private static final Set<String> CUSTOMER_SIDE = Set.of("human", "observation");
  private static final Set<String> AGENT_SIDE = Set.of("gpt", "function_call");

  private ShareGptRules() {}

  /** @throws TrajectoryFormatException naming the first rule the row breaks */
  static void check(String taskId, ObjectNode row) {
    JsonNode turns = row.path("conversations");
    if (!turns.isArray() || turns.isEmpty()) {
      throw new TrajectoryFormatException(taskId, RejectReason.MALFORMED_ROW,
          "conversations must be a non-empty array");
    }
    for (int i = 0; i < turns.size(); i++) {
      JsonNode turn = turns.get(i);
      String from = turn.path("from").asText("");
      if (!turn.path("value").isTextual()) {
        throw new TrajectoryFormatException(taskId, RejectReason.MALFORMED_ROW,
            "turn " + i + " has no string value");
      }
      Set<String> allowed = i % 2 == 0 ? CUSTOMER_SIDE : AGENT_SIDE;
      if (!allowed.contains(from)) {
        throw new TrajectoryFormatException(taskId, RejectReason.BROKEN_ALTERNATION,
            "turn " + i + " is '" + from + "' where one of " + allowed + " must be");
      }
      if (from.equals("function_call")) {
        checkCall(taskId, i, turn.path("value").asText());
      }
    }
    if (!turns.get(0).path("from").asText().equals("human")) {
      throw new TrajectoryFormatException(taskId, RejectReason.NO_OPENING_USER_TURN,
          "the first turn must be the customer's (human)");
    }
    if (turns.size() % 2 != 0) {
      throw new TrajectoryFormatException(taskId, RejectReason.BROKEN_ALTERNATION,
          "odd number of turns (" + turns.size() + "): a row must end on the agent");
    }
    if (!row.path("system").isTextual()) {
      throw new TrajectoryFormatException(taskId, RejectReason.MALFORMED_ROW,
          "system must be a string");
    }
    checkTools(taskId, row.path("tools"));
  }

  private static void checkCall(String taskId, int at, String value) {
    // A leading thought block is the agent's kept reasoning: the function formatter strips it first.
    JsonNode call = parse(ThoughtBlock.strip(value));
    if (call == null || !call.path("name").isTextual() || !call.path("arguments").isObject()) {
      throw new TrajectoryFormatException(taskId, RejectReason.INVALID_ARGUMENTS,
          "function_call at turn " + at + " is not {\"name\": string, \"arguments\": object}");
    }
  }

  private static void checkTools(String taskId, JsonNode tools) {
    JsonNode list = tools.isTextual() ? parse(tools.asText()) : null;
    if (list == null || !list.isArray()) {
      throw new TrajectoryFormatException(taskId, RejectReason.INVALID_TOOLS,
          "tools must be a JSON string holding an array");
    }
    for (JsonNode tool : list) {
      if (!tool.path("name").isTextual()
          || !tool.path("parameters").path("properties").isObject()) {
        throw new TrajectoryFormatException(taskId, RejectReason.INVALID_TOOLS,
            "every tool needs a name and parameters.properties");
      }
    }
  }

  private static JsonNode parse(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
