package io.apigenmt.topology.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.health.Problem;
import io.apigenmt.topology.health.Unavailable;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client with its endpoint's health tracked, over real HTTP: a failure is the endpoint's only
 * when a probe confirms it; then calls fail fast as UNAVAILABLE until a probe answers again.
 */
class EndpointHealthTest {

    private static final Map<String, String> NO_KEY = Map.of();

    @Test
    void shouldFailAsUnavailableWhileTheServerIsGoneAndAnswerWhenItIsBack() throws Exception {
        // Given a model on sim-llm that answered once
        SimLlmServer sim = SimLlm.server(SimLlmOptions.defaults().withPort(0), DomainRegistry.load());
        sim.start();
        String url = sim.baseUrl();
        LlmSettings settings = fastSettings(url, 1);
        try (LlmRuntime runtime = LlmRuntime.create(settings, LlmMetrics.NOOP, NO_KEY::get)) {
            ChatModel generator = runtime.roles(settings).generator();
            Dependency endpoint = generator.dependency().orElseThrow();
            assertThat(LlmTestSupport.await(generator.complete(ping())).message().content()).isNotBlank();

            // When the server goes away
            sim.close();
            LlmException down = LlmTestSupport.failure(generator.complete(ping()));

            // Then the call fails as unavailable (not as the task's transport error), naming the endpoint
            assertThat(down.kind()).isEqualTo(LlmException.Kind.UNAVAILABLE);
            assertThat(Unavailable.in(down)).get().extracting(u -> u.problem().reason()).isEqualTo(Problem.Reason.UNREACHABLE);
            assertThat(down.getMessage()).contains("down: model 'sim-generator' at " + url + ": connection refused");
            assertThat(endpoint.isUp()).isFalse();
            assertThat(runtime.dependencies()).contains(endpoint);

            // And later calls fail at once, without a request
            long started = System.nanoTime();
            assertThat(LlmTestSupport.failure(generator.complete(ping())).kind()).isEqualTo(LlmException.Kind.UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));

            // When it comes back on the same port, a probe finds it and calls go through again
            sim.start();
            await().atMost(Duration.ofSeconds(15)).until(endpoint::isUp);
            assertThat(LlmTestSupport.await(generator.complete(ping())).message().content()).isNotBlank();
        } finally {
            sim.close();
        }
    }

    @Test
    void shouldBlameTheRequestWhenTheEndpointAnswersItsProbe() throws Exception {
        // Given a server that refuses tools (a 400 for that request) but answers the probe's plain call
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("m"), null)) {
            server.onChat(body -> body.has("tools")
                    ? LlmTestSupport.status(400, "{\"error\":{\"message\":\"'tools' is not supported by this model\"}}")
                    : LlmTestSupport.ok(LlmTestSupport.completion("OK", 1, 1)));
            LlmSettings settings = ConfigLoader.defaults().set("llm.base_url", server.baseUrl()).set("llm.model", "m")
                    .set("llm.max_retries", 0).build().llm();
            try (LlmRuntime runtime = LlmRuntime.create(settings, LlmMetrics.NOOP, NO_KEY::get)) {
                ChatModel agent = runtime.roles(settings).agent();

                // When a call with tools fails
                LlmException e = LlmTestSupport.failure(agent.complete(ChatRequest.withTools(
                        List.of(ChatMessage.user("hi")), List.of(new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree("{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}")))));

                // Then it is the request's failure, and nothing is marked down
                assertThat(e.kind()).isEqualTo(LlmException.Kind.CLIENT_ERROR);
                assertThat(e.endpointFault()).isTrue();
                assertThat(e.getMessage()).contains("'tools' is not supported");
                assertThat(agent.dependency().orElseThrow().isUp()).isTrue();
                assertThat(server.requests("/v1/models")).as("the probe asked").isPositive();
            }
        }
    }

    private static ChatRequest ping() {
        return new ChatRequest(List.of(ChatMessage.user("Reply with OK.")), List.of(), false, null, null);
    }

    /** Retries in milliseconds, so that an outage is suspected at once. */
    private static LlmSettings fastSettings(String baseUrl, int maxRetries) {
        return ConfigLoader.defaults().set("llm.base_url", baseUrl).set("llm.max_retries", maxRetries)
                .set("llm.backoff_initial", "10ms").set("llm.backoff_max", "20ms").set("llm.connect_timeout", "2s")
                .build().llm();
    }
}
