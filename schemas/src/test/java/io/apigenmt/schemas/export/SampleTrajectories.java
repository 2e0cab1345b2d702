package io.apigenmt.schemas.export;

import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built trajectories shaped like a retail rollout. */
final class SampleTrajectories {
  static final String POLICY = "You are a retail agent.\nAuthenticate the user first.";
  static final String TOOLS_JSON = """
      [{"type":"function","function":{"name":"find_user_id_by_email","description":"Find a user.",
        "parameters":{"type":"object","properties":{"email":{"type":"string"}},"required":["email"]}}},
       {"type":"function","function":{"name":"get_order_details","description":"Order status.",
        "parameters":{"type":"object","properties":{"order_id":{"type":"string"}}}}},
       {"type":"function","function":{"name":"cancel_pending_order","description":"Cancel.",
        "parameters":{"type":"object","properties":{"order_id":{"type":"string"},"reason":{"type":"string"}}}}}]
      """;

  private SampleTrajectories() {}

  static Message system(String text) {
    return Message.newBuilder().setRole("system").setContent(text).build();
  }

  static Message user(String text) {
    return Message.newBuilder().setRole("user").setContent(text).build();
  }

  static Message assistant(String text, ToolCall... calls) {
    return Message.newBuilder().setRole("assistant").setContent(text)
        .setToolCalls(List.of(calls)).build();
  }

  static ToolCall call(String id, String name, String argumentsJson) {
    return ToolCall.newBuilder().setId(id).setName(name).setArgumentsJson(argumentsJson).build();
  }

  static Message tool(String callId, String name, String content) {
    return Message.newBuilder().setRole("tool").setToolCallId(callId).setName(name)
        .setContent(content).build();
  }

  /** Greeting, authentication, a text+call turn, two parallel calls answered out of order. */
  static Trajectory retail(String taskId) {
    List<Message> messages = new ArrayList<>(List.of(
        system(POLICY),
        assistant("Hi! How can I help you today?"),
        user("I want to cancel order #W123, my email is ann@example.com"),
        assistant("Let me look you up.",
            call("c1", "find_user_id_by_email", "{\"email\":\"ann@example.com\"}")),
        tool("c1", "find_user_id_by_email", "ann_1"),
        assistant(null,
            call("c2", "get_order_details", "{\"order_id\":\"#W123\"}"),
            call("c3", "get_order_details", "{\"order_id\":\"#W124\"}")),
        tool("c3", "get_order_details", "{\"status\":\"delivered\"}"),
        tool("c2", "get_order_details", "{\"status\":\"pending\"}"),
        assistant("Order #W123 is pending. Cancel it because it is no longer needed? (yes/no)"),
        user("yes"),
        assistant(null, call("c4", "cancel_pending_order",
            "{\"order_id\":\"#W123\",\"reason\":\"no longer needed\"}")),
        tool("c4", "cancel_pending_order", "{\"status\":\"cancelled\"}"),
        assistant("Done: order #W123 is cancelled."),
        user("###STOP###")));
    return trajectory(taskId, messages);
  }

  static Trajectory trajectory(String taskId, List<Message> messages) {
    Usage usage = Usage.newBuilder().setPromptTokens(100).setCompletionTokens(20).setLlmCalls(5)
        .build();
    Blueprint blueprint = Blueprint.newBuilder()
        .setTaskId(taskId).setSeedId("seed-1").setDomain("retail").setAttempt(1)
        .setUserId("ann_1").setInstruction("You are Ann; cancel order #W123.")
        .setActions(List.of(Action.newBuilder().setName("cancel_pending_order")
            .setArgumentsJson("{\"order_id\":\"#W123\",\"reason\":\"no longer needed\"}").build()))
        .setOutputs(List.of("pending"))
        .setGeneratorModel("sim").setUsage(usage).build();
    return Trajectory.newBuilder()
        .setTaskId(taskId).setDomain("retail").setBlueprint(blueprint).setMessages(messages)
        .setToolsJson(TOOLS_JSON).setSystemPrompt(POLICY).setTrial(1)
        .setVerification(Verification.newBuilder().setStateHashExpected("h").setStateHashActual("h")
            .setOutputsFound(List.of("pending")).build())
        .setModels(Map.of("agent", "sim")).setUsage(usage).build();
  }
}
