package io.apigenmt.topology.llm;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tokens and calls spent, per model; adds up across the calls of one record. Usage a server
 * reports belongs to no model until the caller that knows which model it asked names it
 * ({@link #attributedTo}): the client stays ignorant of roles, the totals stay exact.
 *
 * @param byModel model (as configured) to what its calls cost; {@link #UNATTRIBUTED} for usage no caller named yet
 */
public record TokenUsage(Map<String, Tokens> byModel) {

    /** The model key of usage that no caller has attributed. */
    public static final String UNATTRIBUTED = "";

    public static final TokenUsage NONE = new TokenUsage(Map.of());

    public TokenUsage {
        Map<String, Tokens> kept = new TreeMap<>();
        byModel.forEach((model, tokens) -> {
            if (!tokens.isZero()) {
                kept.merge(model == null ? UNATTRIBUTED : model, tokens, Tokens::plus);
            }
        });
        byModel = Collections.unmodifiableMap(kept);
    }

    /** Unattributed usage of calls that reported no cached tokens. */
    public TokenUsage(long promptTokens, long completionTokens, int calls) {
        this(Map.of(UNATTRIBUTED, new Tokens(promptTokens, 0, completionTokens, calls)));
    }

    /** Unattributed usage of calls that reported no cached tokens, {@code reasoningTokens} of the completion spent reasoning. */
    public TokenUsage(long promptTokens, long completionTokens, int calls, long reasoningTokens) {
        this(Map.of(UNATTRIBUTED, new Tokens(promptTokens, 0, completionTokens, calls, reasoningTokens)));
    }

    /** Usage of one model. */
    public static TokenUsage of(String model, Tokens tokens) {
        return new TokenUsage(Map.of(model == null ? UNATTRIBUTED : model, tokens));
    }

    public long promptTokens() {
        return total().promptTokens();
    }

    public long cachedPromptTokens() {
        return total().cachedPromptTokens();
    }

    public long completionTokens() {
        return total().completionTokens();
    }

    /** The part of completion tokens spent reasoning, where servers report it. */
    public long reasoningTokens() {
        return total().reasoningTokens();
    }

    public int calls() {
        return total().calls();
    }

    /** Every model's usage together. */
    public Tokens total() {
        return byModel.values().stream().reduce(Tokens.NONE, Tokens::plus);
    }

    public TokenUsage plus(TokenUsage other) {
        if (other.byModel.isEmpty()) {
            return this;
        }
        Map<String, Tokens> sum = new TreeMap<>(byModel);
        other.byModel.forEach((model, tokens) -> sum.merge(model, tokens, Tokens::plus));
        return new TokenUsage(sum);
    }

    /** The same usage with its unattributed part charged to {@code model} (usage already attributed keeps its model). */
    public TokenUsage attributedTo(String model) {
        Tokens loose = byModel.get(UNATTRIBUTED);
        if (loose == null || UNATTRIBUTED.equals(model)) {
            return this;
        }
        Map<String, Tokens> moved = new TreeMap<>(byModel);
        moved.remove(UNATTRIBUTED);
        moved.merge(model, loose, Tokens::plus);
        return new TokenUsage(moved);
    }
}
