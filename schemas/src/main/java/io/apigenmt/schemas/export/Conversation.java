package io.apigenmt.schemas.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * The training turns of a rollout, shared by every layout (docs/dataset-formats.md, "What a row
 * holds"): the transcript minus what is not a training turn.
 * <ul>
 *   <li>system messages: the policy travels in the layout's system field or first message;
 *   <li>the agent's canned greeting (plain assistant text before the customer's first message):
 *       a constant, not something the model should learn to answer;
 *   <li>assistant messages with neither text nor tool calls: they carry nothing;
 *   <li>everything after the agent's last turn (the customer's {@code ###STOP###} message, or the
 *       result of a terminating tool): a row ends on the agent, and what follows it would be
 *       neither a prompt for nor a target of any agent turn.
 * </ul>
 * Tool-call arguments are parsed once here, so every layout refuses the same records.
 */
record Conversation(String taskId, List<Turn> turns) {

  /** One turn; the agent's turns are {@link AgentText} and {@link AgentCalls}. */
  sealed interface Turn permits UserText, AgentText, AgentCalls, ToolResult {}

  record UserText(String text) implements Turn {}

  /**
   * A reply the customer saw.
   *
   * @param reasoning the agent's chain of thought before it, when the rollout kept it; else null
   */
  record AgentText(String text, String reasoning) implements Turn {}

  /**
   * Tool calls, with whatever text the model sent alongside them ({@code text} may be null or
   * blank). That text never reached the customer in the rollout and did not count for the
   * output check, which is why the sharegpt layout leaves it out.
   *
   * @param reasoning the agent's chain of thought before the calls, when the rollout kept it; else null
   */
  record AgentCalls(String text, List<Call> calls, String reasoning) implements Turn {}

  record ToolResult(String callId, String name, String text) implements Turn {}

  record Call(String id, String name, ObjectNode arguments) {}

  Conversation {
    turns = List.copyOf(turns);
  }

  /** @throws TrajectoryFormatException when the rollout holds no valid training conversation */
  static Conversation of(Trajectory t) {
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
      throw new TrajectoryFormatException(t.getTaskId(), RejectReason.NO_OPENING_USER_TURN,
          "after the agent's greeting the conversation must open with a customer message");
    }
    List<Turn> turns = new ArrayList<>();
    for (Message m : messages.subList(start, messages.size())) {
      switch (m.getRole()) {
        case Roles.USER -> turns.add(new UserText(text(m)));
        case Roles.ASSISTANT -> agentTurn(t.getTaskId(), m, turns);
        case Roles.TOOL -> turns.add(new ToolResult(m.getToolCallId(), m.getName(), text(m)));
        default -> throw new TrajectoryFormatException(t.getTaskId(), RejectReason.UNKNOWN_ROLE,
            "unknown message role '" + m.getRole() + "'");
      }
    }
    while (!turns.isEmpty() && !isAgent(turns.get(turns.size() - 1))) {
      turns.remove(turns.size() - 1);
    }
    if (turns.isEmpty()) {
      throw new TrajectoryFormatException(t.getTaskId(), RejectReason.NO_AGENT_TURN,
          "no agent message follows the customer's first message");
    }
    return new Conversation(t.getTaskId(), turns);
  }

  private static void agentTurn(String taskId, Message m, List<Turn> turns) {
    if (m.getToolCalls().isEmpty()) {
      if (m.getContent() != null && !m.getContent().isBlank()) {
        turns.add(new AgentText(m.getContent(), reasoning(m)));
      }
      return;
    }
    List<Call> calls = new ArrayList<>();
    for (ToolCall c : m.getToolCalls()) {
      calls.add(new Call(c.getId(), c.getName(),
          Json.arguments(taskId, c.getName(), c.getArgumentsJson())));
    }
    turns.add(new AgentCalls(m.getContent(), calls, reasoning(m)));
  }

  static boolean isAgent(Turn turn) {
    return turn instanceof AgentText || turn instanceof AgentCalls;
  }

  /** Plain assistant text before any customer message: the agent's opening line. */
  private static boolean isGreeting(Message m) {
    return Roles.ASSISTANT.equals(m.getRole()) && m.getToolCalls().isEmpty();
  }

  private static String reasoning(Message m) {
    String r = m.getReasoningContent();
    return r == null || r.isBlank() ? null : r;
  }

  private static String text(Message m) {
    return m.getContent() == null ? "" : m.getContent();
  }
}
