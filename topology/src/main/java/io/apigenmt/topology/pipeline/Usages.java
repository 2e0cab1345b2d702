package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.llm.TokenUsage;

/** Adds model usage of a call to the usage a record carries. */
public final class Usages {

    private Usages() {}

    public static Usage zero() {
        return new Usage(0L, 0L, 0, 0L);
    }

    public static Usage add(Usage carried, TokenUsage spent) {
        Usage base = carried == null ? zero() : carried;
        return new Usage(base.getPromptTokens() + spent.promptTokens(),
                base.getCompletionTokens() + spent.completionTokens(),
                base.getLlmCalls() + spent.calls(),
                base.getReasoningTokens() + spent.reasoningTokens());
    }
}
