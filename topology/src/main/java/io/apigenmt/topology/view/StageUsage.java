package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Usage;

/** Model usage one stage spent: what its output record carries beyond what its input did. */
record StageUsage(long promptTokens, long completionTokens, long llmCalls) {

    static final StageUsage NONE = new StageUsage(0, 0, 0);

    static StageUsage of(Usage u) {
        return u == null ? NONE : new StageUsage(u.getPromptTokens(), u.getCompletionTokens(), u.getLlmCalls());
    }

    static StageUsage of(JsonNode node) {
        return new StageUsage(node.path("prompt_tokens").asLong(), node.path("completion_tokens").asLong(),
                node.path("llm_calls").asLong());
    }

    /** The spend between two cumulative readings; never negative (a reading may be missing or out of order). */
    static StageUsage between(Usage before, Usage after) {
        StageUsage a = of(after);
        StageUsage b = of(before);
        return new StageUsage(Math.max(0, a.promptTokens - b.promptTokens),
                Math.max(0, a.completionTokens - b.completionTokens), Math.max(0, a.llmCalls - b.llmCalls));
    }

    StageUsage plus(StageUsage o) {
        return new StageUsage(promptTokens + o.promptTokens, completionTokens + o.completionTokens, llmCalls + o.llmCalls);
    }

    ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("llm_calls", llmCalls);
    }
}
