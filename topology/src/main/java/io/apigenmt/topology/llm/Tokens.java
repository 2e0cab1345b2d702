package io.apigenmt.topology.llm;

/**
 * What calls to one model cost, in the units servers report and prices are quoted in.
 *
 * @param promptTokens       every prompt token, cached ones included (as OpenAI-compatible servers count them)
 * @param cachedPromptTokens the part of {@code promptTokens} the server read from its prompt cache
 */
public record Tokens(long promptTokens, long cachedPromptTokens, long completionTokens, int calls) {

    public static final Tokens NONE = new Tokens(0, 0, 0, 0);

    public Tokens {
        if (promptTokens < 0 || cachedPromptTokens < 0 || completionTokens < 0 || calls < 0) {
            throw new IllegalArgumentException("token counts are never negative: " + promptTokens + "/"
                    + cachedPromptTokens + "/" + completionTokens + "/" + calls);
        }
    }

    public Tokens plus(Tokens o) {
        return new Tokens(promptTokens + o.promptTokens, cachedPromptTokens + o.cachedPromptTokens,
                completionTokens + o.completionTokens, calls + o.calls);
    }

    public boolean isZero() {
        return equals(NONE);
    }
}
