package io.apigenmt.topology.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.llm.JsonExtraction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated model's private phrasebook: how its generator writes a wanted action into an
 * instruction, and how its user and agent read it back. Sentences look like
 * {@code I want to cancel pending order with {"order_id":"#W1234567","reason":"no longer needed"}.}
 * Synthetic on purpose: only sim-llm speaks it, and it is exactly invertible.
 */
public final class ActionPhrases {

    private static final Pattern SENTENCE = Pattern.compile("I want to ([a-z][a-z ]*?) with (\\{)");

    private final ObjectMapper json;

    public ActionPhrases(ObjectMapper json) {
        this.json = json;
    }

    public String describe(ToolCall call) {
        return "I want to " + call.name().replace('_', ' ') + " with " + call.arguments().toString() + ".";
    }

    /** Every action sentence in {@code text}, in order of appearance. */
    public List<ToolCall> parseAll(String text) {
        List<ToolCall> calls = new ArrayList<>();
        if (text == null) {
            return calls;
        }
        Matcher m = SENTENCE.matcher(text);
        int from = 0;
        while (m.find(from)) {
            String name = m.group(1).strip().replace(' ', '_').toLowerCase(Locale.ROOT);
            int start = m.start(2);
            int end = JsonExtraction.balancedEnd(text, start);
            if (end < 0) {
                break;
            }
            try {
                JsonNode args = json.readTree(text.substring(start, end + 1));
                calls.add(new ToolCall(name, args));
            } catch (JsonProcessingException e) {
                // Not one of ours: skip it and keep scanning.
            }
            from = end + 1;
        }
        return calls;
    }
}
