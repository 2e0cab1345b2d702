package io.apigenmt.topology.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmSettingsTest {

    private static JsonNode yaml(String text) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(text).get("llm");
    }

    @Test
    void shouldDefaultEveryRoleToTheLocalSimulatedServer() {
        LlmSettings s = LlmSettings.defaultSettings();

        assertThat(s.allRoles()).allSatisfy(r -> {
            assertThat(r.baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
            assertThat(r.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
        });
        assertThat(s.generator().model()).isEqualTo("sim-generator");
        assertThat(s.reviewers()).extracting(EndpointConfig::model).containsExactly("sim-judge-1", "sim-judge-2", "sim-judge-3");
        assertThat(s.summarizer().model()).isEqualTo("sim-summarizer");
        assertThat(s.user().model()).isEqualTo("sim-user");
        assertThat(s.agent().model()).isEqualTo("sim-agent");
    }

    @Test
    void shouldLetEachRoleOverrideOnlyWhatItSets() throws Exception {
        LlmSettings s = LlmSettings.fromTree(yaml("""
                llm:
                  base_url: http://gpu:8000/v1
                  api-key-env: VLLM_KEY
                  temperature: 0.7
                  timeout: 90s
                  maxRetries: 2
                  max-concurrency: 128
                  generator: { model: qwen3-32b, temperature: 1.0 }
                  reviewers:
                    - { model: judge-a }
                    - { model: judge-b, base-url: "http://other:9000", api-key-file: /run/secrets/b, timeout: 500ms }
                  agent: { max-concurrency: 16 }
                """));

        assertThat(s.generator()).isEqualTo(new EndpointConfig("http://gpu:8000/v1", "qwen3-32b", "VLLM_KEY", null, 1.0,
                Duration.ofSeconds(90), 2, 128));
        assertThat(s.reviewers()).hasSize(2);
        assertThat(s.reviewers().get(1)).isEqualTo(new EndpointConfig("http://other:9000", "judge-b", "VLLM_KEY",
                "/run/secrets/b", 0.7, Duration.ofMillis(500), 2, 128));
        assertThat(s.summarizer().model()).isEqualTo("sim-summarizer");
        assertThat(s.summarizer().temperature()).isEqualTo(0.7);
        assertThat(s.agent().maxConcurrency()).isEqualTo(16);
    }

    @Test
    void shouldApplyASectionWideModelToEveryRoleWithoutOne() throws Exception {
        LlmSettings s = LlmSettings.fromTree(yaml("llm: { model: gpt-4o-mini, user: { model: gpt-4o } }"));

        assertThat(s.generator().model()).isEqualTo("gpt-4o-mini");
        assertThat(s.reviewers()).extracting(EndpointConfig::model).containsOnly("gpt-4o-mini").hasSize(3);
        assertThat(s.user().model()).isEqualTo("gpt-4o");
    }

    @Test
    void shouldRejectUnknownKeysAndBadValuesNamingThePath() throws Exception {
        assertThatThrownBy(() -> LlmSettings.fromTree(yaml("llm: { generator: { base_ulr: x } }")))
                .hasMessageContaining("llm.generator.base_ulr");
        assertThatThrownBy(() -> LlmSettings.fromTree(yaml("llm: { reviewers: [ { timeout: soon } ] }")))
                .hasMessageContaining("llm.reviewers[0].timeout");
        assertThatThrownBy(() -> LlmSettings.fromTree(yaml("llm: { max-retries: -1 }")))
                .hasMessageContaining("llm").hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> LlmSettings.fromTree(yaml("llm: { reviewers: [] }")))
                .hasMessageContaining("reviewers");
        assertThatThrownBy(() -> LlmSettings.fromTree(yaml("llm: { base-url: 'http://u:secretpw@h/v1' }")))
                .hasMessageContaining("user-info").satisfies(e -> assertThat(e.getMessage()).doesNotContain("secretpw"));
    }

    @Test
    void shouldLetFlagsAndEnvironmentOverrideEveryRole() throws Exception {
        LlmSettings s = LlmSettings.fromTree(yaml("llm: { agent: { base-url: http://a:1/v1 } }"))
                .withEnvironment(Map.of(LlmSettings.ENV_CONCURRENCY, "32")::get)
                .withOverrides("http://sim:8000", null, null);

        assertThat(s.allRoles()).allSatisfy(r -> {
            assertThat(r.baseUrl()).isEqualTo("http://sim:8000");
            assertThat(r.maxConcurrency()).isEqualTo(32);
        });
        assertThat(s.agent().model()).isEqualTo("sim-agent");
    }

    @Test
    void shouldNormalizeBaseUrls() {
        assertThat(Endpoints.chatCompletionsUrl("http://h:8000").toString()).isEqualTo("http://h:8000/v1/chat/completions");
        assertThat(Endpoints.chatCompletionsUrl("http://h:8000/v1/").toString()).isEqualTo("http://h:8000/v1/chat/completions");
        assertThat(Endpoints.chatCompletionsUrl("https://openrouter.ai/api/v1").toString())
                .isEqualTo("https://openrouter.ai/api/v1/chat/completions");
        assertThat(Endpoints.chatCompletionsUrl("http://h/v1/chat/completions").toString())
                .isEqualTo("http://h/v1/chat/completions");
        assertThat(Endpoints.key("http://h:8000/")).isEqualTo(Endpoints.key("http://h:8000/v1"));
        assertThat(Endpoints.key("http://h:8000/v1?api-version=1")).isEqualTo("http://h:8000/v1");
    }

    @Test
    void shouldParseDurations() {
        assertThat(LlmSettings.parseDuration("500ms", "t")).isEqualTo(Duration.ofMillis(500));
        assertThat(LlmSettings.parseDuration("1.5s", "t")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LlmSettings.parseDuration("2m", "t")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LlmSettings.parseDuration("PT30S", "t")).isEqualTo(Duration.ofSeconds(30));
        assertThat(LlmSettings.parseDuration("45", "t")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void shouldBuildRoleModelsSharingOneLimiterPerEndpointAndExportGauges() throws Exception {
        LlmSettings s = LlmSettings.fromTree(yaml("""
                llm:
                  max-concurrency: 8
                  agent: { max-concurrency: 20 }
                  reviewers: [ {}, { base-url: "http://judge:8000/v1" } ]
                """));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LlmRuntime runtime = new LlmRuntime(s, null, new MicrometerLlmMetrics(registry), Map.<String, String>of()::get,
                Clock.systemUTC())) {
            ModelRoles roles = runtime.roles(s);

            assertThat(roles.reviewers()).hasSize(2);
            assertThat(roles.modelNames()).containsEntry("reviewer-2", "sim-judge-2").containsEntry("agent", "sim-agent");
            OpenAiChatModel generator = (OpenAiChatModel) roles.generator();
            OpenAiChatModel agent = (OpenAiChatModel) roles.agent();
            assertThat(generator.limit()).isSameAs(agent.limit());
            assertThat(generator.limit().maxLimit()).as("largest bound among the roles sharing it").isEqualTo(20);
            assertThat(((OpenAiChatModel) roles.reviewers().get(1)).limit()).isNotSameAs(generator.limit());
            assertThat(runtime.roles(s).user()).extracting(m -> ((OpenAiChatModel) m).limit()).isSameAs(generator.limit());
            assertThat(registry.get("apigen.llm.concurrency.limit").tag("endpoint", "http://127.0.0.1:8000/v1").gauge().value())
                    .isEqualTo(20.0);
            assertThat(registry.get("apigen.llm.in.flight").tag("endpoint", "http://judge:8000/v1").gauge().value()).isZero();
        }
    }
}
