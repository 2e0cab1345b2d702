package io.apigenmt.topology.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Set;

/**
 * What a Hugging Face chat template (transformers {@code apply_chat_template} with {@code tools})
 * and TRL's {@code SFTTrainer} need of a conversational row with tools, written here from their
 * documentation as recorded in docs/dataset-formats.md: {@code messages} with roles system (first
 * only), user, assistant, tool; tool calls in {@code tool_calls} as
 * {@code {"type": "function", "function": {"name", "arguments": dict}}} (a JSON string there
 * "may cause errors or strange model behavior"); tool results with string content; {@code tools}
 * as a list of JSON-schema function specs; and an assistant message last, the turn to train.
 * A row is kept (with the number of messages a template would render) or dropped with the rule.
 */
final class ChatTemplateLoader {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");
    private static final JsonNode NO_CALLS = JsonNodeFactory.instance.arrayNode();

    sealed interface Outcome permits Kept, Dropped {}

    record Kept(int messages, int toolCalls) implements Outcome {}

    record Dropped(String rule) implements Outcome {}

    Outcome load(JsonNode row) {
        JsonNode messages = row.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return new Dropped("messages must be a non-empty list");
        }
        int calls = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            if (!ROLES.contains(role)) {
                return new Dropped("message " + i + " has role '" + role + "'");
            }
            if (role.equals("system") && i != 0) {
                return new Dropped("a system message other than the first");
            }
            JsonNode toolCalls = m.path("tool_calls");
            boolean callsTools = toolCalls.isArray() && !toolCalls.isEmpty();
            if (!m.path("content").isTextual() && !(role.equals("assistant") && callsTools
                    && (m.path("content").isNull() || m.path("content").isMissingNode()))) {
                return new Dropped("message " + i + " (" + role + ") has no string content");
            }
            if (!toolCalls.isMissingNode() && !role.equals("assistant")) {
                return new Dropped("tool_calls on a " + role + " message");
            }
            for (JsonNode call : callsTools ? toolCalls : NO_CALLS) {
                JsonNode function = call.path("function");
                if (!call.path("type").asText().equals("function") || !function.path("name").isTextual()) {
                    return new Dropped("message " + i + ": a tool call is {type: function, function: {name, arguments}}");
                }
                if (!function.path("arguments").isObject()) {
                    return new Dropped("message " + i + ": tool-call arguments must be a dict, got "
                            + function.path("arguments").getNodeType());
                }
                calls++;
            }
        }
        if (!messages.get(messages.size() - 1).path("role").asText().equals("assistant")) {
            return new Dropped("the last message must be the assistant's (the training target)");
        }
        JsonNode tools = row.path("tools");
        if (!tools.isArray()) {
            return new Dropped("tools must be a list of function specs");
        }
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            JsonNode parameters = function.path("parameters");
            if (!tool.path("type").asText().equals("function") || !function.path("name").isTextual()
                    || !parameters.path("type").asText().equals("object") || !parameters.path("properties").isObject()) {
                return new Dropped("tool is not {type: function, function: {name, parameters: JSON schema object}}: "
                        + tool);
            }
        }
        return new Kept(messages.size(), calls);
    }
}
