package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Reads the token usage of a chat completion, whichever way its server reports cached prompt
 * tokens (sources in docs/costs.md). The first of these that is present wins:
 * <ol>
 *   <li>{@code usage.prompt_tokens_details.cached_tokens}: OpenAI; vLLM (with
 *       {@code --enable-prompt-tokens-details}); SGLang (with {@code --enable-cache-report}, and
 *       left out when 0); llama.cpp's server; LiteLLM and most hosted OpenAI-compatible APIs</li>
 *   <li>{@code usage.prompt_cache_hit_tokens}: DeepSeek (with {@code prompt_cache_miss_tokens}
 *       beside it, the two adding up to {@code prompt_tokens})</li>
 *   <li>{@code timings.cache_n} at the top level of the body: llama.cpp builds that predate its
 *       {@code prompt_tokens_details}</li>
 * </ol>
 * None of them: no cached tokens. A count above {@code prompt_tokens} is capped there (cached
 * tokens are a part of the prompt in every one of these APIs); a negative or non-numeric one is
 * ignored. A missing {@code usage} counts as 0 tokens, as before. Reasoning tokens are read from
 * {@code usage.completion_tokens_details.reasoning_tokens} (OpenAI, vLLM), capped at
 * {@code completion_tokens}.
 */
final class UsageFields {

    private record Path(String... names) {
        JsonNode in(JsonNode root) {
            JsonNode node = root;
            for (String name : names) {
                node = node.path(name);
            }
            return node;
        }
    }

    private static final List<Path> CACHED = List.of(
            new Path("usage", "prompt_tokens_details", "cached_tokens"),
            new Path("usage", "prompt_cache_hit_tokens"),
            new Path("timings", "cache_n"));

    private UsageFields() {}

    /** One call's usage, not yet attributed to a model. */
    static Tokens read(JsonNode root) {
        JsonNode usage = root.path("usage");
        long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
        long reasoning = Math.max(0, usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
        return new Tokens(prompt, Math.min(prompt, cached(root)), completion, 1, Math.min(completion, reasoning));
    }

    private static long cached(JsonNode root) {
        for (Path path : CACHED) {
            JsonNode value = path.in(root);
            if (value.isIntegralNumber() && value.asLong() >= 0) {
                return value.asLong();
            }
        }
        return 0;
    }
}
