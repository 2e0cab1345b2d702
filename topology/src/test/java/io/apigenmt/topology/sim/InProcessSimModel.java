package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.ChatResponse;
import io.apigenmt.topology.llm.TokenUsage;
import io.apigenmt.topology.llm.ToolCallRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ChatModel} that answers through a {@link SimRole} in-process: the request is rendered
 * as the OpenAI body the HTTP client would send, and the random source is seeded from a seed and
 * the body, as the server does. No HTTP, so role logic can be tested at scale quickly.
 */
final class InProcessSimModel implements ChatModel {

    private final String name;
    private final SimRole role;
    private final long seed;
    private final ObjectMapper json;

    InProcessSimModel(String name, SimRole role, long seed, ObjectMapper json) {
        this.name = name;
        this.role = role;
        this.seed = seed;
        this.json = json;
    }

    @Override
    public String model() {
        return name;
    }

    @Override
    public CompletableFuture<ChatResponse> complete(ChatRequest request) {
        ObjectNode body = body(request);
        ObjectNode answer = role.respond(body, new SplittableRandom(seed * 31 + body.toString().hashCode()));
        return CompletableFuture.completedFuture(new ChatResponse(message(answer), name, new TokenUsage(1, 1, 1), "stop"));
    }

    ObjectNode body(ChatRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", name);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode out = messages.addObject();
            out.put("role", m.role());
            out.put("content", m.content());
            if (m.hasToolCalls()) {
                ArrayNode calls = out.putArray("tool_calls");
                for (ToolCallRequest c : m.toolCalls()) {
                    ObjectNode call = calls.addObject();
                    call.put("id", c.id());
                    call.put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
                }
            }
            if (m.toolCallId() != null) {
                out.put("tool_call_id", m.toolCallId());
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            request.tools().forEach(tools::add);
        }
        if (request.jsonOutput()) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    static ChatMessage message(JsonNode answer) {
        List<ToolCallRequest> calls = new ArrayList<>();
        for (JsonNode c : answer.path("tool_calls")) {
            calls.add(new ToolCallRequest(c.path("id").asText(), c.path("function").path("name").asText(),
                    c.path("function").path("arguments").asText()));
        }
        String content = answer.path("content").isTextual() ? answer.path("content").asText() : null;
        return calls.isEmpty() ? ChatMessage.assistant(content) : ChatMessage.assistantCalls(content, calls);
    }
}
