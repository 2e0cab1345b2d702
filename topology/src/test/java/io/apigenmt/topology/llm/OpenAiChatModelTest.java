package io.apigenmt.topology.llm;

import static io.apigenmt.topology.llm.LlmTestSupport.await;
import static io.apigenmt.topology.llm.LlmTestSupport.completion;
import static io.apigenmt.topology.llm.LlmTestSupport.endpoint;
import static io.apigenmt.topology.llm.LlmTestSupport.failure;
import static io.apigenmt.topology.llm.LlmTestSupport.ok;
import static io.apigenmt.topology.llm.LlmTestSupport.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiChatModelTest {

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

    private OpenAiChatModel model(Duration timeout, int maxRetries) {
        return LlmTestSupport.model(runtime, "agent", endpoint(server, "sim-agent", timeout, maxRetries));
    }

    private JsonNode requestJson(RecordedRequest r) throws Exception {
        return mapper.readTree(r.getBody().utf8());
    }

    @Test
    void shouldSendToolsAndParseToolCallsWithStringOrObjectArguments() throws Exception {
        server.enqueue(ok("""
                {"id":"c1","model":"sim-agent","choices":[{"index":0,"finish_reason":"tool_calls","message":{
                  "role":"assistant","content":null,"tool_calls":[
                    {"id":"call_a","type":"function","function":{"name":"get_user","arguments":"{\\"user_id\\":\\"u1\\"}"}},
                    {"type":"function","function":{"name":"get_order","arguments":{"order_id":"#W1"}}}]}}],
                 "usage":{"prompt_tokens":120,"completion_tokens":30},"system_fingerprint":"extra"}"""));
        JsonNode tool = mapper.readTree("{\"type\":\"function\",\"function\":{\"name\":\"get_user\",\"parameters\":{}}}");
        List<ChatMessage> history = List.of(ChatMessage.system("policy"), ChatMessage.user("hi"),
                ChatMessage.assistantCalls(null, List.of(new ToolCallRequest("call_0", "find", "{\"q\":1}"))),
                ChatMessage.tool("call_0", "find", "{\"found\":true}"));

        ChatResponse response = await(model(Duration.ofSeconds(5), 0)
                .complete(new ChatRequest(history, List.of(tool), false, 0.3)));

        assertThat(response.message().toolCalls()).containsExactly(
                new ToolCallRequest("call_a", "get_user", "{\"user_id\":\"u1\"}"),
                new ToolCallRequest("call_1", "get_order", "{\"order_id\":\"#W1\"}"));
        assertThat(response.message().content()).isNull();
        assertThat(response.finishReason()).isEqualTo("tool_calls");
        assertThat(response.usage()).isEqualTo(new TokenUsage(120, 30, 1));

        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("Authorization")).as("no key configured, no header").isNull();
        JsonNode body = requestJson(recorded);
        assertThat(body.get("model").asText()).isEqualTo("sim-agent");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.get("tools").get(0).get("function").get("name").asText()).isEqualTo("get_user");
        JsonNode call = body.get("messages").get(2).get("tool_calls").get(0);
        assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"q\":1}");
        assertThat(body.get("messages").get(3).get("tool_call_id").asText()).isEqualTo("call_0");
        assertThat(body.get("messages").get(3).get("role").asText()).isEqualTo("tool");
    }

    @Test
    void shouldAskForJsonObjectAndCountACallWithoutUsageAsZeroTokens() throws Exception {
        server.enqueue(ok("{\"choices\":[{\"message\":{\"content\":\"{\\\"a\\\":1}\"}}]}"));

        ChatResponse response = await(model(Duration.ofSeconds(5), 0)
                .complete(ChatRequest.json(List.of(ChatMessage.user("json please")))));

        assertThat(response.message().content()).isEqualTo("{\"a\":1}");
        assertThat(response.usage()).isEqualTo(new TokenUsage(0, 0, 1));
        assertThat(response.model()).as("model falls back to the configured one").isEqualTo("sim-agent");
        JsonNode body = requestJson(server.takeRequest(5, TimeUnit.SECONDS));
        assertThat(body.get("response_format").get("type").asText()).isEqualTo("json_object");
        assertThat(body.has("temperature")).as("no temperature configured: left to the server").isFalse();
    }

    @Test
    void shouldAppendV1ToABaseUrlWithoutPath() throws Exception {
        server.enqueue(ok(completion("hi", 1, 1)));
        EndpointConfig config = endpoint(server, "m", Duration.ofSeconds(5), 0)
                .withBaseUrl("http://" + server.getHostName() + ":" + server.getPort() + "/");

        await(LlmTestSupport.model(runtime, "user", config).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void shouldRetryRateLimitsAndServerErrorsThenSucceed() throws Exception {
        server.enqueue(status(429, "{\"error\":{\"message\":\"slow down\"}}"));
        server.enqueue(status(500, "{\"error\":{\"message\":\"boom\"}}"));
        server.enqueue(status(503, "overloaded"));
        server.enqueue(status(502, "bad gateway"));
        server.enqueue(ok(completion("done", 5, 2)));

        ChatResponse response = await(model(Duration.ofSeconds(5), 4).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(response.message().content()).isEqualTo("done");
        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void shouldFailWithTheLastKindWhenRetriesAreSpent() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(status(500, "{\"error\":{\"message\":\"engine dead\"}}"));
        }

        LlmException e = failure(model(Duration.ofSeconds(5), 2).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.SERVER_ERROR);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.getMessage()).contains("HTTP 500", "engine dead", "after 3 attempts");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void shouldHonourRetryAfterSeconds() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").body("{}").build());
        server.enqueue(ok(completion("ok", 1, 1)));
        OpenAiChatModel model = model(Duration.ofSeconds(5), 2);

        long start = System.nanoTime();
        await(model.complete(ChatRequest.json(List.of(ChatMessage.user("x")))));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        // Backoff alone would retry within 40 ms; Retry-After asks for 1 s (+ up to 10% jitter).
        assertThat(elapsedMs).isBetween(950L, 4000L);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void shouldHonourRetryAfterHttpDate() throws Exception {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        runtime.close();
        runtime = LlmTestSupport.runtime(Map.of(), Clock.fixed(now, ZoneOffset.UTC), LlmMetrics.NOOP);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(1).atOffset(ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", date).body("busy").build());
        server.enqueue(ok(completion("ok", 1, 1)));

        long start = System.nanoTime();
        await(model(Duration.ofSeconds(5), 2).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMs).isBetween(950L, 4000L);
    }

    @Test
    void shouldRetryATimeoutThenSucceed() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(4, TimeUnit.SECONDS)
                .body(completion("late", 1, 1)).build());
        server.enqueue(ok(completion("on time", 1, 1)));

        // 1 s: short enough to keep the test quick, long enough for the healthy retry on a busy machine.
        ChatResponse response = await(model(Duration.ofSeconds(1), 2).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(response.message().content()).isEqualTo("on time");
    }

    @Test
    void shouldFailWithTimeoutKindWhenEveryAttemptTimesOut() throws Exception {
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).body("{}").build());
        }

        LlmException e = failure(model(Duration.ofMillis(250), 1).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("timed out after 250 ms", "/v1/chat/completions");
    }

    @Test
    void shouldRetryGarbledAndTruncatedBodies() throws Exception {
        server.enqueue(ok("<html>502 proxy error</html>"));
        server.enqueue(ok("{\"choices\":[{\"message\":{\"content\":\"trunc"));
        server.enqueue(ok("{\"object\":\"chat.completion\"}"));
        server.enqueue(ok(completion("whole", 1, 1)));

        ChatResponse response = await(model(Duration.ofSeconds(5), 3).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(response.message().content()).isEqualTo("whole");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void shouldReportMalformedWhenTheBodyStaysGarbled() throws Exception {
        server.enqueue(ok("not json"));

        LlmException e = failure(model(Duration.ofSeconds(5), 0).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("not JSON");
    }

    @Test
    void shouldRetryAConnectionCutMidResponse() throws Exception {
        // Headers and a body length are sent, then the socket closes before the body: an I/O
        // failure while reading (TRANSPORT), not a parse failure.
        server.enqueue(new MockResponse.Builder().code(200).body(completion("cut", 1, 1))
                .onResponseBody(new mockwebserver3.SocketEffect.CloseSocket(true, false, false)).build());
        server.enqueue(ok(completion("whole", 1, 1)));

        ChatResponse response = await(model(Duration.ofSeconds(5), 2).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(response.message().content()).isEqualTo("whole");
    }

    @Test
    void shouldFailWithTransportKindWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EndpointConfig config = endpoint(server, "m", Duration.ofSeconds(2), 1).withBaseUrl("http://127.0.0.1:" + port + "/v1");

        LlmException e = failure(LlmTestSupport.model(runtime, "user", config).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.TRANSPORT);
        assertThat(e.getMessage()).contains("127.0.0.1:" + port, "after 2 attempts");
    }

    @Test
    void shouldFailFastOnBadRequestNamingStatusAndEndpoint() throws Exception {
        server.enqueue(status(400, "{\"error\":{\"message\":\"'tools' is not supported by this model\"}}"));
        server.enqueue(ok(completion("never", 1, 1)));

        LlmException e = failure(model(Duration.ofSeconds(5), 5).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.CLIENT_ERROR);
        assertThat(e.retryable()).isFalse();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("HTTP 400", server.url("/v1/chat/completions").toString(), "sim-agent",
                "'tools' is not supported");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldFailFastOnUnauthorizedPointingAtTheKeySetting() throws Exception {
        server.enqueue(status(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));

        LlmException e = failure(model(Duration.ofSeconds(5), 5).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.CLIENT_ERROR);
        assertThat(e.getMessage()).contains("HTTP 401", "/v1/chat/completions", "OPENAI_API_KEY");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldFailFastOnNotFound() throws Exception {
        server.enqueue(status(404, "{\"detail\":\"model 'sim-agent' not found\"}"));

        LlmException e = failure(model(Duration.ofSeconds(5), 5).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(e.getMessage()).contains("HTTP 404", "check the base URL and the model name", "not found");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldHoldAPermitPerAttemptAndReleaseItOnEveryOutcome() throws Exception {
        server.enqueue(status(400, "{}"));
        server.enqueue(status(500, "{}"));
        server.enqueue(ok(completion("a", 1, 1)));
        OpenAiChatModel model = model(Duration.ofSeconds(5), 1);

        failure(model.complete(ChatRequest.json(List.of(ChatMessage.user("x")))));
        await(model.complete(ChatRequest.json(List.of(ChatMessage.user("y")))));

        assertThat(model.limit().inFlight()).isZero();
        assertThat(model.limit().waiting()).isZero();
    }

    @Test
    void shouldQueueCallsBeyondTheEndpointLimitWithoutLosingAny() throws Exception {
        for (int i = 0; i < 6; i++) {
            server.enqueue(new MockResponse.Builder().code(200).headersDelay(100, TimeUnit.MILLISECONDS)
                    .body(completion("r", 1, 1)).build());
        }
        EndpointConfig config = endpoint(server, "m", Duration.ofSeconds(5), 0).withMaxConcurrency(2);
        OpenAiChatModel model = LlmTestSupport.model(runtime, "user", config);

        List<CompletableFuture<ChatResponse>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(model.complete(ChatRequest.json(List.of(ChatMessage.user("x" + i)))));
        }
        assertThat(model.limit().inFlight()).isLessThanOrEqualTo(2);
        for (CompletableFuture<ChatResponse> c : calls) {
            await(c);
        }

        assertThat(model.limit().inFlight()).isZero();
        assertThat(server.getRequestCount()).isEqualTo(6);
    }

    @Test
    void shouldReleaseThePermitWhenTheCallerCancels() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body(completion("x", 1, 1)).build());
        OpenAiChatModel model = model(Duration.ofSeconds(10), 3);

        CompletableFuture<ChatResponse> call = model.complete(ChatRequest.json(List.of(ChatMessage.user("x"))));
        server.takeRequest(5, TimeUnit.SECONDS);
        call.cancel(false);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> model.limit().inFlight() == 0);
        assertThat(server.getRequestCount()).as("a cancelled call is not retried").isEqualTo(1);
    }

    @Test
    void shouldRecordCallsTokensAndFailuresInMetrics() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        runtime.close();
        runtime = LlmTestSupport.runtime(Map.of(), Clock.systemUTC(), new MicrometerLlmMetrics(registry));
        server.enqueue(status(500, "{}"));
        server.enqueue(ok(completion("a", 11, 4)));
        server.enqueue(status(400, "{}"));
        OpenAiChatModel model = model(Duration.ofSeconds(5), 2);

        await(model.complete(ChatRequest.json(List.of(ChatMessage.user("x")))));
        failure(model.complete(ChatRequest.json(List.of(ChatMessage.user("y")))));

        assertThat(registry.get("apigen.llm.calls").tags("role", "agent", "outcome", "success").counter().count()).isEqualTo(1);
        assertThat(registry.get("apigen.llm.calls").tags("role", "agent", "outcome", "failure").counter().count()).isEqualTo(1);
        assertThat(registry.get("apigen.llm.tokens").tags("type", "prompt").counter().count()).isEqualTo(11);
        assertThat(registry.get("apigen.llm.tokens").tags("type", "completion").counter().count()).isEqualTo(4);
        assertThat(registry.get("apigen.llm.attempt.failures").tags("kind", "server_error", "retried", "true").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("apigen.llm.failures").tags("kind", "client_error").counter().count()).isEqualTo(1);
        assertThat(registry.get("apigen.llm.latency").timer().count()).isEqualTo(1);
        assertThat(registry.get("apigen.llm.concurrency.limit").gauge().value()).isEqualTo(16.0);
    }
}
