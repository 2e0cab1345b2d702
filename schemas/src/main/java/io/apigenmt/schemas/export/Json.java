package io.apigenmt.schemas.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Trajectory;
import java.util.ArrayList;
import java.util.List;

/** JSON helpers shared by the layouts: argument parsing, tool lists, the extra fields. */
final class Json {
  /** Immutable after construction, so one instance is safe to share across threads. */
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** Compact one-line JSON: the mapper escapes newlines inside strings, so a line is a record. */
  static String line(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /**
   * The arguments of a call as a JSON object. Blank means "no arguments" ({}); anything that is
   * not a JSON object is refused, because sharegpt's function_call contract requires an object.
   */
  static ObjectNode arguments(String taskId, String toolName, String argumentsJson) {
    if (argumentsJson == null || argumentsJson.isBlank()) {
      return NODES.objectNode();
    }
    JsonNode parsed;
    try {
      parsed = MAPPER.readTree(argumentsJson);
    } catch (JsonProcessingException e) {
      throw new TrajectoryFormatException(taskId, RejectReason.INVALID_ARGUMENTS,
          "arguments of " + toolName + " are not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (parsed == null || !parsed.isObject()) {
      throw new TrajectoryFormatException(taskId, RejectReason.INVALID_ARGUMENTS,
          "arguments of " + toolName + " must be a JSON object, got " + abbreviate(argumentsJson));
    }
    return (ObjectNode) parsed;
  }

  /**
   * tools_json as bare function definitions {name, description, parameters}. The rollout stores
   * OpenAI tool objects ({"type":"function","function":{...}}); bare definitions are accepted too.
   */
  static List<ObjectNode> functionDefinitions(Trajectory t) {
    String text = t.getToolsJson();
    List<ObjectNode> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new TrajectoryFormatException(t.getTaskId(), RejectReason.INVALID_TOOLS,
          "tools_json is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new TrajectoryFormatException(t.getTaskId(), RejectReason.INVALID_TOOLS,
          "tools_json must be a JSON array");
    }
    for (JsonNode tool : root) {
      JsonNode function = tool.path("function");
      if (function.isObject()) {
        out.add((ObjectNode) function);
      } else if (tool.isObject() && tool.hasNonNull("name")) {
        out.add((ObjectNode) tool);
      } else {
        throw new TrajectoryFormatException(t.getTaskId(), RejectReason.INVALID_TOOLS,
            "tools_json entry is neither an OpenAI tool nor a function definition: "
                + abbreviate(tool.toString()));
      }
    }
    return out;
  }

  /** task_id, domain, instruction, actions, outputs: the fields every layout carries alongside. */
  static void putExtraFields(ObjectNode row, Trajectory t) {
    row.put("task_id", t.getTaskId());
    row.put("domain", t.getDomain());
    row.put("instruction", t.getBlueprint().getInstruction());
    ArrayNode actions = row.putArray("actions");
    for (Action action : t.getBlueprint().getActions()) {
      ObjectNode a = actions.addObject();
      a.put("name", action.getName());
      a.set("arguments", arguments(t.getTaskId(), action.getName(), action.getArgumentsJson()));
    }
    ArrayNode outputs = row.putArray("outputs");
    t.getBlueprint().getOutputs().forEach(outputs::add);
  }

  /** The policy given to the agent: system_prompt, else the first system message's text. */
  static String systemText(Trajectory t) {
    if (t.getSystemPrompt() != null && !t.getSystemPrompt().isBlank()) {
      return t.getSystemPrompt();
    }
    return t.getMessages().stream()
        .filter(m -> Roles.SYSTEM.equals(m.getRole()) && m.getContent() != null)
        .map(m -> m.getContent())
        .findFirst()
        .orElse("");
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
