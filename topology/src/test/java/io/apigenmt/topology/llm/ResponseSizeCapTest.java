package io.apigenmt.topology.llm;

import static io.apigenmt.topology.llm.LlmTestSupport.await;
import static io.apigenmt.topology.llm.LlmTestSupport.completion;
import static io.apigenmt.topology.llm.LlmTestSupport.endpoint;
import static io.apigenmt.topology.llm.LlmTestSupport.failure;
import static io.apigenmt.topology.llm.LlmTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Model output is untrusted, and that includes its size: a body over
 * {@link OpenAiChatModel#MAX_RESPONSE_BYTES} fails as MALFORMED (retried like any garbled 2xx)
 * whether or not it declares its length, and a body just under the cap still parses.
 */
class ResponseSizeCapTest {

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
        return LlmTestSupport.model(runtime, "generator", endpoint(server, "sim-generator", Duration.ofSeconds(10), maxRetries));
    }

    /** A well-formed completion whose content makes the whole body about {@code bytes} long. */
    private static String completionOf(int bytes) {
        return completion("a".repeat(bytes - completion("", 1, 1).length()), 1, 1);
    }

    @Test
    void shouldFailAOneMegabyteAnswerWithADeclaredLengthAsMalformed() throws Exception {
        String huge = completionOf(1024 * 1024);
        server.enqueue(ok(huge));
        server.enqueue(ok(huge));

        LlmException e = failure(model(1).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("larger than the " + OpenAiChatModel.MAX_RESPONSE_BYTES + "-byte limit")
                .contains("after 2 attempts").hasSizeLessThan(400);
        assertThat(server.getRequestCount()).as("retried once like any garbled 2xx").isEqualTo(2);
    }

    @Test
    void shouldStopReadingAChunkedBodyWithoutALengthAtTheCap() throws Exception {
        Buffer chunked = new Buffer().writeUtf8(completionOf(1024 * 1024));
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .chunkedBody(chunked, 16 * 1024).build());

        LlmException e = failure(model(0).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED);
        assertThat(e.getMessage()).contains("-byte limit").contains("HTTP 200");
    }

    @Test
    void shouldStillParseABodyJustUnderTheCap() throws Exception {
        int size = (int) OpenAiChatModel.MAX_RESPONSE_BYTES - 16;
        server.enqueue(ok(completionOf(size)));

        ChatResponse r = await(model(0).complete(ChatRequest.json(List.of(ChatMessage.user("x")))));

        assertThat(r.message().content()).hasSizeGreaterThan(size - 400);
    }
}
