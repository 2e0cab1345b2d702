package io.apigenmt.schemas.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.Conversation.AgentCalls;
import io.apigenmt.schemas.export.Conversation.AgentText;
import io.apigenmt.schemas.export.Conversation.Call;
import io.apigenmt.schemas.export.Conversation.ToolResult;
import io.apigenmt.schemas.export.Conversation.Turn;
import io.apigenmt.schemas.export.Conversation.UserText;

/**
 * Chat-messages rows: {"messages", "tools"} plus the extra fields. The policy is the leading
 * system message, then the training turns of {@link Conversation} (customer first, agent last).
 * Text the agent sent together with tool calls stays on that assistant message: both the API and
 * chat templates carry content and tool_calls on one message. The agent's reasoning, when the
 * rollout kept it, is {@code reasoning_content} on its assistant message (the field reasoning
 * servers answer with, and the one reasoning chat templates read). Two variants:
 * <ul>
 *   <li>{@link #API}: faithful to the OpenAI chat API: {@code function.arguments} is a JSON
 *       string, content of a pure tool-call message is what the model returned (often null);
 *   <li>{@link #TEMPLATES}: for Hugging Face chat templates and TRL: {@code function.arguments}
 *       is a JSON object and content is never null ({@code ""} on a pure tool-call message),
 *       since templates concatenate it.
 * </ul>
 */
enum OpenAiChat {
  API(true),
  TEMPLATES(false);

  private final boolean apiFaithful;

  OpenAiChat(boolean apiFaithful) {
    this.apiFaithful = apiFaithful;
  }

  ObjectNode row(Trajectory t) {
    Conversation conversation = Conversation.of(t);
    ObjectNode row = Json.NODES.objectNode();
    ArrayNode messages = row.putArray("messages");
    messages.addObject().put("role", Roles.SYSTEM).put("content", Json.systemText(t));
    for (Turn turn : conversation.turns()) {
      messages.add(message(turn));
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

  private ObjectNode message(Turn turn) {
    ObjectNode out = Json.NODES.objectNode();
    if (turn instanceof UserText u) {
      out.put("role", Roles.USER).put("content", u.text());
    } else if (turn instanceof AgentText a) {
      out.put("role", Roles.ASSISTANT).put("content", a.text());
      putReasoning(out, a.reasoning());
    } else if (turn instanceof AgentCalls calls) {
      out.put("role", Roles.ASSISTANT);
      out.put("content", apiFaithful || calls.text() != null ? calls.text() : "");
      putReasoning(out, calls.reasoning());
      ArrayNode toolCalls = out.putArray("tool_calls");
      for (Call call : calls.calls()) {
        ObjectNode c = toolCalls.addObject();
        c.put("id", call.id());
        c.put("type", "function");
        ObjectNode function = c.putObject("function");
        function.put("name", call.name());
        if (apiFaithful) {
          function.put("arguments", Json.line(call.arguments()));
        } else {
          function.set("arguments", call.arguments());
        }
      }
    } else if (turn instanceof ToolResult r) {
      out.put("role", Roles.TOOL).put("tool_call_id", r.callId());
      if (r.name() != null) {
        out.put("name", r.name());
      }
      out.put("content", r.text());
    }
    return out;
  }

  private static void putReasoning(ObjectNode message, String reasoning) {
    if (reasoning != null) {
      message.put("reasoning_content", reasoning);
    }
  }
}
