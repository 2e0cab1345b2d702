package io.apigenmt.schemas.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;

/**
 * The OpenAI chat fine-tuning row: {"messages", "tools"} plus the extra fields. Unlike sharegpt
 * this is the transcript exactly as the agent saw it, greeting included, with the policy as the
 * leading system message (added from system_prompt when the rollout did not record one).
 * Tool-call arguments are checked to be JSON objects and re-serialized compactly, so a record
 * that one format refuses the other refuses too and both export files hold the same tasks.
 */
final class OpenAiChat {
  private OpenAiChat() {}

  static ObjectNode row(Trajectory t) {
    ObjectNode row = Json.NODES.objectNode();
    ArrayNode messages = row.putArray("messages");
    boolean hasSystem = t.getMessages().stream().anyMatch(m -> Roles.SYSTEM.equals(m.getRole()));
    if (!hasSystem) {
      ObjectNode system = messages.addObject();
      system.put("role", Roles.SYSTEM);
      system.put("content", Json.systemText(t));
    }
    for (Message m : t.getMessages()) {
      messages.add(message(t, m));
    }
    ArrayNode tools = row.putArray("tools");
    for (ObjectNode function : Json.functionDefinitions(t)) {
      ObjectNode tool = tools.addObject();
      tool.put("type", "function");
      tool.set("function", function);
    }
    Json.putExtraFields(row, t);
    return row;
  }

  private static ObjectNode message(Trajectory t, Message m) {
    ObjectNode out = Json.NODES.objectNode();
    switch (m.getRole()) {
      case Roles.SYSTEM, Roles.USER -> {
        out.put("role", m.getRole());
        out.put("content", text(m));
      }
      case Roles.ASSISTANT -> {
        out.put("role", Roles.ASSISTANT);
        if (m.getToolCalls().isEmpty()) {
          out.put("content", text(m));
        } else {
          // OpenAI's own convention: content is null on a pure tool-call turn.
          out.put("content", m.getContent());
          ArrayNode calls = out.putArray("tool_calls");
          for (ToolCall call : m.getToolCalls()) {
            ObjectNode c = calls.addObject();
            c.put("id", call.getId());
            c.put("type", "function");
            ObjectNode function = c.putObject("function");
            function.put("name", call.getName());
            function.put("arguments", Json.line(
                Json.arguments(t.getTaskId(), call.getName(), call.getArgumentsJson())));
          }
        }
      }
      case Roles.TOOL -> {
        out.put("role", Roles.TOOL);
        out.put("tool_call_id", m.getToolCallId());
        if (m.getName() != null) {
          out.put("name", m.getName());
        }
        out.put("content", text(m));
      }
      default -> throw new TrajectoryFormatException(t.getTaskId(),
          "unknown message role '" + m.getRole() + "'");
    }
    return out;
  }

  private static String text(Message m) {
    return m.getContent() == null ? "" : m.getContent();
  }
}
