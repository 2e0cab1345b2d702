package io.apigenmt.topology.llm;

/**
 * What calls to one model cost, in the units servers report and prices are quoted in.
 *
 * @param promptTokens       every prompt token, cached ones included (as OpenAI-compatible servers count them)
 * @param cachedPromptTokens the part of {@code promptTokens} the server read from its prompt cache
 * @param reasoningTokens    the part of {@code completionTokens} the model spent reasoning, where the
 *                           server reports it ({@code usage.completion_tokens_details.reasoning_tokens})
 */
public record Tokens(long promptTokens, long cachedPromptTokens, long completionTokens, int calls, long reasoningTokens) {

    public static final Tokens NONE = new Tokens(0, 0, 0, 0, 0);

    public Tokens {
        if (promptTokens < 0 || cachedPromptTokens < 0 || completionTokens < 0 || calls < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts are never negative: " + promptTokens + "/"
                    + cachedPromptTokens + "/" + completionTokens + "/" + calls + "/" + reasoningTokens);
        }
    }

    /** Calls that reported no reasoning tokens. */
    public Tokens(long promptTokens, long cachedPromptTokens, long completionTokens, int calls) {
        this(promptTokens, cachedPromptTokens, completionTokens, calls, 0);
    }

    public Tokens plus(Tokens o) {
        return new Tokens(promptTokens + o.promptTokens, cachedPromptTokens + o.cachedPromptTokens,
                completionTokens + o.completionTokens, calls + o.calls, reasoningTokens + o.reasoningTokens);
    }

    public boolean isZero() {
        return equals(NONE);
    }
}
