package io.apigenmt.topology.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A scripted OpenAI-compatible server over real HTTP: {@code GET /v1/models} lists the models it
 * is given, {@code POST /v1/chat/completions} answers a listed model (404 for another) through a
 * replaceable handler, and a key, when required, is checked as a bearer token (401 otherwise,
 * the way OpenAI answers: quoting the key it refused). Counts requests per path.
 */
public final class ScriptedEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final List<String> models;
    private final String requiredKey;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile Function<JsonNode, MockResponse> chat = body -> LlmTestSupport.ok(LlmTestSupport.completion("OK", 5, 1));

    /** @param requiredKey the only bearer token accepted; null: no key needed */
    public ScriptedEndpoint(List<String> models, String requiredKey) {
        this.models = List.copyOf(models);
        this.requiredKey = requiredKey;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** e.g. http://127.0.0.1:4711/v1 */
    public String baseUrl() {
        return server.url("/v1").toString();
    }

    /** How the chat endpoint answers a listed model (default: a completion saying OK). */
    public void onChat(Function<JsonNode, MockResponse> handler) {
        this.chat = handler;
    }

    public int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    /** A JSON response with this status. */
    public static MockResponse json(int status, String body) {
        return LlmTestSupport.status(status, body);
    }

    /** A chat completion whose message says {@code content}. */
    public static MockResponse completion(String content) {
        return LlmTestSupport.ok(LlmTestSupport.completion(content, 5, 1));
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String auth = request.getHeaders().get("Authorization");
        if (requiredKey != null && !("Bearer " + requiredKey).equals(auth)) {
            String given = auth == null ? "none" : auth.replace("Bearer ", "");
            return LlmTestSupport.status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + given + "\"}}");
        }
        if (path.equals("/v1/models")) {
            StringBuilder data = new StringBuilder();
            for (String m : models) {
                data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"").append(m).append("\",\"object\":\"model\"}");
            }
            return LlmTestSupport.ok("{\"object\":\"list\",\"data\":[" + data + "]}");
        }
        if (path.equals("/v1/chat/completions")) {
            JsonNode body;
            try {
                body = JSON.readTree(request.getBody().utf8());
            } catch (IOException e) {
                return LlmTestSupport.status(400, "{\"error\":{\"message\":\"not JSON\"}}");
            }
            String model = body.path("model").asText();
            if (!models.contains(model)) {
                return LlmTestSupport.status(404, "{\"error\":{\"message\":\"The model `" + model + "` does not exist.\"}}");
            }
            return chat.apply(body);
        }
        return LlmTestSupport.status(404, "{\"error\":{\"message\":\"no such path\"}}");
    }

    @Override
    public void close() {
        server.close();
    }
}
