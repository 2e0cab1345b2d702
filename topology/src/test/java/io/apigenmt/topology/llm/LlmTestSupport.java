package io.apigenmt.topology.llm;

import io.apigenmt.topology.pipeline.ConfigLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Wiring shared by the client tests: short timeouts and backoffs so faults cost milliseconds. */
final class LlmTestSupport {

    static final LlmSettings.Backoff FAST_BACKOFF =
            new LlmSettings.Backoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5));

    private LlmTestSupport() {
    }

    static EndpointConfig endpoint(MockWebServer server, String model, Duration timeout, int maxRetries) {
        return new EndpointConfig(server.url("/v1").toString(), model, "OPENAI_API_KEY", null, null, timeout, maxRetries, 16, false);
    }

    static LlmRuntime runtime(Map<String, String> env, Clock clock, LlmMetrics metrics) {
        return new LlmRuntime(defaultSettings(), null, metrics, env::get, clock);
    }

    /** The llm section with nothing configured: every role on the local simulated server. */
    static LlmSettings defaultSettings() {
        return ConfigLoader.defaults().build().llm();
    }

    static OpenAiChatModel model(LlmRuntime runtime, String role, EndpointConfig config) {
        return runtime.model(role, config, FAST_BACKOFF, new java.util.HashMap<>());
    }

    static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse status(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static String completion(String content, int promptTokens, int completionTokens) {
        return "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":" + quote(content) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static <T> T await(CompletableFuture<T> f) throws InterruptedException, ExecutionException, TimeoutException {
        return f.get(15, TimeUnit.SECONDS);
    }

    /** The LlmException a future failed with. */
    static LlmException failure(CompletableFuture<?> f) throws InterruptedException, TimeoutException {
        try {
            f.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LlmException l) {
                return l;
            }
            throw new AssertionError("failed with a non-LlmException", e.getCause());
        }
        throw new AssertionError("expected the call to fail");
    }
}
