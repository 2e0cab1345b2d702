package io.apigenmt.topology.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every setting of a worker, in one typed place. Built by {@link ConfigLoader} from the
 * built-in defaults ({@code apigen-defaults.yaml}), a config file, APIGEN_* environment
 * variables and flags. The {@code llm} section is kept as a tree and read by the LLM layer.
 */
public record PipelineConfig(
        Cluster cluster,
        Worker worker,
        Fanout fanout,
        Review review,
        Map<String, Integer> budgets,
        Rollout rollout,
        JsonNode llm) {

    public record Cluster(
            String bootstrapServers,
            String schemaRegistryUrl,
            String topicPrefix,
            int partitions,
            short replicationFactor,
            Map<String, String> kafka,
            Registry registry) {}

    public record Registry(String basicAuthUserInfoEnv, String truststorePath, String truststorePasswordEnv) {}

    public record Worker(
            String stages,
            int concurrency,
            int threads,
            long commitIntervalMs,
            String processingGuarantee,
            String stateDir,
            String metricsHost,
            int metricsPort,
            long drainIntervalMs) {

        public Path stateDirPath() {
            return stateDir == null || stateDir.isBlank()
                    ? Path.of(System.getProperty("user.home"), ".apigen", "state")
                    : Path.of(stateDir);
        }
    }

    public record Fanout(int maxTasksPerSeed, int maxPayloadBytes) {}

    public record Review(double acceptThreshold, int minVotes) {}

    public record Rollout(int trials, int maxAgentSteps, int bestOfN) {}

    /** Attempts a task of {@code domain} gets before it is dropped. */
    public int attemptBudget(String domain) {
        Integer b = budgets.get(domain);
        return b != null ? b : budgets.getOrDefault("default", 3);
    }

    public Topics topics() {
        return new Topics(cluster.topicPrefix());
    }
}
