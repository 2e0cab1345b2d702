package io.apigenmt.schemas.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * What the chat-messages layouts must satisfy, checked on every row as it is written
 * (docs/dataset-formats.md lists each rule with its source): LLaMA-Factory's
 * {@code formatting: openai} converter (system first; an assistant message with tool_calls is a
 * function turn; consecutive tool messages are one observation; then user/observation at odd
 * places, assistant/function at even ones and an even count), the OpenAI API's pairing of each
 * tool message with a call of the assistant message before it, and the tool-call shape of the
 * variant: arguments a JSON string that holds an object (API) or a JSON object (chat templates).
 */
final class ChatRules {
  private final boolean argumentsAsString;

  ChatRules(boolean argumentsAsString) {
    this.argumentsAsString = argumentsAsString;
  }

  /** @throws TrajectoryFormatException naming the first rule the row breaks */
  void check(String taskId, ObjectNode row) {
    JsonNode messages = row.path("messages");
    if (!messages.isArray() || messages.isEmpty()
        || !messages.get(0).path("role").asText().equals(Roles.SYSTEM)
        || !messages.get(0).path("content").isTextual()) {
      throw new TrajectoryFormatException(taskId, RejectReason.MALFORMED_ROW,
          "messages must open with the system message (the policy)");
    }
    Set<String> openCalls = new HashSet<>();
    int slots = 0;
    String previous = null;
    for (int i = 1; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
      String slot = switch (role) {
        case Roles.USER -> requireText(taskId, i, m, "user");
        case Roles.ASSISTANT -> assistant(taskId, i, m, openCalls);
        case Roles.TOOL -> tool(taskId, i, m, openCalls);
        default -> throw new TrajectoryFormatException(taskId, RejectReason.UNKNOWN_ROLE,
            "message " + i + " has role '" + role + "'");
      };
      if (slot.equals("user") || slot.equals("assistant")) {
        openCalls.clear(); // a tool message answers only the calls right before it
      }
      // Consecutive tool messages are one observation turn.
      if (slot.equals("observation") && "observation".equals(previous)) {
        continue;
      }
      boolean customerSide = slot.equals("user") || slot.equals("observation");
      if (customerSide != (slots % 2 == 0)) {
        throw new TrajectoryFormatException(taskId, RejectReason.BROKEN_ALTERNATION,
            "message " + i + " (" + slot + ") is out of turn: customer side and agent side "
                + "must alternate, customer first");
      }
      if (slots == 0 && !slot.equals("user")) {
        throw new TrajectoryFormatException(taskId, RejectReason.NO_OPENING_USER_TURN,
            "the first message after the system message must be the customer's");
      }
      previous = slot;
      slots++;
    }
    if (slots == 0 || slots % 2 != 0) {
      throw new TrajectoryFormatException(taskId, RejectReason.BROKEN_ALTERNATION,
          "a row must end on the agent (" + slots + " turns after the system message)");
    }
    checkTools(taskId, row.path("tools"));
  }

  private static String requireText(String taskId, int at, JsonNode m, String slot) {
    if (!m.path("content").isTextual()) {
      throw new TrajectoryFormatException(taskId, RejectReason.MALFORMED_ROW,
          "message " + at + " has no string content");
    }
    return slot;
  }

  private String assistant(String taskId, int at, JsonNode m, Set<String> openCalls) {
    JsonNode calls = m.path("tool_calls");
    if (calls.isMissingNode() || calls.isEmpty()) {
      return requireText(taskId, at, m, "assistant");
    }
    if (!argumentsAsString) {
      requireText(taskId, at, m, "function");
    } else if (!m.path("content").isNull() && !m.path("content").isTextual()) {
      throw new TrajectoryFormatException(taskId, RejectReason.MALFORMED_ROW,
          "message " + at + " has content that is neither a string nor null");
    }
    openCalls.clear();
    for (JsonNode call : calls) {
      JsonNode function = call.path("function");
      if (!call.path("id").isTextual() || !call.path("type").asText().equals("function")
          || !function.path("name").isTextual()) {
        throw new TrajectoryFormatException(taskId, RejectReason.MALFORMED_ROW,
            "message " + at + " has a tool call without id, type function and name");
      }
      JsonNode arguments = argumentsAsString
          ? parse(function.path("arguments")) : function.path("arguments");
      if (arguments == null || !arguments.isObject()) {
        throw new TrajectoryFormatException(taskId, RejectReason.INVALID_ARGUMENTS,
            "message " + at + " calls " + function.path("name").asText() + " with arguments "
                + (argumentsAsString ? "that are not a JSON string holding an object"
                    : "that are not a JSON object"));
      }
      openCalls.add(call.path("id").asText());
    }
    return "function";
  }

  private static String tool(String taskId, int at, JsonNode m, Set<String> openCalls) {
    requireText(taskId, at, m, "observation");
    if (!openCalls.remove(m.path("tool_call_id").asText(""))) {
      throw new TrajectoryFormatException(taskId, RejectReason.UNMATCHED_TOOL_RESULT,
          "message " + at + " answers no open call of the assistant message before it");
    }
    return "observation";
  }

  private static void checkTools(String taskId, JsonNode tools) {
    if (!tools.isArray()) {
      throw new TrajectoryFormatException(taskId, RejectReason.INVALID_TOOLS,
          "tools must be an array");
    }
    for (JsonNode tool : tools) {
      JsonNode function = tool.path("function");
      if (!tool.path("type").asText().equals("function") || !function.path("name").isTextual()
          || !function.path("parameters").path("properties").isObject()) {
        throw new TrajectoryFormatException(taskId, RejectReason.INVALID_TOOLS,
            "every tool must be {\"type\": \"function\", \"function\": {name, parameters}}");
      }
    }
  }

  private static JsonNode parse(JsonNode text) {
    if (!text.isTextual()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(text.asText());
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
