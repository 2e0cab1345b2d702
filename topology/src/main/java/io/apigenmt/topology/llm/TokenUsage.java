package io.apigenmt.topology.llm;

/**
 * Tokens and calls spent; adds up across the calls of one record.
 *
 * @param reasoningTokens the part of completionTokens the model spent reasoning, where the server
 *                        reports it ({@code usage.completion_tokens_details.reasoning_tokens}); 0 otherwise
 */
public record TokenUsage(long promptTokens, long completionTokens, int calls, long reasoningTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    public TokenUsage(long promptTokens, long completionTokens, int calls) {
        this(promptTokens, completionTokens, calls, 0);
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                calls + other.calls, reasoningTokens + other.reasoningTokens);
    }
}
