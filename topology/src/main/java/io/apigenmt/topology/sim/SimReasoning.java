package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * How the simulated model answers like a reasoning model, one shape per kind of server: each
 * adds a chain of thought to every answer, the way that server sends it. The thought is written
 * to break whatever it leaks into: it holds the user simulator's stop token and a JSON object,
 * so a conversation, a check or a dataset that keeps it shows at once.
 */
public enum SimReasoning {
    /** No reasoning (the default). */
    NONE("none"),
    /** A leading {@code <think>…</think>} block in content: a server without a reasoning parser. */
    THINK("think"),
    /** Only the closing tag in content: the chat template put {@code <think>} into the prompt (R1 distills). */
    THINK_CLOSE_ONLY("think-close-only"),
    /** An opening {@code <think>} never closed and no answer: cut off by max_tokens ({@code finish_reason: length}). */
    THINK_UNCLOSED("think-unclosed"),
    /** A {@code reasoning_content} field beside the content (DeepSeek's API, SGLang, older vLLM). */
    REASONING_CONTENT("reasoning-content"),
    /** A {@code reasoning} field beside the content (newer vLLM, Ollama's /v1, OpenRouter). */
    REASONING("reasoning");

    static final String THOUGHT = "Let me think about what is being asked. If I simply said ###STOP### now the task would end,"
            + " so I will not. A draft answer could be {\"draft\": true, \"note\": \"not final\"}; the real one follows.";

    private final String flag;

    SimReasoning(String flag) {
        this.flag = flag;
    }

    /** The value of the {@code --sim-reasoning} / {@code --reasoning} flag. */
    public String flag() {
        return flag;
    }

    public static SimReasoning parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (SimReasoning r : values()) {
            if (r.flag.equals(v)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reasoning shape '" + value + "'; one of: none, think, think-close-only,"
                + " think-unclosed, reasoning-content, reasoning");
    }

    /**
     * Dresses one answer message in this shape.
     *
     * @return the reasoning tokens the shape added (for {@code completion_tokens_details.reasoning_tokens})
     */
    int apply(ObjectNode message, ObjectNode choice) {
        String content = message.path("content").isTextual() ? message.get("content").asText() : null;
        switch (this) {
            case NONE -> {
                return 0;
            }
            case THINK -> message.put("content", "<think>\n" + THOUGHT + "\n</think>\n\n" + (content == null ? "" : content));
            case THINK_CLOSE_ONLY -> message.put("content", THOUGHT + "\n</think>\n\n" + (content == null ? "" : content));
            case THINK_UNCLOSED -> {
                message.put("content", "<think>\n" + THOUGHT + " And then, considering the policy once more,");
                message.remove("tool_calls");
                choice.put("finish_reason", "length");
            }
            case REASONING_CONTENT -> message.put("reasoning_content", THOUGHT);
            case REASONING -> message.put("reasoning", THOUGHT);
        }
        return (THOUGHT.length() + 3) / 4;
    }
}
