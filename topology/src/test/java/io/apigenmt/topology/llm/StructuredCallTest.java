package io.apigenmt.topology.llm;

import static io.apigenmt.topology.llm.LlmTestSupport.await;
import static io.apigenmt.topology.llm.LlmTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StructuredCallTest {

    /** Answers from a script and remembers what it was asked. */
    private static final class ScriptedModel implements ChatModel {
        final Deque<Object> script = new ArrayDeque<>();
        final List<ChatRequest> requests = new ArrayList<>();

        ScriptedModel answer(String content) {
            script.add(content);
            return this;
        }

        ScriptedModel fail(LlmException e) {
            script.add(e);
            return this;
        }

        @Override
        public String model() {
            return "scripted";
        }

        @Override
        public CompletableFuture<ChatResponse> complete(ChatRequest request) {
            requests.add(request);
            Object next = script.poll();
            if (next instanceof LlmException e) {
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.completedFuture(new ChatResponse(ChatMessage.assistant((String) next), "scripted",
                    new TokenUsage(100, 10, 1), "stop"));
        }
    }

    private record Plan(String instruction, int steps) {}

    private static final JsonAnswerParser<Plan> PLAN = node -> {
        if (!node.path("instruction").isTextual()) {
            throw new IllegalArgumentException("missing field 'instruction' (a string)");
        }
        return new Plan(node.get("instruction").asText(), node.path("steps").asInt());
    };

    private static final ChatRequest ASK = ChatRequest.json(List.of(ChatMessage.system("sys"), ChatMessage.user("plan")));

    @Test
    void shouldParseABareAnswerInOneCall() throws Exception {
        ScriptedModel model = new ScriptedModel().answer("{\"instruction\":\"refund\",\"steps\":2}");

        Structured<Plan> s = await(StructuredCall.completeJson(model, ASK, PLAN, 2));

        assertThat(s.value()).isEqualTo(new Plan("refund", 2));
        assertThat(s.usage()).isEqualTo(new TokenUsage(100, 10, 1).attributedTo("scripted"));
        assertThat(s.attempts()).isEqualTo(1);
    }

    @Test
    void shouldParseAFencedAnswerSurroundedByProse() throws Exception {
        ScriptedModel model = new ScriptedModel().answer("Sure! Here it is:\n```json\n{\"instruction\":\"x\",\"steps\":1}\n```\nAnything else?");

        assertThat(await(StructuredCall.completeJson(model, ASK, PLAN, 0)).value()).isEqualTo(new Plan("x", 1));
    }

    @Test
    void shouldReaskWithTheParseErrorThenSucceedAndAddUpUsage() throws Exception {
        ScriptedModel model = new ScriptedModel()
                .answer("I think the plan is {instruction: refund}")
                .answer("{\"steps\":3}")
                .answer("{\"instruction\":\"refund\",\"steps\":3}");

        Structured<Plan> s = await(StructuredCall.completeJson(model, ASK, PLAN, 2));

        assertThat(s.value()).isEqualTo(new Plan("refund", 3));
        assertThat(s.usage()).isEqualTo(new TokenUsage(300, 30, 3).attributedTo("scripted"));
        assertThat(s.attempts()).isEqualTo(3);
        ChatRequest second = model.requests.get(1);
        assertThat(second.messages()).hasSize(4);
        assertThat(second.messages().get(2)).isEqualTo(ChatMessage.assistant("I think the plan is {instruction: refund}"));
        assertThat(second.messages().get(3).role()).isEqualTo("user");
        assertThat(second.messages().get(3).content()).contains("invalid JSON");
        assertThat(second.jsonOutput()).isTrue();
        ChatRequest third = model.requests.get(2);
        assertThat(third.messages()).hasSize(6);
        assertThat(third.messages().get(5).content()).contains("missing field 'instruction'");
    }

    @Test
    void shouldFailWithMalformedAnswerAfterTheBoundCarryingTheUsage() throws Exception {
        ScriptedModel model = new ScriptedModel().answer("no json here").answer("still {nope").answer("never asked");

        LlmException e = failure(StructuredCall.completeJson(model, ASK, PLAN, 1));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED_ANSWER);
        assertThat(e.retryable()).isFalse();
        assertThat(e.usage()).isEqualTo(new TokenUsage(200, 20, 2).attributedTo("scripted"));
        assertThat(e.getMessage()).contains("scripted", "2 attempts", "still {nope");
        assertThat(model.requests).hasSize(2);
    }

    @Test
    void shouldEndTheExchangeOnATransportFailureKeepingTheUsageSoFar() throws Exception {
        ScriptedModel model = new ScriptedModel().answer("garbage")
                .fail(new LlmException(LlmException.Kind.RATE_LIMITED, "HTTP 429 from x"));

        LlmException e = failure(StructuredCall.completeJson(model, ASK, PLAN, 3));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
        assertThat(e.usage()).isEqualTo(new TokenUsage(100, 10, 1).attributedTo("scripted"));
    }

    @Test
    void shouldWorkOverHttpEndToEnd() throws Exception {
        try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer();
             LlmRuntime runtime = LlmTestSupport.runtime(java.util.Map.of(), java.time.Clock.systemUTC(), LlmMetrics.NOOP)) {
            server.start();
            server.enqueue(LlmTestSupport.ok(LlmTestSupport.completion("```\n{\"steps\":1}\n```", 7, 3)));
            server.enqueue(LlmTestSupport.ok(LlmTestSupport.completion("{\"instruction\":\"a\",\"steps\":1}", 9, 4)));
            OpenAiChatModel model = LlmTestSupport.model(runtime, "generator",
                    LlmTestSupport.endpoint(server, "sim-generator", java.time.Duration.ofSeconds(5), 0));

            Structured<Plan> s = await(StructuredCall.completeJson(model, ASK, PLAN, 1));

            assertThat(s.value()).isEqualTo(new Plan("a", 1));
            assertThat(s.usage()).isEqualTo(new TokenUsage(16, 7, 2).attributedTo("sim-generator"));
            server.takeRequest();
            JsonNode reask = new com.fasterxml.jackson.databind.ObjectMapper().readTree(server.takeRequest().getBody().utf8());
            assertThat(reask.get("messages")).hasSize(4);
            assertThat(reask.get("messages").get(3).get("content").asText()).contains("missing field 'instruction'");
        }
    }
}
