package io.apigenmt.topology.llm;

import java.util.List;

/**
 * One OpenAI chat message.
 *
 * @param role       system | user | assistant | tool
 * @param content    text; may be null on an assistant message that only calls tools
 * @param toolCalls  calls made by an assistant message (empty otherwise)
 * @param toolCallId on a tool message: the call it answers
 * @param name       on a tool message: the tool's name
 * @param reasoning  on an assistant message: the model's chain of thought, split off the content
 *                   by {@link Reasoning}; never sent back to a model, kept on a trajectory only
 *                   when the role is configured to keep it
 */
public record ChatMessage(String role, String content, List<ToolCallRequest> toolCalls, String toolCallId, String name,
                          String reasoning) {

    public ChatMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ChatMessage(String role, String content, List<ToolCallRequest> toolCalls, String toolCallId, String name) {
        this(role, content, toolCalls, toolCallId, name, null);
    }

    /** This message with its reasoning replaced (null drops it). */
    public ChatMessage withReasoning(String value) {
        return new ChatMessage(role, content, toolCalls, toolCallId, name, value);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, List.of(), null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, List.of(), null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, List.of(), null, null);
    }

    public static ChatMessage assistantCalls(String content, List<ToolCallRequest> calls) {
        return new ChatMessage("assistant", content, calls, null, null);
    }

    public static ChatMessage tool(String toolCallId, String name, String content) {
        return new ChatMessage("tool", content, List.of(), toolCallId, name);
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
