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
