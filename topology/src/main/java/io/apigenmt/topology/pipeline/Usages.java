package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.llm.TokenUsage;

/** Adds model usage of a call to the usage a record carries. */
public final class Usages {

    private Usages() {}

    public static Usage zero() {
        return of(0L, 0L, 0);
    }

    /** Usage of this many tokens and calls, every other count 0. */
    public static Usage of(long promptTokens, long completionTokens, int calls) {
        return Usage.newBuilder().setPromptTokens(promptTokens).setCompletionTokens(completionTokens).setLlmCalls(calls)
                .build();
    }

    public static Usage add(Usage carried, TokenUsage spent) {
        Usage base = carried == null ? zero() : carried;
        return Usage.newBuilder(base)
                .setPromptTokens(base.getPromptTokens() + spent.promptTokens())
                .setCompletionTokens(base.getCompletionTokens() + spent.completionTokens())
                .setLlmCalls(base.getLlmCalls() + spent.calls())
                .setReasoningTokens(base.getReasoningTokens() + spent.reasoningTokens())
                .build();
    }
}
