package io.apigenmt.schemas.export;

import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.export.Conversation.AgentCalls;
import io.apigenmt.schemas.export.Conversation.AgentText;
import io.apigenmt.schemas.export.Conversation.Turn;
import io.apigenmt.schemas.export.Conversation.UserText;
import java.util.ArrayList;
import java.util.List;

/**
 * The size of a trajectory's training conversation (the turns every layout keeps), for dataset
 * statistics.
 *
 * @param customerTurns messages of the customer
 * @param agentReplies  agent messages the customer saw
 * @param toolCalls     names of the tools the agent called, in order (parallel calls each count)
 */
public record ConversationShape(int customerTurns, int agentReplies, List<String> toolCalls) {

  public ConversationShape {
    toolCalls = List.copyOf(toolCalls);
  }

  /** @throws TrajectoryFormatException when the rollout holds no valid training conversation */
  public static ConversationShape of(Trajectory t) {
    int customer = 0;
    int replies = 0;
    List<String> calls = new ArrayList<>();
    for (Turn turn : Conversation.of(t).turns()) {
      if (turn instanceof UserText) {
        customer++;
      } else if (turn instanceof AgentText) {
        replies++;
      } else if (turn instanceof AgentCalls c) {
        c.calls().forEach(call -> calls.add(call.name()));
      }
    }
    return new ConversationShape(customer, replies, calls);
  }
}
