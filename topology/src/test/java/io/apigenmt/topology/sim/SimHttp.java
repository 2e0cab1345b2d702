package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A bare OpenAI-shaped HTTP client for tests: real HTTP to a running {@link SimLlmServer}. */
final class SimHttp {

    final ObjectMapper json = new ObjectMapper();
    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final int port;

    SimHttp(int port) {
        this.port = port;
    }

    ObjectNode body(String model, ChatRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode node = messages.addObject();
            node.put("role", m.role());
            node.put("content", m.content());
        }
        if (request.jsonOutput()) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    HttpResponse<String> post(JsonNode body) throws IOException, InterruptedException {
        return client.send(postRequest(body), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> postAsync(JsonNode body) {
        return client.sendAsync(postRequest(body), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The assistant message content of a successful completion. */
    String content(ChatRequest request, String model) throws IOException, InterruptedException {
        HttpResponse<String> response = post(body(model, request));
        if (response.statusCode() != 200) {
            throw new AssertionError("status " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body()).path("choices").path(0).path("message").path("content").asText();
    }

    private HttpRequest postRequest(JsonNode body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }
}
