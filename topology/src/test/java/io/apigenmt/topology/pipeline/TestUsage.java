package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.UsageEntry;
import java.util.ArrayList;
import java.util.List;

/** Usage values for stage tests: inputs as older records carry them, expected outputs entry by entry. */
public final class TestUsage {

    private TestUsage() {}

    /** Usage without a breakdown, as records written before it existed carry it. */
    public static Usage legacy(long prompt, long completion, int calls) {
        return new Usage(prompt, completion, calls, 0L, 0L, new ArrayList<>());
    }

    /** One breakdown entry of {@code calls} scripted calls ({@link ScriptedChatModel#PER_CALL} each). */
    public static UsageEntry scripted(String stage, String model, int attempt, int trial, int calls) {
        return new UsageEntry(stage, model, attempt, trial, 100L * calls, 0L, 20L * calls, calls);
    }

    /** {@code base} plus these entries: totals added up, entries appended. */
    public static Usage plus(Usage base, UsageEntry... entries) {
        List<UsageEntry> all = new ArrayList<>(base == null ? List.of() : base.getBreakdown());
        long prompt = base == null ? 0 : base.getPromptTokens();
        long cached = base == null ? 0 : base.getCachedPromptTokens();
        long completion = base == null ? 0 : base.getCompletionTokens();
        int calls = base == null ? 0 : base.getLlmCalls();
        for (UsageEntry e : entries) {
            all.add(e);
            prompt += e.getPromptTokens();
            cached += e.getCachedPromptTokens();
            completion += e.getCompletionTokens();
            calls += e.getLlmCalls();
        }
        return new Usage(prompt, completion, calls, 0L, cached, all);
    }
}
