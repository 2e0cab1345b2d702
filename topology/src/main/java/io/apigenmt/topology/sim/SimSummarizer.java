package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.llm.PromptBlock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated feedback summarizer: one imperative sentence per failure reason and per
 * distinct reviewer correction, answered as {"plan": ...}.
 */
final class SimSummarizer implements SimRole {

    private static final int MAX_REASON_CHARS = 300;

    private final ObjectMapper json;

    SimSummarizer(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ObjectNode respond(JsonNode request, SplittableRandom random) {
        Set<String> steps = new LinkedHashSet<>();
        JsonNode reasons = SimPrompts.jsonBlock(json, request, PromptBlock.FAILURE_REASONS).orElse(json.createArrayNode());
        for (JsonNode reason : reasons) {
            steps.add("Fix: " + clip(reason.asText()));
        }
        JsonNode critiques = SimPrompts.jsonBlock(json, request, PromptBlock.REVIEWER_CRITIQUES).orElse(json.createArrayNode());
        for (JsonNode critique : critiques) {
            String correction = critique.path("correction").asText("").strip();
            if (!correction.isEmpty()) {
                steps.add("Reviewer " + critique.path("judge").asText("?") + " asks: " + clip(correction));
            }
        }
        String plan = steps.isEmpty()
                ? "Re-check every action against the instruction and the policy, and keep the blueprint consistent."
                : "Revise the blueprint: " + String.join(" ", steps) + " Keep everything else unchanged.";
        ObjectNode answer = json.createObjectNode();
        answer.put("plan", plan);
        ObjectNode message = json.createObjectNode();
        message.put("role", "assistant");
        message.put("content", answer.toString());
        return message;
    }

    private static String clip(String s) {
        String t = s.strip();
        t = t.length() > MAX_REASON_CHARS ? t.substring(0, MAX_REASON_CHARS) + "..." : t;
        return t.endsWith(".") || t.endsWith("...") ? t : t + ".";
    }
}
