package io.apigenmt.topology.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.llm.PromptBlock;
import java.util.Optional;

/**
 * Reads the tagged blocks ({@link PromptBlock}) that the pipeline's prompts put into a request. Later messages win: the data blocks live in the last
 * user message, while the system message only holds instructions and the policy.
 */
public final class SimPrompts {

    private SimPrompts() {}

    /** The block's text in the latest message that has one, stripped. */
    public static Optional<String> block(JsonNode request, PromptBlock block) {
        JsonNode messages = request.path("messages");
        String open = block.open();
        String close = block.close();
        for (int i = messages.size() - 1; i >= 0; i--) {
            String content = content(messages.get(i));
            int start = content.indexOf(open);
            if (start < 0) {
                continue;
            }
            int end = content.indexOf(close, start + open.length());
            if (end > 0) {
                return Optional.of(content.substring(start + open.length(), end).strip());
            }
        }
        return Optional.empty();
    }

    public static boolean hasBlock(JsonNode request, PromptBlock block) {
        return block(request, block).isPresent();
    }

    /** The block parsed as JSON, if present and parseable. */
    public static Optional<JsonNode> jsonBlock(ObjectMapper json, JsonNode request, PromptBlock block) {
        return block(request, block).flatMap(text -> {
            try {
                return Optional.ofNullable(json.readTree(text));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    /** A message's text; OpenAI allows content as a list of parts ({"type":"text","text":...}). */
    public static String content(JsonNode message) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder out = new StringBuilder();
            for (JsonNode part : content) {
                out.append(part.path("text").asText(""));
            }
            return out.toString();
        }
        return "";
    }

    /** True when the request asks for a JSON object answer (response_format json_object or json_schema). */
    public static boolean wantsJson(JsonNode request) {
        String type = request.path("response_format").path("type").asText("");
        return type.equals("json_object") || type.equals("json_schema");
    }
}
