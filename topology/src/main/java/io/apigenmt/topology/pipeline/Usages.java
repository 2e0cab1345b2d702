package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.UsageEntry;
import io.apigenmt.topology.llm.TokenUsage;
import io.apigenmt.topology.llm.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds model usage of a stage's calls to the usage a record carries: to its totals and to its
 * breakdown, one entry per (stage, model, attempt, trial), so whoever reads the record last (the
 * ledger, the viewer) knows what each stage spent on which model without diffing records.
 */
public final class Usages {

    /** The model or stage of usage nobody attributed (calls no stage named, records older than the breakdown). */
    public static final String UNKNOWN = "unknown";

    private Usages() {}

    public static Usage zero() {
        return of(0L, 0L, 0);
    }

    /** Usage of this many tokens and calls, every other count 0. */
    public static Usage of(long promptTokens, long completionTokens, int calls) {
        return Usage.newBuilder().setPromptTokens(promptTokens).setCompletionTokens(completionTokens).setLlmCalls(calls)
                .setBreakdown(new ArrayList<>()).build();
    }

    /** {@code spent} by {@code stage} on the task's {@code attempt}, outside any rollout trial. */
    public static Usage add(Usage carried, String stage, int attempt, TokenUsage spent) {
        return add(carried, stage, attempt, 0, spent);
    }

    /** {@code spent} by {@code stage} on the task's {@code attempt}, in rollout trial {@code trial} (0: none). */
    public static Usage add(Usage carried, String stage, int attempt, int trial, TokenUsage spent) {
        Usage base = carried == null ? zero() : carried;
        List<UsageEntry> entries = new ArrayList<>(base.getBreakdown().size() + spent.byModel().size());
        base.getBreakdown().forEach(e -> entries.add(UsageEntry.newBuilder(e).build()));
        for (Map.Entry<String, Tokens> m : spent.byModel().entrySet()) {
            String model = m.getKey().isEmpty() ? UNKNOWN : m.getKey();
            merge(entries, new UsageEntry(stage, model, attempt, trial, m.getValue().promptTokens(),
                    m.getValue().cachedPromptTokens(), m.getValue().completionTokens(), m.getValue().calls()));
        }
        Tokens total = spent.total();
        return Usage.newBuilder()
                .setPromptTokens(base.getPromptTokens() + total.promptTokens())
                .setCompletionTokens(base.getCompletionTokens() + total.completionTokens())
                .setLlmCalls(base.getLlmCalls() + total.calls())
                .setReasoningTokens(base.getReasoningTokens() + total.reasoningTokens())
                .setCachedPromptTokens(base.getCachedPromptTokens() + total.cachedPromptTokens())
                .setBreakdown(entries)
                .build();
    }

    /** Each rollout trial's usage, trial by trial (index 0 is trial 1). */
    public static Usage addTrials(Usage carried, String stage, int attempt, List<TokenUsage> byTrial) {
        Usage u = carried;
        for (int i = 0; i < byTrial.size(); i++) {
            u = add(u, stage, attempt, i + 1, byTrial.get(i));
        }
        return u == null ? zero() : u;
    }

    /**
     * The breakdown of a usage, complete: its entries, and whatever its totals hold beyond them
     * (records written before the breakdown existed, or by a worker that did not keep it) as one
     * {@link #UNKNOWN} entry, so the entries always add up to the totals.
     */
    public static List<UsageEntry> breakdown(Usage u) {
        if (u == null) {
            return List.of();
        }
        List<UsageEntry> entries = new ArrayList<>(u.getBreakdown());
        long prompt = u.getPromptTokens();
        long cached = u.getCachedPromptTokens();
        long completion = u.getCompletionTokens();
        long calls = u.getLlmCalls();
        for (UsageEntry e : entries) {
            prompt -= e.getPromptTokens();
            cached -= e.getCachedPromptTokens();
            completion -= e.getCompletionTokens();
            calls -= e.getLlmCalls();
        }
        if (prompt > 0 || cached > 0 || completion > 0 || calls > 0) {
            entries.add(new UsageEntry(UNKNOWN, UNKNOWN, 0, 0, Math.max(0, prompt), Math.max(0, cached),
                    Math.max(0, completion), (int) Math.max(0, calls)));
        }
        return entries;
    }

    private static void merge(List<UsageEntry> entries, UsageEntry add) {
        for (UsageEntry e : entries) {
            if (e.getStage().equals(add.getStage()) && e.getModel().equals(add.getModel())
                    && e.getAttempt() == add.getAttempt() && e.getTrial() == add.getTrial()) {
                e.setPromptTokens(e.getPromptTokens() + add.getPromptTokens());
                e.setCachedPromptTokens(e.getCachedPromptTokens() + add.getCachedPromptTokens());
                e.setCompletionTokens(e.getCompletionTokens() + add.getCompletionTokens());
                e.setLlmCalls(e.getLlmCalls() + add.getLlmCalls());
                return;
            }
        }
        entries.add(add);
    }
}
