package io.apigenmt.topology.regenerate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.generate.AnswerFormatException;
import io.apigenmt.topology.generate.AnswerJson;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.llm.PromptBlock;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.PromptTemplate;
import java.util.List;
import java.util.Map;

/**
 * The feedback summarizer role: turns every failure reason and judge critique into a short
 * improvement plan. The prompt carries {@link PromptBlock#BLUEPRINT} (JSON),
 * {@link PromptBlock#FAILURE_REASONS} (a JSON list of strings) and
 * {@link PromptBlock#REVIEWER_CRITIQUES} (a JSON list of {judge, reflection, correction}); the
 * answer is {"plan": str}.
 */
public final class SummarizerPrompt {

    /** One judge's critique of the rejected blueprint. */
    public record Critique(String judge, String reflection, String correction) {}

    private final ObjectMapper json;
    private final PromptTemplate template;

    public SummarizerPrompt(ObjectMapper json) {
        this.json = json;
        this.template = PromptTemplate.load("prompts/summarizer.md");
    }

    public ChatRequest request(String instruction, List<ToolCall> actions, List<String> outputs, List<String> reasons,
            List<Critique> critiques) {
        ArrayNode reasonList = json.createArrayNode();
        reasons.forEach(reasonList::add);
        ArrayNode critiqueList = json.createArrayNode();
        for (Critique c : critiques) {
            ObjectNode node = critiqueList.addObject();
            node.put("judge", c.judge());
            node.put("reflection", c.reflection());
            node.put("correction", c.correction());
        }
        return ChatRequest.json(template.messages(Map.of(
                "blueprint", pretty(BlueprintDraft.toJson(instruction, actions, outputs)),
                "reasons", pretty(reasonList),
                "critiques", pretty(critiqueList))));
    }

    /**
     * @return the plan text
     * @throws AnswerFormatException when there is no non-empty "plan" string
     */
    public String parse(String content) {
        JsonNode root = AnswerJson.object(content);
        JsonNode plan = root.get("plan");
        if (plan != null && plan.isArray() && plan.size() > 0) {
            // A list of steps is a plan too: join it rather than re-ask.
            StringBuilder joined = new StringBuilder();
            for (JsonNode step : plan) {
                joined.append(joined.length() == 0 ? "" : " ").append(step.isTextual() ? step.asText() : step.toString());
            }
            return joined.toString().strip();
        }
        if (plan == null || !plan.isTextual() || plan.asText().isBlank()) {
            throw new AnswerFormatException("\"plan\" must be a non-empty string but was " + AnswerJson.describe(plan)
                    + "; answer with {\"plan\": str}");
        }
        return plan.asText().strip();
    }

    private String pretty(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render prompt JSON", e);
        }
    }
}
