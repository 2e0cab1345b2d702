package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A chat completion request, independent of endpoint and model (the {@link ChatModel} adds those).
 *
 * @param tools      OpenAI tool objects ({"type":"function","function":{...}}); empty for none
 * @param jsonOutput ask for a JSON object answer (response_format json_object)
 * @param temperature null for the role's configured default
 */
public record ChatRequest(List<ChatMessage> messages, List<JsonNode> tools, boolean jsonOutput, Double temperature) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public static ChatRequest json(List<ChatMessage> messages) {
        return new ChatRequest(messages, List.of(), true, null);
    }

    public static ChatRequest withTools(List<ChatMessage> messages, List<JsonNode> tools) {
        return new ChatRequest(messages, tools, false, null);
    }
}
