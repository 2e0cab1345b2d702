package io.apigenmt.topology.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolSpec;
import java.util.List;

/** Domain tool specs as OpenAI tool objects: what the agent is offered and what the trajectory records. */
public final class OpenAiTools {

    private OpenAiTools() {}

    /** {"type":"function","function":{"name","description","parameters"}} per tool, in domain order. */
    public static List<JsonNode> of(List<ToolSpec> specs) {
        return specs.stream().map(OpenAiTools::of).toList();
    }

    public static JsonNode of(ToolSpec spec) {
        ObjectNode tool = JsonNodeFactory.instance.objectNode();
        tool.put("type", "function");
        ObjectNode function = tool.putObject("function");
        function.put("name", spec.name());
        function.put("description", spec.description());
        function.set("parameters", spec.parameters().deepCopy());
        return tool;
    }
}
