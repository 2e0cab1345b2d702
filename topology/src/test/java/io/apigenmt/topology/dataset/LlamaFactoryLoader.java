package io.apigenmt.topology.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;

/**
 * LLaMA-Factory's loading of one dataset row, written here from the rules recorded in
 * docs/dataset-formats.md (its data/README.md and the behaviour of its sharegpt and openai
 * converters and its function/tool formatters), not from its code. A row is either kept as the
 * aligned prompt/response the trainer tokenizes, or dropped with the rule it broke, which is what
 * LLaMA-Factory does with a broken row ("Skipping this abnormal example") or where its formatter
 * would raise.
 */
final class LlamaFactoryLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An aligned turn: role user, assistant, observation or function. */
    record Turn(String role, String content) {}

    /** What training sees: the prompt turns, the last (agent) turn, system, tools, the calls. */
    record Example(List<Turn> prompt, Turn response, String system, JsonNode tools, List<JsonNode> callArguments) {}

    sealed interface Outcome permits Kept, Dropped {}

    record Kept(Example example) implements Outcome {}

    record Dropped(String rule) implements Outcome {}

    private final JsonNode entry;

    /** @param entry this dataset's entry of dataset_info.json */
    LlamaFactoryLoader(JsonNode entry) {
        this.entry = entry;
    }

    Outcome load(JsonNode row) {
        String formatting = entry.path("formatting").asText("alpaca");
        if (!formatting.equals("sharegpt") && !formatting.equals("openai")) {
            return new Dropped("formatting '" + formatting + "' is not a conversation format");
        }
        Map<String, String> tags = tags();
        JsonNode messages = row.path(entry.path("columns").path("messages").asText("conversations"));
        if (!messages.isArray()) {
            return new Dropped("no messages column");
        }
        List<JsonNode> list = new ArrayList<>();
        messages.forEach(list::add);
        String system = "";
        String systemColumn = entry.path("columns").path("system").asText(null);
        if (!list.isEmpty() && list.get(0).path(tags.get("role_tag")).asText().equals(tags.get("system_tag"))) {
            system = list.remove(0).path(tags.get("content_tag")).asText();
        } else if (systemColumn != null) {
            system = row.path(systemColumn).asText("");
        }
        List<Turn> aligned = new ArrayList<>();
        String problem = formatting.equals("sharegpt") ? alignShareGpt(list, tags, aligned)
                : alignOpenAi(list, tags, aligned);
        if (problem != null) {
            return new Dropped(problem);
        }
        for (int i = 0; i < aligned.size(); i++) {
            String role = aligned.get(i).role();
            boolean odd = i % 2 == 0; // 1-based odd positions
            boolean customerSide = role.equals("user") || role.equals("observation");
            if (customerSide != odd) {
                return new Dropped("invalid role order: " + role + " at position " + (i + 1));
            }
        }
        if (aligned.isEmpty() || aligned.size() % 2 != 0) {
            return new Dropped("invalid message count " + aligned.size());
        }
        List<JsonNode> arguments = new ArrayList<>();
        for (Turn turn : aligned) {
            if (turn.content() == null) {
                return new Dropped("the string formatter needs a string, got null in a " + turn.role() + " turn");
            }
            if (turn.role().equals("function")) {
                String why = functionCalls(turn.content(), arguments);
                if (why != null) {
                    return new Dropped(why);
                }
            }
        }
        JsonNode tools;
        String toolsColumn = entry.path("columns").path("tools").asText(null);
        if (toolsColumn == null) {
            tools = JSON.createArrayNode();
        } else {
            JsonNode raw = row.path(toolsColumn);
            // The openai converter serializes list/dict tools to a string; both then parse as JSON.
            tools = raw.isTextual() ? parse(raw.asText()) : raw;
            String why = toolDescriptions(tools);
            if (why != null) {
                return new Dropped(why);
            }
        }
        return new Kept(new Example(aligned.subList(0, aligned.size() - 1), aligned.get(aligned.size() - 1),
                system, tools, arguments));
    }

    private static String alignShareGpt(List<JsonNode> messages, Map<String, String> tags, List<Turn> aligned) {
        Map<String, String> roles = Map.of(tags.get("user_tag"), "user", tags.get("assistant_tag"), "assistant",
                tags.get("observation_tag"), "observation", tags.get("function_tag"), "function");
        for (JsonNode m : messages) {
            String role = roles.get(m.path(tags.get("role_tag")).asText());
            if (role == null) {
                return "invalid role tag '" + m.path(tags.get("role_tag")).asText() + "'";
            }
            JsonNode content = m.path(tags.get("content_tag"));
            aligned.add(new Turn(role, content.isTextual() ? content.asText() : null));
        }
        return null;
    }

    /** Tool-call messages become function turns; consecutive tool messages one observation turn. */
    private static String alignOpenAi(List<JsonNode> messages, Map<String, String> tags, List<Turn> aligned) {
        List<String> toolResponses = new ArrayList<>();
        for (JsonNode m : messages) {
            String tag = m.path(tags.get("role_tag")).asText();
            JsonNode content = m.path(tags.get("content_tag"));
            String text = content.isTextual() ? content.asText() : null;
            String role;
            if (tag.equals(tags.get("observation_tag"))) {
                toolResponses.add(text);
                continue;
            }
            if (!toolResponses.isEmpty()) {
                aligned.add(new Turn("observation", String.join("\n</tool_response>\n<tool_response>\n", toolResponses)));
                toolResponses.clear();
            }
            if ((tag.equals(tags.get("assistant_tag")) || tag.equals(tags.get("function_tag")))
                    && m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty()) {
                ArrayNode functions = JSON.createArrayNode();
                m.path("tool_calls").forEach(call -> functions.add(call.path("function")));
                role = "function";
                text = functions.toString();
            } else if (tag.equals(tags.get("user_tag"))) {
                role = "user";
            } else if (tag.equals(tags.get("assistant_tag"))) {
                role = "assistant";
            } else {
                return "unknown role '" + tag + "'";
            }
            aligned.add(new Turn(role, text));
        }
        // Tool messages after the last other message are never flushed: the converter loses them.
        if (!toolResponses.isEmpty()) {
            return "trailing tool messages would be lost";
        }
        return null;
    }

    /**
     * The function formatter: JSON holding {name, arguments} or a list of them, after it has taken
     * out a thought block in the template's thought words (default {@code <think>\n}, {@code \n</think>\n\n}).
     */
    private static String functionCalls(String content, List<JsonNode> arguments) {
        JsonNode calls = parse(withoutThought(content));
        if (calls == null) {
            return "function turn is not JSON: " + content;
        }
        List<JsonNode> list = new ArrayList<>();
        if (calls.isArray()) {
            calls.forEach(list::add);
        } else {
            list.add(calls);
        }
        for (JsonNode call : list) {
            if (!call.has("name") || !call.has("arguments")) {
                return "function call without name and arguments: " + content;
            }
            arguments.add(call.get("arguments"));
        }
        return null;
    }

    /** The tool formatters: every tool (unwrapped from {type: function}) has a name and parameters.properties. */
    private static String toolDescriptions(JsonNode tools) {
        if (tools == null || !tools.isArray()) {
            return "tools are not a JSON list";
        }
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("type").asText().equals("function") ? tool.path("function") : tool;
            if (!function.path("name").isTextual() || !function.path("parameters").path("properties").isObject()) {
                return "tool without name or parameters.properties: " + tool;
            }
        }
        return null;
    }

    private Map<String, String> tags() {
        JsonNode t = entry.path("tags");
        return Map.of(
                "role_tag", t.path("role_tag").asText("from"),
                "content_tag", t.path("content_tag").asText("value"),
                "user_tag", t.path("user_tag").asText("human"),
                "assistant_tag", t.path("assistant_tag").asText("gpt"),
                "observation_tag", t.path("observation_tag").asText("observation"),
                "function_tag", t.path("function_tag").asText("function_call"),
                "system_tag", t.path("system_tag").asText("system"));
    }

    private static final Pattern THOUGHT = Pattern.compile("<think>\\n(.*?)\\n</think>\\n\\n", Pattern.DOTALL);

    private static String withoutThought(String content) {
        Matcher m = THOUGHT.matcher(content);
        return m.find() ? content.replace(m.group(0), "") : content;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
