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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The APIGen-MT-5k ("ShareGPT-like") row, as LLaMA-Factory's {@code formatting: sharegpt}
 * converter reads it (rules in docs/dataset-formats.md):
 * <ul>
 *   <li>customer → human; agent text → gpt; each tool call → function_call whose value is the
 *       JSON string {"name", "arguments": object}, followed by the observation answering that
 *       call id (raw content), so parallel calls come out as call/observation pairs;
 *   <li>text the agent sent together with tool calls is left out: the converter forbids gpt
 *       directly followed by function_call, and that text never reached the customer in the
 *       rollout (nor counted for the output check), so the row keeps the conversation exactly
 *       as the customer experienced it;
 *   <li>the agent's reasoning, when the rollout kept it, opens its turn as a thought block in
 *       LLaMA-Factory's default thought words ({@code <think>\n…\n</think>\n\n}): before the text
 *       of a gpt turn, and before the JSON of the first function_call of a turn, which is where
 *       its reasoning templates and function formatter look for it.
 * </ul>
 */
final class ShareGpt {
  private ShareGpt() {}

  static ObjectNode row(Trajectory t) {
    ObjectNode row = Json.NODES.objectNode();
    row.set("conversations", conversations(Conversation.of(t)));
    ArrayNode tools = Json.NODES.arrayNode();
    Json.functionDefinitions(t).forEach(tools::add);
    // A JSON string, not an array: that is how the released dataset stores it.
    row.put("tools", Json.line(tools));
    row.put("system", Json.systemText(t));
    Json.putExtraFields(row, t);
    return row;
  }

  private static ArrayNode conversations(Conversation conversation) {
    List<Turn> turns = conversation.turns();
    ArrayNode out = Json.NODES.arrayNode();
    Set<Integer> answered = new HashSet<>();
    for (int i = 0; i < turns.size(); i++) {
      Turn turn = turns.get(i);
      if (turn instanceof UserText u) {
        add(out, "human", u.text());
      } else if (turn instanceof AgentText a) {
        add(out, "gpt", ThoughtBlock.of(a.reasoning()) + a.text());
      } else if (turn instanceof AgentCalls calls) {
        String reasoning = calls.reasoning();
        for (Call call : calls.calls()) {
          ObjectNode value = Json.NODES.objectNode();
          value.put("name", call.name());
          value.set("arguments", call.arguments());
          add(out, "function_call", ThoughtBlock.of(reasoning) + Json.line(value));
          reasoning = null; // one thought per agent turn, before its first call
          int answer = answerOf(turns, i, call, answered);
          if (answer >= 0) {
            answered.add(answer);
            add(out, "observation", ((ToolResult) turns.get(answer)).text());
          }
        }
      } else if (turn instanceof ToolResult r && !answered.contains(i)) {
        add(out, "observation", r.text());
      }
    }
    return out;
  }

  /**
   * The tool result answering {@code call}: among the results that directly follow the calls,
   * the one with the call's id, else (ids missing) the first unanswered one without an id.
   */
  private static int answerOf(List<Turn> turns, int callsAt, Call call, Set<Integer> answered) {
    int firstFree = -1;
    for (int j = callsAt + 1; j < turns.size() && turns.get(j) instanceof ToolResult r; j++) {
      if (answered.contains(j)) {
        continue;
      }
      if (call.id() != null && call.id().equals(r.callId())) {
        return j;
      }
      if (firstFree < 0 && (r.callId() == null || r.callId().isEmpty())) {
        firstFree = j;
      }
    }
    return firstFree;
  }

  private static void add(ArrayNode turns, String from, String value) {
    ObjectNode turn = turns.addObject();
    turn.put("from", from);
    turn.put("value", value);
  }
}
