package io.apigenmt.topology.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import java.util.List;

/**
 * A blueprint as the generator proposed it, before any check.
 *
 * @param outputProblems one message per output that was not a JSON string (kept as its JSON text
 *                       in {@code outputs}); the review stage's format check rejects the draft
 *                       when non-empty. Parsing itself does not reject, so that every defect is
 *                       judged by the same Stage-1 check and counted there.
 */
public record BlueprintDraft(String instruction, List<ToolCall> actions, List<String> outputs, List<String> outputProblems) {

    public BlueprintDraft {
        actions = List.copyOf(actions);
        outputs = List.copyOf(outputs);
        outputProblems = outputProblems == null ? List.of() : List.copyOf(outputProblems);
    }

    public BlueprintDraft(String instruction, List<ToolCall> actions, List<String> outputs) {
        this(instruction, actions, outputs, List.of());
    }

    /** True when every output was a JSON string. */
    public boolean outputsAreStrings() {
        return outputProblems.isEmpty();
    }

    /** {"instruction": .., "actions": [{"name": .., "arguments": {..}}], "outputs": [..]}: how prompts show a blueprint. */
    public ObjectNode toJson() {
        return toJson(instruction, actions, outputs);
    }

    public static ObjectNode toJson(String instruction, List<ToolCall> actions, List<String> outputs) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("instruction", instruction);
        node.set("actions", actionsJson(actions));
        ArrayNode out = node.putArray("outputs");
        outputs.forEach(out::add);
        return node;
    }

    public static ArrayNode actionsJson(List<ToolCall> actions) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (ToolCall call : actions) {
            ObjectNode entry = array.addObject();
            entry.put("name", call.name());
            entry.set("arguments", call.arguments());
        }
        return array;
    }
}
