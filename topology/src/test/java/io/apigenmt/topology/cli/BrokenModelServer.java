package io.apigenmt.topology.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted OpenAI-compatible server whose every answer is well-formed but useless: prose where
 * JSON was asked ("I would rather not."), so tasks fail on their own answers, not on the endpoint.
 * It lists the models a run asks for, as a real server would.
 */
final class BrokenModelServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    BrokenModelServer(int port, List<String> models) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            if (path.endsWith("/models")) {
                respond(exchange, "{\"object\":\"list\",\"data\":[" + String.join(",", models.stream()
                        .map(m -> "{\"id\":\"" + m + "\",\"object\":\"model\"}").toList()) + "]}");
            } else {
                calls.incrementAndGet();
                respond(exchange, "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"I would rather not.\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":400,\"completion_tokens\":6,\"prompt_tokens_details\":{\"cached_tokens\":100}}}");
            }
        });
        server.start();
    }

    int calls() {
        return calls.get();
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
