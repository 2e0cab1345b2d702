package io.apigenmt.topology.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.llm.LlmMetrics;
import io.apigenmt.topology.llm.LlmRuntime;
import io.apigenmt.topology.llm.ModelRoles;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's preflight checks the models its stages call, and those are the models the stages
 * pause on: {@link Worker#modelRoles} and each stage's {@code dependencies()} name the same ones.
 */
class WorkerModelRolesTest {

    @TempDir
    Path dir;

    @Test
    void shouldPreflightExactlyTheModelsEachStagePausesOn() throws Exception {
        // Given a model of its own for every role, and best-of-N on (rollout then also calls the first judge)
        Path file = Files.writeString(dir.resolve("roles.yaml"), """
                llm:
                  base_url: http://127.0.0.1:1/v1
                  generator: { model: g }
                  reviewers: [ { model: j1 }, { model: j2 }, { model: j3 } ]
                  summarizer: { model: s }
                  user: { model: u }
                  agent: { model: a }
                rollout:
                  best_of_n: 2
                """);
        PipelineConfig config = ConfigLoader.defaults().file(file).build();
        try (LlmRuntime runtime = LlmRuntime.create(config.llm(), LlmMetrics.NOOP, Map.<String, String>of()::get)) {
            ModelRoles roles = runtime.roles(config.llm());
            for (String stage : Worker.STAGES) {
                // When a worker runs this stage alone
                Worker worker = new Worker(config, Set.of(stage), "roles-test", false, SchemaRegistryClient.of("http://127.0.0.1:1"),
                        Domains.of(DomainRegistry.load()), roles, new MicrometerStageMetrics(new SimpleMeterRegistry()));

                // Then the models it preflights are the models it pauses on
                Set<String> preflighted = Worker.modelRoles(Set.of(stage), config).stream()
                        .map(r -> config.llm().byRole().get(r).model()).collect(Collectors.toSet());
                Set<String> pausesOn = worker.stages().get(0).dependencies().stream().map(Dependency::name)
                        .map(name -> name.substring("model '".length(), name.indexOf("' at "))).collect(Collectors.toSet());
                assertThat(pausesOn).as(stage).isEqualTo(preflighted);
                worker.close();
            }
            assertThat(Worker.modelRoles(Set.of("rollout"), config)).containsExactly("user", "agent", "reviewer-1");
            assertThat(Worker.modelRoles(Set.of("fan-out"), config)).isEmpty();
        }
    }
}
