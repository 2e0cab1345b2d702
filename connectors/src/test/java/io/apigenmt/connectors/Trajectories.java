package io.apigenmt.connectors;

import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.Verification;
import java.util.List;
import java.util.Map;

/** A small verified retail rollout, as the rollout stage would publish it. */
final class Trajectories {
  static final String TOOLS_JSON = "[{\"type\":\"function\",\"function\":{\"name\":"
      + "\"get_order_details\",\"description\":\"Status of an order.\",\"parameters\":"
      + "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}}}}}]";

  private Trajectories() {}

  static Trajectory retail(String taskId) {
    Usage usage = Usage.newBuilder().setPromptTokens(10).setCompletionTokens(5).setLlmCalls(2)
        .build();
    List<Message> messages = List.of(
        message("system", "Retail policy: authenticate first.", List.of(), null),
        message("assistant", "Hi! How can I help you today?", List.of(), null),
        message("user", "Where is order #W" + taskId + "?", List.of(), null),
        message("assistant", null, List.of(ToolCall.newBuilder().setId("c1")
            .setName("get_order_details").setArgumentsJson("{\"order_id\":\"#W1\"}").build()),
            null),
        message("tool", "{\"status\":\"pending\"}", List.of(), "c1"),
        message("assistant", "Order #W1 is pending.", List.of(), null),
        message("user", "###STOP###", List.of(), null));
    Blueprint blueprint = Blueprint.newBuilder().setTaskId(taskId).setDomain("retail")
        .setAttempt(1).setUserId("ann_1").setInstruction("Ask where order #W1 is.")
        .setActions(List.of(Action.newBuilder().setName("get_order_details")
            .setArgumentsJson("{\"order_id\":\"#W1\"}").build()))
        .setOutputs(List.of("pending")).setGeneratorModel("sim").setUsage(usage).build();
    return Trajectory.newBuilder().setTaskId(taskId).setDomain("retail").setBlueprint(blueprint)
        .setMessages(messages).setToolsJson(TOOLS_JSON)
        .setSystemPrompt("Retail policy: authenticate first.").setTrial(1)
        .setVerification(Verification.newBuilder().setStateHashExpected("h")
            .setStateHashActual("h").build())
        .setModels(Map.of("agent", "sim")).setUsage(usage).build();
  }

  private static Message message(String role, String content, List<ToolCall> calls,
      String toolCallId) {
    return Message.newBuilder().setRole(role).setContent(content).setToolCalls(calls)
        .setToolCallId(toolCallId).setName(toolCallId == null ? null : "get_order_details")
        .build();
  }
}
