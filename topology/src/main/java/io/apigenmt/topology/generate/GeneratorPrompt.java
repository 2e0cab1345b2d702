package io.apigenmt.topology.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.PromptBlock;
import io.apigenmt.topology.llm.PromptTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The generator role: the prompt for a first blueprint and for a revision, and the parser of
 * its answer {"thought", "instruction", "actions": [{"name", "arguments"}], "outputs"}.
 *
 * <p>The sampled context goes into a {@link PromptBlock#TASK_CONTEXT} block as one JSON object
 * ({@code domain, user_id, persona, user, suggested_actions, suggested_outputs}); a revision adds
 * {@link PromptBlock#PREVIOUS_BLUEPRINT} (JSON) and {@link PromptBlock#IMPROVEMENT_PLAN} (text).
 * sim-llm reads these blocks back, so the context's keys are a contract with it as well.
 */
public final class GeneratorPrompt {

    private final ObjectMapper json;
    private final PromptTemplate first;
    private final PromptTemplate revision;

    public GeneratorPrompt(ObjectMapper json) {
        this.json = json;
        this.first = PromptTemplate.load("prompts/generator.md");
        this.revision = PromptTemplate.load("prompts/generator-revision.md");
    }

    /** The request for attempt 1. */
    public ChatRequest first(DescribedDomain domain, TaskContext context) {
        return ChatRequest.json(first.messages(common(domain, context)));
    }

    /** The request for attempt n+1: the previous blueprint and the summarizer's plan. */
    public ChatRequest revision(DescribedDomain domain, TaskContext context, BlueprintDraft previous, String plan) {
        Map<String, String> values = new HashMap<>(common(domain, context));
        values.put("previous", pretty(previous.toJson()));
        values.put("plan", plan == null || plan.isBlank() ? "(no plan: fix the problems you can find)" : plan.strip());
        return ChatRequest.json(revision.messages(values));
    }

    private Map<String, String> common(DescribedDomain domain, TaskContext context) {
        return Map.of(
                "domain", domain.name(),
                "policy", domain.policy().strip(),
                "tools", toolsJson(domain.tools()),
                "context", pretty(contextJson(domain.name(), context)));
    }

    /** The {@code <task_context>} object. */
    public static ObjectNode contextJson(String domainName, TaskContext context) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("domain", domainName);
        node.put("user_id", context.userId());
        node.put("persona", context.persona() == null ? "" : context.persona());
        node.set("user", context.user());
        node.set("suggested_actions", BlueprintDraft.actionsJson(context.suggestedActions()));
        ArrayNode outputs = node.putArray("suggested_outputs");
        context.suggestedOutputs().forEach(outputs::add);
        return node;
    }

    /** One tool per line: {name, kind, description, parameters}; compact but readable. */
    private String toolsJson(List<ToolSpec> tools) {
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < tools.size(); i++) {
            ToolSpec tool = tools.get(i);
            ObjectNode node = json.createObjectNode();
            node.put("name", tool.name());
            node.put("kind", tool.kind().name().toLowerCase(Locale.ROOT));
            node.put("description", tool.description());
            node.set("parameters", tool.parameters());
            out.append("  ").append(node).append(i + 1 < tools.size() ? ",\n" : "\n");
        }
        return out.append("]").toString();
    }

    private String pretty(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render prompt JSON", e);
        }
    }

    /**
     * Parses the generator's answer. Lenient about wrappers (fences, prose, a nested object);
     * does not check tools against the domain: that is the review stage's format check.
     *
     * @throws AnswerFormatException with a message meant for re-asking the model
     */
    public BlueprintDraft parse(String content) {
        JsonNode root = unwrap(AnswerJson.object(content));
        JsonNode instruction = root.get("instruction");
        if (instruction == null || !instruction.isTextual() || instruction.asText().isBlank()) {
            throw new AnswerFormatException("\"instruction\" must be a non-empty string but was "
                    + AnswerJson.describe(instruction) + "; answer with {\"thought\": str, \"instruction\": str, "
                    + "\"actions\": [{\"name\": str, \"arguments\": {}}], \"outputs\": [str]}");
        }
        return new BlueprintDraft(instruction.asText().strip(), actions(root.get("actions")),
                outputs(root.get("outputs")), outputProblems(root.get("outputs")));
    }

    /** Some models nest the blueprint, e.g. {"blueprint": {...}}; take the object that has an instruction. */
    private static JsonNode unwrap(JsonNode root) {
        if (root.has("instruction")) {
            return root;
        }
        for (JsonNode child : root) {
            if (child.isObject() && child.has("instruction")) {
                return child;
            }
        }
        return root;
    }

    private List<ToolCall> actions(JsonNode actions) {
        if (actions == null || !actions.isArray()) {
            throw new AnswerFormatException("\"actions\" must be a list of {\"name\": str, \"arguments\": {}} but was "
                    + AnswerJson.describe(actions));
        }
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            JsonNode action = actions.get(i);
            JsonNode name = action.get("name");
            if (!action.isObject() || name == null || !name.isTextual() || name.asText().isBlank()) {
                throw new AnswerFormatException("actions[" + i + "] must be {\"name\": str, \"arguments\": {}} but was "
                        + AnswerJson.describe(action));
            }
            calls.add(new ToolCall(name.asText().strip(), arguments(action.get("arguments"))));
        }
        return calls;
    }

    /**
     * OpenAI-style tool calls carry arguments as a JSON string: accept that too. Anything else is
     * kept as it is, so the format check reports "arguments must be a JSON object".
     */
    private JsonNode arguments(JsonNode arguments) {
        if (arguments != null && arguments.isTextual()) {
            try {
                JsonNode parsed = json.readTree(arguments.asText());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (JsonProcessingException e) {
                // Not JSON inside the string: leave it for the format check.
            }
        }
        return arguments;
    }

    private static List<String> outputs(JsonNode outputs) {
        List<String> out = new ArrayList<>();
        if (outputs == null || outputs.isNull()) {
            return out;
        }
        if (!outputs.isArray()) {
            throw new AnswerFormatException("\"outputs\" must be a list of strings but was " + AnswerJson.describe(outputs));
        }
        for (JsonNode output : outputs) {
            out.add(output.isTextual() ? output.asText() : output.toString());
        }
        return out;
    }

    private static List<String> outputProblems(JsonNode outputs) {
        List<String> problems = new ArrayList<>();
        if (outputs == null || !outputs.isArray()) {
            return problems;
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (!outputs.get(i).isTextual()) {
                problems.add("outputs[" + i + "] must be a string but was " + AnswerJson.describe(outputs.get(i)));
            }
        }
        return problems;
    }
}
