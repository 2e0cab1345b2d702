package io.apigenmt.topology.dataset;

import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.Verification;
import java.util.List;
import java.util.Map;

/** Hand-made verified retail rollouts with the turn patterns real agents produce. */
final class Rollouts {
    static final String POLICY = "You are a retail agent. Authenticate the user first.";
    static final String TOOLS_JSON = """
            [{"type":"function","function":{"name":"find_user_id_by_email","description":"Find a user.",
              "parameters":{"type":"object","properties":{"email":{"type":"string"}},"required":["email"]}}},
             {"type":"function","function":{"name":"get_order_details","description":"Order status.",
              "parameters":{"type":"object","properties":{"order_id":{"type":"string"}}}}},
             {"type":"function","function":{"name":"transfer_to_human_agents","description":"Hand over.",
              "parameters":{"type":"object","properties":{"summary":{"type":"string"}}}}}]
            """;

    private Rollouts() {}

    /**
     * The greeting; text sent together with a call; two parallel calls answered out of order; a
     * plain reply; a terminating tool as the last message (no ###STOP###).
     */
    static Trajectory tricky(String taskId) {
        return trajectory(taskId, List.of(
                message("system", POLICY),
                message("assistant", "Hi! How can I help you today?"),
                message("user", "Where are my orders? I am ann@example.com"),
                calls("Let me look you up.", call("c1", "find_user_id_by_email", "{\"email\":\"ann@example.com\"}")),
                tool("c1", "find_user_id_by_email", "ann_1"),
                calls(null, call("c2", "get_order_details", "{\"order_id\":\"#W1\"}"),
                        call("c3", "get_order_details", "{\"order_id\":\"#W2\"}")),
                tool("c3", "get_order_details", "{\"status\":\"delivered\"}"),
                tool("c2", "get_order_details", "{\"status\":\"pending\"}"),
                message("assistant", "#W1 is pending, #W2 was delivered."),
                message("user", "I want to talk to a person."),
                calls("", call("c4", "transfer_to_human_agents", "{\"summary\":\"wants a person\"}")),
                tool("c4", "transfer_to_human_agents", "Transfer successful")));
    }

    /** A rollout that ends on the customer's ###STOP### message, as most do. */
    static Trajectory stopped(String taskId) {
        return trajectory(taskId, List.of(
                message("system", POLICY),
                message("assistant", "Hi! How can I help you today?"),
                message("user", "Status of #W1?"),
                calls(null, call("c1", "get_order_details", "{\"order_id\":\"#W1\"}")),
                tool("c1", "get_order_details", "{\"status\":\"pending\"}"),
                message("assistant", "It is pending."),
                message("user", "Thanks. ###STOP###")));
    }

    /** {@link #stopped}, with the agent's reasoning kept on each of its turns (the greeting has none). */
    static Trajectory reasoned(String taskId) {
        return trajectory(taskId, List.of(
                message("system", POLICY),
                message("assistant", "Hi! How can I help you today?"),
                message("user", "Status of #W1?"),
                reasoned(calls(null, call("c1", "get_order_details", "{\"order_id\":\"#W1\"}")), "Look the order up first."),
                tool("c1", "get_order_details", "{\"status\":\"pending\"}"),
                reasoned(message("assistant", "It is pending."), "The tool says pending; tell them."),
                message("user", "Thanks. ###STOP###")));
    }

    static Message reasoned(Message m, String reasoning) {
        return Message.newBuilder(m).setReasoningContent(reasoning).build();
    }

    static Trajectory trajectory(String taskId, List<Message> messages) {
        Usage usage = Usage.newBuilder().setPromptTokens(100).setCompletionTokens(20).setLlmCalls(5).build();
        Blueprint blueprint = Blueprint.newBuilder()
                .setTaskId(taskId).setSeedId("seed-1").setDomain("retail").setAttempt(1).setRandomSeed(7)
                .setUserId("ann_1").setInstruction("You are Ann; ask about your orders.")
                .setActions(List.of(Action.newBuilder().setName("transfer_to_human_agents")
                        .setArgumentsJson("{\"summary\":\"wants a person\"}").build()))
                .setOutputs(List.of("pending")).setGeneratorModel("sim").setUsage(usage).build();
        return Trajectory.newBuilder()
                .setTaskId(taskId).setDomain("retail").setBlueprint(blueprint).setMessages(messages)
                .setToolsJson(TOOLS_JSON).setSystemPrompt(POLICY).setTrial(1)
                .setVerification(Verification.newBuilder().setStateHashExpected("h").setStateHashActual("h")
                        .setOutputsFound(List.of("pending")).build())
                .setModels(Map.of("agent", "sim-agent", "user", "sim-user")).setUsage(usage).build();
    }

    static Message message(String role, String content) {
        return Message.newBuilder().setRole(role).setContent(content).build();
    }

    static Message calls(String content, ToolCall... calls) {
        return Message.newBuilder().setRole("assistant").setContent(content).setToolCalls(List.of(calls)).build();
    }

    static ToolCall call(String id, String name, String argumentsJson) {
        return ToolCall.newBuilder().setId(id).setName(name).setArgumentsJson(argumentsJson).build();
    }

    static Message tool(String callId, String name, String content) {
        return Message.newBuilder().setRole("tool").setToolCallId(callId).setName(name).setContent(content).build();
    }
}
