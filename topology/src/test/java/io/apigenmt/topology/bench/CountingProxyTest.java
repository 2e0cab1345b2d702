package io.apigenmt.topology.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.apigenmt.topology.llm.LlmHttpClients;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The counting relay over real sockets, between OkHttp (the client the workers use) and a
 * scripted JDK HTTP server that holds requests until the test lets them go.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CountingProxyTest {

    private static final MediaType BYTES = MediaType.get("application/octet-stream");

    private HttpServer server;
    private CountingProxy proxy;
    private final CountDownLatch release = new CountDownLatch(1);
    private final OkHttpClient http = LlmHttpClients.create(Duration.ofSeconds(5));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(Executors.newCachedThreadPool());
        // /hold waits for the test; /echo answers with the request body; /close answers and closes the connection.
        server.createContext("/v1/hold", exchange -> {
            hold(release);
            answer(exchange, "held".getBytes(StandardCharsets.UTF_8), false);
        });
        server.createContext("/v1/echo", exchange -> answer(exchange, exchange.getRequestBody().readAllBytes(), false));
        server.createContext("/v1/close", exchange -> answer(exchange, exchange.getRequestBody().readAllBytes(), true));
        server.start();
        proxy = CountingProxy.start("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    @AfterEach
    void stop() {
        release.countDown();
        proxy.close();
        server.stop(0);
        LlmHttpClients.shutdown(http);
    }

    @Test
    void shouldCountRequestsWhileTheServerHoldsThemAndNotAfterItAnswers() throws Exception {
        // Given eight calls the server holds
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(send("/hold", new byte[] {1}));
        }

        // When all of them are at the server
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.read().inFlight() == 8);
        InFlightReading held = proxy.read();
        Thread.sleep(300);
        InFlightReading later = proxy.read();

        // Then the relay counts eight in flight, all the time
        assertThat(later.meanSince(held)).isCloseTo(8.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(later.started()).isEqualTo(8);

        // And once the server answers, none
        release.countDown();
        for (CompletableFuture<String> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.read().inFlight() == 0);
        assertThat(proxy.maxInFlight()).isEqualTo(8);
        InFlightReading done = proxy.read();
        Thread.sleep(100);
        assertThat(proxy.read().meanSince(done)).isZero();
    }

    @Test
    void shouldPassLargeBodiesUnchangedBothWaysAndReuseTheConnection() throws Exception {
        // Given bodies far larger than the relay's buffers
        Random random = new Random(7);
        for (int i = 0; i < 3; i++) {
            byte[] body = new byte[300_000 + i];
            random.nextBytes(body);

            // When they go to the server and back, one after another
            String echoed = send("/echo", body).get(10, TimeUnit.SECONDS);

            // Then every byte arrives as sent
            assertThat(echoed.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(body);
        }
        // And they were three requests on one kept-alive connection
        assertThat(proxy.read().started()).isEqualTo(3);
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
        assertThat(proxy.read().inFlight()).isZero();
    }

    @Test
    void shouldDeliverTheWholeAnswerOfAServerThatClosesAfterIt() throws Exception {
        byte[] body = new byte[100_000];
        Arrays.fill(body, (byte) 'x');

        String answer = send("/close", body).get(10, TimeUnit.SECONDS);

        assertThat(answer).hasSize(body.length);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.read().inFlight() == 0);
    }

    @Test
    void shouldStopCountingARequestWhoseClientHangsUp() throws Exception {
        // Given a request the server holds, from a client that then goes away
        URI base = URI.create(proxy.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/hold HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.read().inFlight() == 1);
        }

        // Then it no longer counts
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.read().inFlight() == 0);
        assertThat(proxy.read().started()).isEqualTo(1);
    }

    @Test
    void shouldStartEachCountAfreshOnReset() throws Exception {
        send("/echo", new byte[] {1, 2, 3}).get(10, TimeUnit.SECONDS);
        assertThat(proxy.read().started()).isEqualTo(1);

        proxy.reset();

        assertThat(proxy.read().started()).isZero();
        assertThat(proxy.read().requestSeconds()).isZero();
        assertThat(proxy.cpuNanos()).isNotZero();
    }

    @Test
    void shouldRefuseServersItCannotRelay() {
        assertThatThrownBy(() -> CountingProxy.start("https://api.example.com/v1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain http");
    }

    private CompletableFuture<String> send(String path, byte[] body) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Request request = new Request.Builder().url(proxy.baseUrl() + path).post(RequestBody.create(body, BYTES)).build();
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    result.complete(new String(response.body().bytes(), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    private static void answer(HttpExchange exchange, byte[] body, boolean close) throws IOException {
        if (close) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
