package io.apigenmt.topology.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sim-llm reports cached prompt tokens as a prefix-caching server does: the longest prefix of messages it saw before. */
class SimPromptCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = "You are the summarizer of a review committee. ".repeat(20);

    private static JsonNode usage(SimHttp http, String model, ChatMessage... messages) throws Exception {
        var response = http.post(http.body(model, new ChatRequest(List.of(messages), List.of(), true, null)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("usage");
    }

    private static long cached(JsonNode usage) {
        return usage.path("prompt_tokens_details").path("cached_tokens").asLong(-1);
    }

    @Test
    void shouldReportTheLongestSeenPrefixOfMessagesAsCachedTokens() throws Exception {
        SimLlmOptions options = SimLlmOptions.defaults();
        try (SimLlmServer server = new SimLlmServer(options, SimRoles.phaseOne(TestDomains.registry(), options, JSON).build(),
                JSON)) {
            SimHttp http = new SimHttp(server.start());
            ChatMessage system = ChatMessage.system(POLICY);
            ChatMessage question = ChatMessage.user("Summarize: the order id is missing.");

            // Given a first request: nothing cached yet, and the field is there (OpenAI's shape)
            JsonNode first = usage(http, "sim-summarizer", system, question);
            assertThat(cached(first)).isZero();

            // When the conversation goes on with the same two messages first
            JsonNode second = usage(http, "sim-summarizer", system, question, ChatMessage.assistant("{\"plan\":\"x\"}"),
                    ChatMessage.user("Shorter, please."));

            // Then those two are cached: about their size in tokens, less than the whole prompt
            long prefixTokens = (system.content().length() + question.content().length()) / 4;
            assertThat(cached(second)).isBetween(prefixTokens, prefixTokens + 20)
                    .isLessThan(second.path("prompt_tokens").asLong());

            // A request that starts differently, or asks another model, hits nothing
            assertThat(cached(usage(http, "sim-summarizer", ChatMessage.system("Another policy."), question))).isZero();
            assertThat(cached(usage(http, "sim-judge", system, question))).isZero();
            // and the same request again is cached whole, up to its last message
            JsonNode again = usage(http, "sim-summarizer", system, question);
            assertThat(cached(again)).isEqualTo(cached(second));
        }
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedPrefixesBeyondItsCapacity() throws Exception {
        PrefixCache cache = new PrefixCache(2);
        JsonNode a = request("a");
        JsonNode b = request("b");
        JsonNode c = request("c");

        cache.lookUpAndRemember(a);
        cache.lookUpAndRemember(b);
        assertThat(cache.lookUpAndRemember(a)).as("a is remembered, and now the most recently used").isPositive();
        cache.lookUpAndRemember(c); // over capacity: b, the least recently used, is forgotten

        assertThat(cache.lookUpAndRemember(a)).isPositive();
        assertThat(cache.lookUpAndRemember(b)).as("forgotten").isZero();
    }

    private static JsonNode request(String text) throws Exception {
        return JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
    }
}
