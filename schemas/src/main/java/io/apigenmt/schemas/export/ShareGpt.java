package io.apigenmt.schemas.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The APIGen-MT-5k ("ShareGPT-like") row. Mapping from the rollout's OpenAI-style messages:
 * <ul>
 *   <li>system messages are not turns: the policy goes to {@code "system"};
 *   <li>the agent's fixed greeting (plain assistant text before the first user message) is
 *       <b>dropped</b> rather than merged: it is a constant the model need not learn, and merging
 *       it into the first human turn would put agent words in the user's mouth. The first turn is
 *       therefore always {@code human};
 *   <li>user → human; assistant text → gpt; each assistant tool call → function_call whose value
 *       is the JSON string {"name", "arguments": object}, immediately followed by its
 *       observation (the tool message answering that call id, raw content), so parallel calls
 *       come out as call/observation pairs;
 *   <li>an assistant message with neither text nor tool calls carries nothing and is skipped.
 * </ul>
 */
final class ShareGpt {
  private ShareGpt() {}

  static ObjectNode row(Trajectory t) {
    ObjectNode row = Json.NODES.objectNode();
    row.set("conversations", conversations(t));
    ArrayNode tools = Json.NODES.arrayNode();
    Json.functionDefinitions(t).forEach(tools::add);
    // A JSON string, not an array: that is how the released dataset stores it.
    row.put("tools", Json.line(tools));
    row.put("system", Json.systemText(t));
    Json.putExtraFields(row, t);
    return row;
  }

  private static ArrayNode conversations(Trajectory t) {
    List<Message> messages = new ArrayList<>();
    for (Message m : t.getMessages()) {
      if (!Roles.SYSTEM.equals(m.getRole())) {
        messages.add(m);
      }
    }
    int start = 0;
    while (start < messages.size() && isGreeting(messages.get(start))) {
      start++;
    }
    if (start == messages.size() || !Roles.USER.equals(messages.get(start).getRole())) {
      throw new TrajectoryFormatException(t.getTaskId(),
          "the conversation must open with a user message (after the agent's greeting)");
    }
    ArrayNode turns = Json.NODES.arrayNode();
    Set<Integer> answered = new HashSet<>();
    for (int i = start; i < messages.size(); i++) {
      Message m = messages.get(i);
      switch (m.getRole()) {
        case Roles.USER -> turn(turns, "human", text(m));
        case Roles.ASSISTANT -> {
          if (m.getContent() != null && !m.getContent().isBlank()) {
            turn(turns, "gpt", m.getContent());
          }
          for (ToolCall call : m.getToolCalls()) {
            ObjectNode value = Json.NODES.objectNode();
            value.put("name", call.getName());
            value.set("arguments",
                Json.arguments(t.getTaskId(), call.getName(), call.getArgumentsJson()));
            turn(turns, "function_call", Json.line(value));
            int answer = answerOf(messages, i, call, answered);
            if (answer >= 0) {
              answered.add(answer);
              turn(turns, "observation", text(messages.get(answer)));
            }
          }
        }
        case Roles.TOOL -> {
          if (!answered.contains(i)) {
            turn(turns, "observation", text(m));
          }
        }
        default -> throw new TrajectoryFormatException(t.getTaskId(),
            "unknown message role '" + m.getRole() + "'");
      }
    }
    return turns;
  }

  /** Plain assistant text before any user message: the agent's opening line. */
  private static boolean isGreeting(Message m) {
    return Roles.ASSISTANT.equals(m.getRole()) && m.getToolCalls().isEmpty();
  }

  /**
   * The tool message answering {@code call}: among the tool messages that directly follow the
   * assistant message, the one with the call's id, else (ids missing) the first unanswered one.
   */
  private static int answerOf(List<Message> messages, int assistant, ToolCall call,
      Set<Integer> answered) {
    int firstFree = -1;
    for (int j = assistant + 1; j < messages.size(); j++) {
      Message m = messages.get(j);
      if (!Roles.TOOL.equals(m.getRole())) {
        break;
      }
      if (answered.contains(j)) {
        continue;
      }
      if (call.getId() != null && call.getId().equals(m.getToolCallId())) {
        return j;
      }
      if (firstFree < 0 && (m.getToolCallId() == null || m.getToolCallId().isEmpty())) {
        firstFree = j;
      }
    }
    return firstFree;
  }

  private static void turn(ArrayNode turns, String from, String value) {
    ObjectNode turn = turns.addObject();
    turn.put("from", from);
    turn.put("value", value);
  }

  private static String text(Message m) {
    return m.getContent() == null ? "" : m.getContent();
  }
}
