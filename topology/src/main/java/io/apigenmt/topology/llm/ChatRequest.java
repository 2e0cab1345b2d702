package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A chat completion request, independent of endpoint and model (the {@link ChatModel} adds those).
 *
 * @param tools      OpenAI tool objects ({"type":"function","function":{...}}); empty for none
 * @param jsonOutput ask for a JSON object answer (response_format json_object)
 * @param temperature null for the role's configured default
 * @param seed        sampling seed sent as OpenAI's {@code seed}, or null; a rollout varies it per
 *                    trial so that rejection sampling draws different conversations
 */
public record ChatRequest(List<ChatMessage> messages, List<JsonNode> tools, boolean jsonOutput, Double temperature, Long seed) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public ChatRequest(List<ChatMessage> messages, List<JsonNode> tools, boolean jsonOutput, Double temperature) {
        this(messages, tools, jsonOutput, temperature, null);
    }

    /** The same request with other messages (e.g. a re-ask), seed and settings kept. */
    public ChatRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatRequest(newMessages, tools, jsonOutput, temperature, seed);
    }

    public ChatRequest withSeed(Long newSeed) {
        return new ChatRequest(messages, tools, jsonOutput, temperature, newSeed);
    }

    public static ChatRequest json(List<ChatMessage> messages) {
        return new ChatRequest(messages, List.of(), true, null);
    }

    public static ChatRequest withTools(List<ChatMessage> messages, List<JsonNode> tools) {
        return new ChatRequest(messages, tools, false, null);
    }
}
