package io.apigenmt.topology.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import java.util.List;

/** A blueprint's actions as tool calls (the record keeps arguments as JSON text). */
public final class BlueprintActions {

    private BlueprintActions() {}

    /**
     * Lenient: arguments that are not JSON are kept as a JSON string, so the call fails where
     * it is checked or executed instead of here.
     */
    public static List<ToolCall> of(Blueprint blueprint, ObjectMapper json) {
        return blueprint.getActions().stream().map(a -> toCall(a, json)).toList();
    }

    /**
     * An action written as JSON, as datasets and task files carry it: {@code {"name", "arguments"}}
     * with the arguments an object or its JSON text, or tau-bench's {@code {"name", "kwargs"}}.
     *
     * @throws IllegalArgumentException naming what is wrong (no name, arguments that are not JSON)
     */
    public static ToolCall fromJson(JsonNode action, ObjectMapper json) {
        if (action == null || !action.path("name").isTextual() || action.get("name").asText().isEmpty()) {
            throw new IllegalArgumentException("an action without a name");
        }
        String name = action.get("name").asText();
        JsonNode args = action.has("arguments") ? action.get("arguments") : action.get("kwargs");
        if (args != null && args.isTextual()) {
            try {
                args = json.readTree(args.asText());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the arguments of " + name + " are not JSON: " + e.getOriginalMessage());
            }
        }
        return new ToolCall(name, args);
    }

    private static ToolCall toCall(Action action, ObjectMapper json) {
        JsonNode args;
        try {
            args = json.readTree(action.getArgumentsJson());
        } catch (JsonProcessingException e) {
            args = TextNode.valueOf(action.getArgumentsJson());
        }
        return new ToolCall(action.getName(), args);
    }
}
