package io.apigenmt.topology.llm;

import static io.apigenmt.topology.llm.LlmTestSupport.await;
import static io.apigenmt.topology.llm.LlmTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cached prompt tokens as each kind of server reports them (docs/costs.md lists the sources),
 * read by the real client over real HTTP from a scripted server.
 */
class CachedTokensTest {

    private MockWebServer server;
    private LlmRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        runtime = LlmTestSupport.runtime(Map.of(), Clock.systemUTC(), LlmMetrics.NOOP);
    }

    @AfterEach
    void stop() throws Exception {
        runtime.close();
        server.close();
    }

    /** A chat completion whose usage object is {@code usage}, plus whatever else {@code extra} adds at the top level. */
    private static String body(String usage, String extra) {
        return "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":" + usage + extra + "}";
    }

    private Tokens answer(String body) throws Exception {
        server.enqueue(ok(body));
        OpenAiChatModel model = LlmTestSupport.model(runtime, "generator",
                LlmTestSupport.endpoint(server, "m", Duration.ofSeconds(5), 0));
        TokenUsage usage = await(model.complete(new ChatRequest(List.of(ChatMessage.user("hello")), List.of(), false, null)))
                .usage();
        return usage.total();
    }

    @Test
    void shouldReadOpenAisPromptTokensDetailsAsVllmSglangAndLlamaCppSendThem() throws Exception {
        // OpenAI, vLLM (--enable-prompt-tokens-details), SGLang (--enable-cache-report), llama.cpp's server
        Tokens t = answer(body("{\"prompt_tokens\":2006,\"completion_tokens\":300,\"total_tokens\":2306,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1920,\"audio_tokens\":0}}", ""));

        assertThat(t).isEqualTo(new Tokens(2006, 1920, 300, 1));
    }

    @Test
    void shouldReadDeepSeeksPromptCacheHitTokens() throws Exception {
        Tokens t = answer(body("{\"prompt_tokens\":1000,\"completion_tokens\":40,\"total_tokens\":1040,"
                + "\"prompt_cache_hit_tokens\":768,\"prompt_cache_miss_tokens\":232}", ""));

        assertThat(t).isEqualTo(new Tokens(1000, 768, 40, 1));
    }

    @Test
    void shouldReadLlamaCppsTimingsCacheNWhenTheUsageHasNoDetails() throws Exception {
        // Older llama.cpp builds: the cache hit count only in the top-level timings object
        Tokens t = answer(body("{\"prompt_tokens\":512,\"completion_tokens\":12,\"total_tokens\":524}",
                ",\"timings\":{\"cache_n\":500,\"prompt_n\":12,\"predicted_n\":12}"));

        assertThat(t).isEqualTo(new Tokens(512, 500, 12, 1));
    }

    @Test
    void shouldPreferPromptTokensDetailsOverTheOtherShapesWhenAServerSendsSeveral() throws Exception {
        // DeepSeek's newer responses carry both names; they agree, and the OpenAI one is read
        Tokens t = answer(body("{\"prompt_tokens\":100,\"completion_tokens\":5,\"prompt_tokens_details\":"
                + "{\"cached_tokens\":64},\"prompt_cache_hit_tokens\":64,\"prompt_cache_miss_tokens\":36}",
                ",\"timings\":{\"cache_n\":99}"));

        assertThat(t.cachedPromptTokens()).isEqualTo(64);
    }

    @Test
    void shouldCountNoCachedTokensWhenTheServerReportsNoneOrNullDetails() throws Exception {
        // vLLM without its flag sends prompt_tokens_details: null; SGLang leaves the field out when 0
        assertThat(answer(body("{\"prompt_tokens\":80,\"completion_tokens\":8,\"prompt_tokens_details\":null}", "")))
                .isEqualTo(new Tokens(80, 0, 8, 1));
        assertThat(answer(body("{\"prompt_tokens\":80,\"completion_tokens\":8}", "")))
                .isEqualTo(new Tokens(80, 0, 8, 1));
    }

    @Test
    void shouldCapCachedTokensAtThePromptAndIgnoreValuesThatAreNotCounts() throws Exception {
        assertThat(answer(body("{\"prompt_tokens\":50,\"completion_tokens\":1,\"prompt_tokens_details\":"
                + "{\"cached_tokens\":70}}", "")).cachedPromptTokens()).isEqualTo(50);
        assertThat(answer(body("{\"prompt_tokens\":50,\"completion_tokens\":1,\"prompt_tokens_details\":"
                + "{\"cached_tokens\":\"lots\"},\"prompt_cache_hit_tokens\":-3}", "")).cachedPromptTokens()).isZero();
    }
}
