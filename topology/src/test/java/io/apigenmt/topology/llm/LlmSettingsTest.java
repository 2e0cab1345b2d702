package io.apigenmt.topology.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigenmt.topology.pipeline.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The llm section as a config file gives it: {@link LlmSettings#SECTION} resolved with every other key. */
class LlmSettingsTest {

    @TempDir
    Path dir;

    private LlmSettings llm(String yaml) throws IOException {
        return loader(yaml).build().llm();
    }

    private ConfigLoader loader(String yaml) throws IOException {
        return ConfigLoader.defaults().file(Files.writeString(dir.resolve("apigen.yaml"), yaml));
    }

    @Test
    void shouldDefaultEveryRoleToTheLocalSimulatedServer() {
        LlmSettings s = ConfigLoader.defaults().build().llm();

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
        LlmSettings s = llm("""
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
                """);

        assertThat(s.generator()).isEqualTo(new EndpointConfig("http://gpu:8000/v1", "qwen3-32b", "VLLM_KEY", null, 1.0,
                Duration.ofSeconds(90), 2, 128, false));
        assertThat(s.reviewers()).hasSize(2);
        assertThat(s.reviewers().get(1)).isEqualTo(new EndpointConfig("http://other:9000", "judge-b", "VLLM_KEY",
                "/run/secrets/b", 0.7, Duration.ofMillis(500), 2, 128, false));
        assertThat(s.summarizer().model()).isEqualTo("sim-summarizer");
        assertThat(s.summarizer().temperature()).isEqualTo(0.7);
        assertThat(s.agent().maxConcurrency()).isEqualTo(16);
    }

    @Test
    void shouldApplyASectionWideModelToEveryRoleWithoutOne() throws Exception {
        LlmSettings s = llm("llm: { model: gpt-4o-mini, user: { model: gpt-4o } }");

        assertThat(s.generator().model()).isEqualTo("gpt-4o-mini");
        assertThat(s.reviewers()).extracting(EndpointConfig::model).containsOnly("gpt-4o-mini").hasSize(3);
        assertThat(s.user().model()).isEqualTo("gpt-4o");
    }

    @Test
    void shouldRejectUnknownKeysAndBadValuesNamingThePath() {
        assertThatThrownBy(() -> llm("llm: { generator: { base_ulr: x } }"))
                .hasMessageStartingWith("unknown setting llm.generator.base_ulr (file ");
        assertThatThrownBy(() -> llm("llm: { reviewers: [ { timeout: soon } ] }"))
                .hasMessageStartingWith("llm.reviewers[0].timeout: 'soon' is not a duration");
        assertThatThrownBy(() -> llm("llm: { max-retries: -1 }"))
                .hasMessageStartingWith("llm.max_retries: -1 is not in [0, 100] (file ");
        assertThatThrownBy(() -> llm("llm: { reviewers: [] }"))
                .hasMessageStartingWith("llm.reviewers: has 0 entries, needs at least 1");
        assertThatThrownBy(() -> llm("llm: { temperature: 3 }"))
                .hasMessageStartingWith("llm.temperature: 3.0 is not in [0.0, 2.0]");
        assertThatThrownBy(() -> llm("llm: { base-url: 'http://u:secretpw@h/v1' }"))
                .hasMessageStartingWith("llm.base_url: ").hasMessageContaining("user-info")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secretpw"));
    }

    /**
     * The section's keys are defaults of the roles: a flag or variable that sets one reaches every
     * role that does not set its own. (Before, --llm-base-url, APIGEN_LLM_CONCURRENCY and
     * worker.concurrency overwrote every role's value, the file's per-role ones included.)
     */
    @Test
    void shouldLetFlagsAndEnvironmentSetTheSectionWhileARoleKeepsWhatItSets() throws Exception {
        LlmSettings s = loader("llm: { agent: { base-url: http://a:1/v1, max-concurrency: 8 } }")
                .environment(Map.of(LlmSettings.ENV_CONCURRENCY, "32"))
                .flag("--llm-base-url", "http://sim:8000", "llm.base_url")
                .build().llm();

        assertThat(s.allRoles()).filteredOn(r -> r != s.agent()).hasSize(6).allSatisfy(r -> {
            assertThat(r.baseUrl()).isEqualTo("http://sim:8000");
            assertThat(r.maxConcurrency()).isEqualTo(32);
        });
        assertThat(s.agent().baseUrl()).isEqualTo("http://a:1/v1");
        assertThat(s.agent().maxConcurrency()).isEqualTo(8);
        assertThat(s.agent().model()).isEqualTo("sim-agent");
    }

    @Test
    void shouldBoundEveryEndpointByWorkerConcurrencyUnlessTheLlmSectionSaysOtherwise() throws Exception {
        assertThat(loader("worker: { concurrency: 40 }").build().llm().allRoles())
                .allSatisfy(r -> assertThat(r.maxConcurrency()).isEqualTo(40));

        LlmSettings s = loader("worker: { concurrency: 40 }\nllm: { max-concurrency: 12, user: { max_concurrency: 3 } }")
                .build().llm();

        assertThat(s.generator().maxConcurrency()).isEqualTo(12);
        assertThat(s.user().maxConcurrency()).isEqualTo(3);
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
    void shouldBuildRoleModelsSharingOneLimiterPerEndpointAndExportGauges() throws Exception {
        LlmSettings s = llm("""
                llm:
                  max-concurrency: 8
                  agent: { max-concurrency: 20 }
                  reviewers: [ {}, { base-url: "http://judge:8000/v1" } ]
                """);
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
