package io.apigenmt.topology.llm;

import static io.apigenmt.topology.llm.LlmTestSupport.completion;
import static io.apigenmt.topology.llm.LlmTestSupport.failure;
import static io.apigenmt.topology.llm.LlmTestSupport.ok;
import static io.apigenmt.topology.llm.LlmTestSupport.status;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A canary key must reach the server as a bearer token and nowhere else. */
class SecretsTest {

    private static final String CANARY = "sk-canary-123";

    private MockWebServer server;
    private LlmRuntime runtime;
    private ListAppender<ILoggingEvent> logs;
    private Logger llmLogger;
    private Level previousLevel;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        runtime = LlmTestSupport.runtime(Map.of("OPENAI_API_KEY", CANARY), Clock.systemUTC(), LlmMetrics.NOOP);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs = new ListAppender<>();
        logs.setContext(context);
        logs.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
        llmLogger = context.getLogger("io.apigenmt.topology.llm");
        previousLevel = llmLogger.getLevel();
        llmLogger.setLevel(Level.TRACE); // the retry path logs at debug: make sure it is exercised
    }

    @AfterEach
    void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
        llmLogger.setLevel(previousLevel);
        runtime.close();
        server.close();
    }

    private OpenAiChatModel model(int maxRetries, Duration timeout) {
        return LlmTestSupport.model(runtime, "generator", LlmTestSupport.endpoint(server, "sim-generator", timeout, maxRetries));
    }

    private void record(Throwable t) {
        for (Throwable cur = t; cur != null; cur = cur.getCause()) {
            seen.add(String.valueOf(cur));
            seen.add(String.valueOf(cur.getMessage()));
            for (Throwable s : cur.getSuppressed()) {
                record(s);
            }
            if (cur.getCause() == cur) {
                break;
            }
        }
    }

    private void assertCanaryNowhere() {
        for (ILoggingEvent e : logs.list) {
            seen.add(e.getFormattedMessage());
            for (IThrowableProxy p = e.getThrowableProxy(); p != null; p = p.getCause()) {
                seen.add(p.getClassName() + ": " + p.getMessage());
            }
        }
        assertThat(logs.list).as("the retry path logged something").isNotEmpty();
        assertThat(seen).isNotEmpty().noneMatch(s -> s.contains(CANARY)).noneMatch(s -> s.contains("canary"));
    }

    @Test
    void shouldSendTheKeyAsBearerAndNeverShowItOnAnyPath() throws Exception {
        String echo = "{\"error\":{\"message\":\"bad key " + CANARY + " for you\"}}";
        // success
        server.enqueue(ok(completion("hello", 1, 1)));
        OpenAiChatModel model = model(1, Duration.ofSeconds(5));
        LlmTestSupport.await(model.complete(ChatRequest.json(List.of(ChatMessage.user("x")))));
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer " + CANARY);
        // 401 and 403 that echo the key
        server.enqueue(status(401, echo));
        record(failure(model.complete(ChatRequest.json(List.of(ChatMessage.user("x"))))));
        server.enqueue(status(403, echo));
        record(failure(model.complete(ChatRequest.json(List.of(ChatMessage.user("x"))))));
        // 400 and 404 that echo the key
        server.enqueue(status(400, echo));
        record(failure(model.complete(ChatRequest.json(List.of(ChatMessage.user("x"))))));
        server.enqueue(status(404, CANARY));
        record(failure(model.complete(ChatRequest.json(List.of(ChatMessage.user("x"))))));
        // 500 / 429 retried then exhausted, echoing the key
        server.enqueue(status(500, echo));
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").body(echo).build());
        record(failure(model.complete(ChatRequest.json(List.of(ChatMessage.user("x"))))));
        // garbled 200 bodies mentioning the key
        server.enqueue(ok("oops " + CANARY));
        server.enqueue(ok("{\"error\":{\"message\":\"" + CANARY + "\"}}"));
        record(failure(model.complete(ChatRequest.json(List.of(ChatMessage.user("x"))))));
        // timeouts
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).body("{}").build());
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).body("{}").build());
        record(failure(model(1, Duration.ofMillis(200)).complete(ChatRequest.json(List.of(ChatMessage.user("x"))))));
        // connection refused
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OpenAiChatModel nowhere = LlmTestSupport.model(runtime, "user", LlmTestSupport.endpoint(server, "m", Duration.ofSeconds(2), 1)
                .withBaseUrl("http://127.0.0.1:" + port + "/v1"));
        record(failure(nowhere.complete(ChatRequest.json(List.of(ChatMessage.user("x"))))));
        // a structured exchange that never yields JSON
        server.enqueue(ok(completion("no json", 1, 1)));
        server.enqueue(ok(completion("still none", 1, 1)));
        record(failure(StructuredCall.completeJson(model, ChatRequest.json(List.of(ChatMessage.user("x"))), n -> n, 1)));

        seen.add(model.toString());
        seen.add(nowhere.toString());
        seen.add(runtime.toString());
        seen.add(runtime.roles(LlmTestSupport.defaultSettings()).toString());
        seen.add(ApiKey.resolve("OPENAI_API_KEY", null, Map.of("OPENAI_API_KEY", CANARY)::get).toString());
        assertCanaryNowhere();
    }

    @Test
    void shouldReadTheKeyFromAFileAndKeepItOutOfMessages(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, CANARY + "\n");
        EndpointConfig config = LlmTestSupport.endpoint(server, "m", Duration.ofSeconds(5), 0)
                .withApiKeyEnv("UNSET_VARIABLE").withApiKeyFile(keyFile.toString());
        OpenAiChatModel model = LlmTestSupport.model(runtime, "agent", config);
        server.enqueue(status(401, "{\"error\":\"invalid key " + CANARY + "\"}"));

        LlmException e = failure(model.complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer " + CANARY);
        assertThat(e.getMessage()).contains("HTTP 401", "file " + keyFile).doesNotContain(CANARY);
        assertThat(model.toString()).doesNotContain(CANARY);
    }
}
