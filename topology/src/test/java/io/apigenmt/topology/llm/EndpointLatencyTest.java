package io.apigenmt.topology.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The adaptive limit judges an endpoint by the endpoint's own latency, over real HTTP: a scripted
 * chat-completions server whose answer time depends on how many requests it holds, and the
 * production client ({@link OpenAiChatModel} on {@link LlmHttpClients}), driven by closed-loop
 * callers (each sends its next call when the previous one answers).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EndpointLatencyTest {

    private static final int MAX = 32;
    private static final int BASE_MS = 100;
    private static final ChatRequest REQUEST = new ChatRequest(List.of(ChatMessage.user("hello")), List.of(), false, null);

    private HttpServer server;
    private final ScheduledExecutorService responder = Executors.newScheduledThreadPool(2);
    private final AtomicInteger held = new AtomicInteger();
    private LlmRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (server != null) {
            server.stop(0);
        }
        responder.shutdownNow();
    }

    @Test
    void shouldShrinkTheLimitWhenTheServersLatencyDoublesUnderLoad() throws Exception {
        // Given a server that answers in 100 ms while it holds at most 8 requests, and in 200 ms beyond
        startServer(inFlight -> inFlight <= 8 ? BASE_MS : 2 * BASE_MS);
        OpenAiChatModel model = model(null);
        AdaptiveLimit limit = model.limit();
        drive(model, 4, Duration.ofSeconds(2)); // light load: the baseline is the server's 100 ms
        assertThat(limit.limit()).isEqualTo(MAX);

        // When the callers outnumber what the server handles at full speed
        int lowest = drive(model, MAX, Duration.ofSeconds(4));

        // Then the limit backs off
        assertThat(limit.latencyDecreases()).as("decreases for latency").isPositive();
        assertThat(lowest).as("lowest limit under load").isLessThanOrEqualTo(MAX * 4 / 5);
        assertThat(limit.overloadDecreases()).isZero();
    }

    @Test
    void shouldHoldTheLimitWhenOnlyTheClientIsSlow() throws Exception {
        // Given a server that always answers in 100 ms, and a client that becomes slow around every call:
        // before the request goes out (no dispatcher thread, no CPU) and after the answer arrived
        // (decoding, callbacks) - together three times the server's time
        startServer(inFlight -> BASE_MS);
        AtomicLong clientDelayMs = new AtomicLong();
        Interceptor slowClient = chain -> {
            pause(clientDelayMs.get());
            Response response = chain.proceed(chain.request());
            pause(clientDelayMs.get() * 2);
            return response;
        };
        OpenAiChatModel model = model(slowClient);
        AdaptiveLimit limit = model.limit();
        drive(model, MAX, Duration.ofSeconds(2));
        assertThat(limit.limit()).isEqualTo(MAX);

        // When the client adds 300 ms to every call
        clientDelayMs.set(BASE_MS);
        int lowest = drive(model, MAX, Duration.ofSeconds(4));

        // Then the limit holds: the server is as fast as before
        assertThat(lowest).as("lowest limit").isEqualTo(MAX);
        assertThat(limit.latencyDecreases()).isZero();
    }

    /** Closed-loop callers for a while; returns the lowest limit seen meanwhile. */
    private static int drive(OpenAiChatModel model, int callers, Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(callers);
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < callers; i++) {
            call(model, end, done, failures);
        }
        int lowest = model.limit().limit();
        while (!done.await(20, TimeUnit.MILLISECONDS)) {
            lowest = Math.min(lowest, model.limit().limit());
        }
        assertThat(failures.get()).as("failed calls").isZero();
        return lowest;
    }

    private static void call(OpenAiChatModel model, long end, CountDownLatch done, AtomicInteger failures) {
        model.complete(REQUEST).whenComplete((answer, error) -> {
            if (error != null) {
                failures.incrementAndGet();
            }
            if (System.nanoTime() < end) {
                call(model, end, done, failures);
            } else {
                done.countDown();
            }
        });
    }

    private OpenAiChatModel model(Interceptor clientSide) {
        OkHttpClient shared = LlmHttpClients.create(Duration.ofSeconds(5));
        if (clientSide != null) {
            shared = shared.newBuilder().addNetworkInterceptor(clientSide).build();
        }
        runtime = new LlmRuntime(LlmTestSupport.defaultSettings(), shared, null, Map.<String, String>of()::get, Clock.systemUTC());
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        EndpointConfig config = new EndpointConfig(base, "m", null, null, null, Duration.ofSeconds(30), 0, MAX, false);
        return LlmTestSupport.model(runtime, "agent", config);
    }

    /** A chat-completions endpoint that answers after {@code latencyMs(requests it holds, this one included)}. */
    private void startServer(IntUnaryOperator latencyMs) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(2));
        byte[] answer = LlmTestSupport.completion("hi", 5, 1).getBytes(StandardCharsets.UTF_8);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int inFlight = held.incrementAndGet();
            responder.schedule(() -> answer(exchange, answer), latencyMs.applyAsInt(inFlight), TimeUnit.MILLISECONDS);
        });
        server.start();
    }

    private void answer(HttpExchange exchange, byte[] body) {
        held.decrementAndGet();
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long ms) throws IOException {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }
}
