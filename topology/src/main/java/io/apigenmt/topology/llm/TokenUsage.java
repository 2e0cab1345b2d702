package io.apigenmt.topology.llm;

/** Tokens and calls spent; adds up across the calls of one record. */
public record TokenUsage(long promptTokens, long completionTokens, int calls) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens, calls + other.calls);
    }
}
