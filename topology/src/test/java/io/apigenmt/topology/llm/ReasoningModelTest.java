package io.apigenmt.topology.llm;

import static io.apigenmt.topology.llm.LlmTestSupport.await;
import static io.apigenmt.topology.llm.LlmTestSupport.endpoint;
import static io.apigenmt.topology.llm.LlmTestSupport.failure;
import static io.apigenmt.topology.llm.LlmTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reasoning models over real HTTP: every shape a server sends its chain of thought in. */
class ReasoningModelTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private MockWebServer server;
    private LlmRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        runtime = LlmTestSupport.runtime(Map.of(), Clock.systemUTC(), LlmMetrics.NOOP);
    }

    @AfterEach
    void stop() {
        runtime.close();
        server.close();
    }

    private OpenAiChatModel model(int maxRetries) {
        return LlmTestSupport.model(runtime, "user", endpoint(server, "qwen3", Duration.ofSeconds(5), maxRetries));
    }

    private static String body(String messageFields, String finish, String usageExtra) {
        return "{\"choices\":[{\"index\":0,\"finish_reason\":\"" + finish + "\",\"message\":{\"role\":\"assistant\","
                + messageFields + "}}],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":40" + usageExtra + "}}";
    }

    @Test
    void shouldGiveOnlyTheAnswerAsContentWhenTheServerHasNoReasoningParser() throws Exception {
        server.enqueue(ok(body("\"content\":\"<think>\\nThey said ###STOP### earlier?\\n</think>\\n\\nMy order is #W1.\"",
                "stop", ",\"completion_tokens_details\":{\"reasoning_tokens\":12}")));

        ChatResponse r = await(model(0).complete(ChatRequest.withTools(List.of(ChatMessage.user("hi")), List.of())));

        assertThat(r.message().content()).isEqualTo("My order is #W1.");
        assertThat(r.message().reasoning()).isEqualTo("They said ###STOP### earlier?");
        assertThat(r.usage()).isEqualTo(new TokenUsage(50, 40, 1, 12));
    }

    @Test
    void shouldReadReasoningFromEveryFieldNameServersUse() throws Exception {
        for (String field : List.of("reasoning_content", "reasoning", "thinking")) {
            server.enqueue(ok(body("\"content\":\"Fine.\",\"" + field + "\":\"pondering\"", "stop", "")));

            ChatResponse r = await(model(0).complete(ChatRequest.withTools(List.of(ChatMessage.user("hi")), List.of())));

            assertThat(r.message().content()).as(field).isEqualTo("Fine.");
            assertThat(r.message().reasoning()).as(field).isEqualTo("pondering");
        }
    }

    @Test
    void shouldNeverSendReasoningBackToTheModel() throws Exception {
        server.enqueue(ok(body("\"content\":\"ok\"", "stop", "")));
        List<ChatMessage> history = List.of(ChatMessage.user("hi"), ChatMessage.assistant("Hello.").withReasoning("secret thought"));

        await(model(0).complete(ChatRequest.withTools(history, List.of())));

        JsonNode sent = mapper.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(sent.get("messages").get(1).get("content").asText()).isEqualTo("Hello.");
        assertThat(sent.toString()).doesNotContain("secret thought").doesNotContain("reasoning");
    }

    @Test
    void shouldFailClearlyWhenTheAnswerIsCutOffInsideItsThinkBlock() throws Exception {
        server.enqueue(ok(body("\"content\":\"<think>Let me consider the policy, and\"", "length",
                ",\"completion_tokens_details\":{\"reasoning_tokens\":40}")));

        LlmException e = failure(model(0).complete(ChatRequest.withTools(List.of(ChatMessage.user("hi")), List.of())));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("only reasoning").contains("never closed").contains("finish_reason=length");
        assertThat(e.usage()).as("the cut-off answer was paid for").isEqualTo(new TokenUsage(50, 40, 1, 40));
    }

    @Test
    void shouldAcceptReasoningWithToolCallsAndNoContent() throws Exception {
        server.enqueue(ok(body("\"content\":null,\"reasoning_content\":\"look the user up\",\"tool_calls\":[{\"id\":\"c1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_user_details\",\"arguments\":\"{}\"}}]", "tool_calls", "")));

        ChatResponse r = await(model(0).complete(ChatRequest.withTools(List.of(ChatMessage.user("hi")), List.of())));

        assertThat(r.message().toolCalls()).hasSize(1);
        assertThat(r.message().content()).isNull();
        assertThat(r.message().reasoning()).isEqualTo("look the user up");
    }
}
