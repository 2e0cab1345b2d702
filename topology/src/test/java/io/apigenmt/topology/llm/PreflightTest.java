package io.apigenmt.topology.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every message preflight gives, over real HTTP to a scripted server, sim-llm, or nothing. */
class PreflightTest {

    private static final Map<String, String> NO_KEY = Map.of();

    @TempDir
    Path dir;

    @Test
    void shouldSayConnectionRefusedWhenNothingListens() throws Exception {
        // Given every role on a port nothing listens on
        String url = "http://127.0.0.1:" + closedPort() + "/v1";

        // When preflight runs
        Preflight.Result result = Preflight.run(settings(url, null), NO_KEY::get);

        // Then one line, for every role at once
        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).containsExactly("every role at " + url + ": connection refused");
    }

    @Test
    void shouldSayTheKeyWasRefusedWithoutShowingIt() throws Exception {
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("m"), "sk-right")) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-canary-wrong-4711");

            Preflight.Result result = Preflight.run(settings(server.baseUrl(), "m"), env::get);

            assertThat(result.problems()).containsExactly("every role at " + server.baseUrl()
                    + ": 401 invalid API key (the key from env OPENAI_API_KEY)");
            assertThat(String.join("\n", result.problems())).doesNotContain("sk-canary");
        }
    }

    @Test
    void shouldSayHowToGiveAKeyWhenNoneIsConfigured() throws Exception {
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("m"), "sk-right")) {
            Preflight.Result result = Preflight.run(settings(server.baseUrl(), "m"), NO_KEY::get);

            assertThat(result.problems()).containsExactly("every role at " + server.baseUrl()
                    + ": 401 invalid API key (no API key is configured: set the environment variable OPENAI_API_KEY)");
        }
    }

    @Test
    void shouldNameAModelTheServerDoesNotServeAndWhatItServes() throws Exception {
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("a", "b"), null)) {
            Preflight.Result result = Preflight.run(settings(server.baseUrl(), "x"), NO_KEY::get);

            assertThat(result.problems()).containsExactly("every role at " + server.baseUrl()
                    + ": model 'x' not served; served: a, b");
        }
    }

    @Test
    void shouldAskForAModelWhenSeveralAreServedAndNoneIsConfigured() throws Exception {
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("a", "b"), null)) {
            Preflight.Result result = Preflight.run(settings(server.baseUrl(), null), NO_KEY::get);

            assertThat(result.problems()).containsExactly("every role at " + server.baseUrl()
                    + ": no model configured; served: a, b; set --model or llm.model");
            assertThat(server.requests("/v1/chat/completions")).as("no test call for a model nobody chose").isZero();
        }
    }

    @Test
    void shouldUseTheOneServedModelForEveryRoleAndSaySo() throws Exception {
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("qwen3-32b"), null)) {
            Preflight.Result result = Preflight.run(settings(server.baseUrl(), null), NO_KEY::get);

            assertThat(result.passed()).as(String.valueOf(result.problems())).isTrue();
            assertThat(result.settings().byRole().values()).extracting(EndpointConfig::model).containsOnly("qwen3-32b");
            assertThat(result.notes()).containsExactly("no model configured: using 'qwen3-32b', the one model "
                    + server.baseUrl() + " serves, for every role");
        }
    }

    @Test
    void shouldCheckAnEndpointSharedByEveryRoleOnceAndEachModelOnce() throws Exception {
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("m", "judge"), null)) {
            LlmSettings settings = twoJudges(server.baseUrl());

            Preflight.Result result = Preflight.run(settings, NO_KEY::get);

            assertThat(result.passed()).as(String.valueOf(result.problems())).isTrue();
            assertThat(server.requests("/v1/models")).isEqualTo(1);
            assertThat(server.requests("/v1/chat/completions")).as("one test call per model").isEqualTo(2);
        }
    }

    @Test
    void shouldNameTheRolesOfAModelThatFailsItsTestCall() throws Exception {
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("m", "judge"), null)) {
            server.onChat(body -> body.path("model").asText().equals("judge")
                    ? LlmTestSupport.status(503, "{\"error\":{\"message\":\"model is loading\"}}")
                    : LlmTestSupport.ok(LlmTestSupport.completion("OK", 1, 1)));
            LlmSettings settings = twoJudges(server.baseUrl());

            Preflight.Result result = Preflight.run(settings, NO_KEY::get);

            assertThat(result.problems()).containsExactly("reviewer-1, reviewer-2 at " + server.baseUrl()
                    + ": model 'judge' answered a test call with HTTP 503: model is loading");
        }
    }

    @Test
    void shouldTellRolesWithoutAModelApartWhenOthersHaveOne() throws Exception {
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("a", "b"), null)) {
            LlmSettings settings = ConfigLoader.defaults().set("llm.base_url", server.baseUrl())
                    .set("llm.generator.model", "a").build().llm();

            Preflight.Result result = Preflight.run(settings, NO_KEY::get);

            assertThat(result.problems()).containsExactly("reviewer-1, reviewer-2, reviewer-3, summarizer, user, agent at "
                    + server.baseUrl() + ": no model configured; served: a, b; set llm.model or the role's own model");
        }
    }

    @Test
    void shouldPassTheSimulatorKeepingItsRoleNames() throws Exception {
        SimLlmServer sim = SimLlm.server(SimLlmOptions.defaults().withPort(0), DomainRegistry.load());
        sim.start();
        try {
            LlmSettings settings = settings(sim.baseUrl(), null);

            Preflight.Result result = Preflight.run(settings, NO_KEY::get);

            assertThat(result.passed()).as(String.valueOf(result.problems())).isTrue();
            assertThat(result.notes()).isEmpty();
            assertThat(result.settings().byRole()).containsEntry("generator", settings.generator())
                    .extractingByKey("reviewer-2").extracting(EndpointConfig::model).isEqualTo("sim-judge-2");
        } finally {
            sim.close();
        }
    }

    /** Every role on model m but a committee of two judges on model judge, from a --config file. */
    private LlmSettings twoJudges(String baseUrl) throws IOException {
        Path file = dir.resolve("two-judges.yaml");
        Files.writeString(file, """
                llm:
                  model: m
                  reviewers:
                    - { model: judge }
                    - { model: judge }
                """);
        return ConfigLoader.defaults().file(file).set("llm.base_url", baseUrl).build().llm();
    }

    private static LlmSettings settings(String baseUrl, String model) {
        return ConfigLoader.defaults().set("llm.base_url", baseUrl).set("llm.model", model).build().llm();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
