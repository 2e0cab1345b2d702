package io.apigenmt.topology.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat-completions wire format, both directions. Reading is lenient on purpose — vLLM,
 * Ollama, llama.cpp, TGI and LiteLLM each add, omit or reshape fields: unknown fields are
 * ignored, a missing {@code usage} counts as 0 tokens, tool-call arguments may arrive as a JSON
 * string (the spec) or as an object (some servers), content may be a string or a list of text
 * parts, a missing tool-call id gets a synthetic one, and a legacy {@code function_call} is
 * read as a single tool call. Reasoning is split off the content once, here (see
 * {@link Reasoning}), and never sent back. Cached prompt tokens are read in every shape servers
 * send them ({@link UsageFields}).
 */
final class OpenAiCodec {

    /** A 2xx body that is not a usable completion; becomes {@link LlmException.Kind#MALFORMED}. */
    static final class MalformedBodyException extends Exception {

        private static final long serialVersionUID = 1L;
        private final transient TokenUsage usage;

        MalformedBodyException(String message) {
            this(message, TokenUsage.NONE);
        }

        /** @param usage what the unusable answer cost, when its body says so */
        MalformedBodyException(String message, TokenUsage usage) {
            super(message);
            this.usage = usage;
        }

        TokenUsage usage() {
            return usage;
        }
    }

    /** Field names servers use for reasoning beside the content (see {@link Reasoning}). */
    private static final List<String> REASONING_FIELDS = List.of("reasoning_content", "reasoning", "thinking");

    private final ObjectMapper mapper;

    OpenAiCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] encodeRequest(String model, ChatRequest request, Double defaultTemperature) {
        ObjectNode root = mapper.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.add(encodeMessage(m));
        }
        Double temperature = request.temperature() != null ? request.temperature() : defaultTemperature;
        if (temperature != null) {
            root.put("temperature", temperature);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            request.tools().forEach(tools::add);
        }
        if (request.seed() != null) {
            root.put("seed", request.seed());
        }
        if (request.jsonOutput()) {
            root.putObject("response_format").put("type", "json_object");
        }
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode chat request", e);
        }
    }

    private ObjectNode encodeMessage(ChatMessage m) {
        ObjectNode node = mapper.createObjectNode();
        node.put("role", m.role());
        // Assistant turns that only call tools get "" rather than null: accepted by OpenAI and
        // by the servers whose chat templates choke on a null content.
        node.put("content", m.content() == null ? "" : m.content());
        if (m.hasToolCalls()) {
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCallRequest c : m.toolCalls()) {
                ObjectNode call = calls.addObject();
                call.put("id", c.id());
                call.put("type", "function");
                ObjectNode fn = call.putObject("function");
                fn.put("name", c.name());
                fn.put("arguments", c.argumentsJson() == null ? "{}" : c.argumentsJson());
            }
        }
        if (m.toolCallId() != null) {
            node.put("tool_call_id", m.toolCallId());
        }
        if (m.name() != null && "tool".equals(m.role())) {
            node.put("name", m.name());
        }
        return node;
    }

    ChatResponse decodeResponse(String body, String requestedModel) throws MalformedBodyException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("response body is not JSON (" + body.length() + " chars)");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedBodyException("response body is not a JSON object");
        }
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            String error = root.path("error").path("message").asText(null);
            throw new MalformedBodyException("response has no choices" + (error == null ? "" : " (error: " + truncate(error, 200) + ")"));
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw new MalformedBodyException("first choice has no message");
        }
        List<ToolCallRequest> calls = toolCalls(message);
        String finish = choice.path("finish_reason").isTextual() ? choice.get("finish_reason").asText() : null;
        String model = root.path("model").isTextual() ? root.get("model").asText() : requestedModel;
        TokenUsage tokens = TokenUsage.of(TokenUsage.UNATTRIBUTED, UsageFields.read(root));
        Reasoning answer = Reasoning.split(content(message.get("content")), reasoningField(message));
        if (calls.isEmpty() && answer.onlyReasoning()) {
            // Nothing to use: the answer is all chain of thought (cut off by max_tokens, most often).
            throw new MalformedBodyException("the answer holds only reasoning, no content"
                    + (answer.unclosed() ? " (its <think> block is never closed)" : "")
                    + ("length".equals(finish) ? " and was cut off (finish_reason=length): raise the server's max tokens"
                    : "") + "; a reasoning parser on the server or a larger token budget fixes this", tokens);
        }
        String role = message.path("role").asText("assistant");
        return new ChatResponse(new ChatMessage(role, answer.content(), calls, null, null, answer.reasoning()), model, tokens,
                finish);
    }

    /** The reasoning a server sends beside the content, under whichever name it uses. */
    private static String reasoningField(JsonNode message) {
        for (String name : REASONING_FIELDS) {
            String text = content(message.get(name));
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    private static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    sb.append(part.asText());
                } else if (part.path("text").isTextual()) {
                    sb.append(part.get("text").asText());
                }
            }
            return sb.toString();
        }
        return content.toString();
    }

    private List<ToolCallRequest> toolCalls(JsonNode message) throws MalformedBodyException {
        List<ToolCallRequest> calls = new ArrayList<>();
        JsonNode list = message.path("tool_calls");
        if (list.isArray()) {
            int i = 0;
            for (JsonNode call : list) {
                JsonNode fn = call.path("function");
                String name = fn.path("name").asText(null);
                if (name == null || name.isEmpty()) {
                    throw new MalformedBodyException("tool call " + i + " has no function name");
                }
                String id = call.path("id").isTextual() && !call.get("id").asText().isEmpty()
                        ? call.get("id").asText() : "call_" + i;
                calls.add(new ToolCallRequest(id, name, arguments(fn.get("arguments"))));
                i++;
            }
        } else if (message.path("function_call").isObject()) {
            JsonNode fn = message.get("function_call");
            String name = fn.path("name").asText(null);
            if (name == null || name.isEmpty()) {
                throw new MalformedBodyException("function_call has no name");
            }
            calls.add(new ToolCallRequest("call_0", name, arguments(fn.get("arguments"))));
        }
        return calls;
    }

    private String arguments(JsonNode args) {
        if (args == null || args.isNull() || args.isMissingNode()) {
            return "{}";
        }
        if (args.isTextual()) {
            String text = args.asText();
            return text.isBlank() ? "{}" : text;
        }
        return args.toString(); // an object given in place of the JSON string
    }

    /** The {@code error.message} of an error body, if there is one. */
    String errorMessage(String body) {
        try {
            JsonNode root = mapper.readTree(body);
            if (root != null) {
                JsonNode error = root.path("error");
                if (error.isTextual()) {
                    return error.asText();
                }
                if (error.path("message").isTextual()) {
                    return error.get("message").asText();
                }
                if (root.path("message").isTextual()) {
                    return root.get("message").asText();
                }
                if (root.path("detail").isTextual()) {
                    return root.get("detail").asText();
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        return body;
    }

    static String truncate(String s, int max) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }
}
