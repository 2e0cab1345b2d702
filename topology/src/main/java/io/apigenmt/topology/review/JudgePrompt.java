package io.apigenmt.topology.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.generate.AnswerFormatException;
import io.apigenmt.topology.generate.AnswerJson;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.llm.ChatRequest;
import io.apigenmt.topology.llm.PromptBlock;
import io.apigenmt.topology.llm.PromptTemplate;
import java.util.List;
import java.util.Map;

/**
 * The committee member role: the prompt shows the policy, the blueprint in a
 * {@link PromptBlock#BLUEPRINT} block (JSON: instruction, actions, outputs) and the diff patch in a
 * {@link PromptBlock#DIFF_PATCH} block;
 * the answer is {"correctness", "completeness", "satisfaction", "creativity", "reflection",
 * "correction"}. sim-llm reads the same blocks back.
 */
public final class JudgePrompt {

    private static final List<String> ITEMS = List.of("correctness", "completeness", "satisfaction", "creativity");

    private final ObjectMapper json;
    private final PromptTemplate template;

    public JudgePrompt(ObjectMapper json) {
        this.json = json;
        this.template = PromptTemplate.load("prompts/judge.md");
    }

    /**
     * @param diffPatchJson the diff patch as {@link io.apigenmt.domains.DiffPatch#toJson()} renders it
     */
    public ChatRequest request(String policy, String instruction, List<ToolCall> actions, List<String> outputs,
            String diffPatchJson) {
        return ChatRequest.json(template.messages(Map.of(
                "policy", policy.strip(),
                "blueprint", pretty(BlueprintDraft.toJson(instruction, actions, outputs)),
                "diff_patch", prettyDiff(diffPatchJson))));
    }

    /**
     * Parses one judge's answer. Scores may be 0/1, true/false or "0"/"1".
     *
     * @throws AnswerFormatException naming the offending field, for re-asking the model
     */
    public JudgeScores parse(String content) {
        JsonNode root = AnswerJson.object(content);
        if (!root.has("correctness") && root.size() == 1 && root.elements().next().isObject()) {
            root = root.elements().next(); // e.g. {"scores": {...}} or {"verdict": {...}}
        }
        int[] scores = new int[ITEMS.size()];
        for (int i = 0; i < ITEMS.size(); i++) {
            scores[i] = score(ITEMS.get(i), root.get(ITEMS.get(i)));
        }
        return new JudgeScores(scores[0], scores[1], scores[2], scores[3], text(root.get("reflection")),
                text(root.get("correction")));
    }

    private static int score(String item, JsonNode value) {
        if (value != null) {
            if (value.isBoolean()) {
                return value.asBoolean() ? 1 : 0;
            }
            if (value.isNumber() && (value.asDouble() == 0.0 || value.asDouble() == 1.0)) {
                return value.asInt();
            }
            if (value.isTextual()) {
                String s = value.asText().strip();
                if (s.equals("0") || s.equals("1")) {
                    return Integer.parseInt(s);
                }
                if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                    return s.equalsIgnoreCase("true") ? 1 : 0;
                }
            }
        }
        throw new AnswerFormatException("\"" + item + "\" must be 0 or 1 but was " + AnswerJson.describe(value)
                + "; answer with {\"correctness\": 0|1, \"completeness\": 0|1, \"satisfaction\": 0|1, "
                + "\"creativity\": 0|1, \"reflection\": str, \"correction\": str}");
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    private String prettyDiff(String diffPatchJson) {
        if (diffPatchJson == null || diffPatchJson.isBlank()) {
            return "[]";
        }
        try {
            return pretty(json.readTree(diffPatchJson));
        } catch (JsonProcessingException e) {
            return diffPatchJson; // Show it as it is: the judge can still read it.
        }
    }

    private String pretty(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render prompt JSON", e);
        }
    }
}
