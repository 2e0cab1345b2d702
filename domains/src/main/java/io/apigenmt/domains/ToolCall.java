package io.apigenmt.domains;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** A call of one tool with its arguments (a JSON object). */
public record ToolCall(String name, JsonNode arguments) {

    public ToolCall {
        if (arguments == null || arguments.isNull()) {
            arguments = JsonNodeFactory.instance.objectNode();
        }
    }
}
