package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.dataset.DatasetExport;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.pipeline.ClusterConnection;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.reliability.Harness;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import io.apigenmt.topology.sim.TestDomains;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters back to the stage that failed them, as a user does it on their own cluster: a run
 * against a model that answers nothing usable dead-letters every task; the model is replaced on the
 * same address; {@code apigen redrive --dry-run} shows what would go, {@code apigen redrive} sends
 * it; a worker finishes it: the dead letters become trajectories, each task counted once in the
 * books and written once by export; and a second redrive sends nothing.
 */
class RedriveEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SIM_MODELS = List.of("sim-generator", "sim-judge-1", "sim-judge-2", "sim-judge-3",
            "sim-summarizer", "sim-user", "sim-agent");
    private static final int TASKS = 3;

    private static EmbeddedPlatform cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTheUsersCluster() {
        cluster = EmbeddedPlatform.ephemeral();
    }

    @AfterAll
    static void stopTheUsersCluster() {
        cluster.close();
    }

    /** The user's config file: their cluster under {@code prefix}, every role on the model at {@code port}. */
    static Path config(Path dir, String prefix, int port, String more) throws IOException {
        return Files.writeString(dir.resolve(prefix + "yaml"), """
                cluster:
                  bootstrap_servers: %s
                  schema_registry_url: %s
                  topic_prefix: %s
                  partitions: 2
                worker:
                  threads: 1
                  state_dir: %s
                llm:
                  base_url: http://127.0.0.1:%d/v1
                  max_retries: 0
                %s""".formatted(cluster.bootstrapServers(), cluster.registryUrl(), prefix, dir.resolve(prefix + "state"),
                port, more));
    }

    static ConfigShowCommandTest.Outcome apigen(String... args) {
        return ConfigShowCommandTest.execute(Map.of(), args);
    }

    static JsonNode report(Path config) throws IOException {
        ConfigShowCommandTest.Outcome r = apigen("report", "--config", config.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return r.json();
    }

    /** A worker of every stage on the cluster until the run's seeds have nothing in flight; the books then. */
    static Ledger work(Path config, Set<String> seeds) throws Exception {
        StringWriter log = new StringWriter();
        try (PipelineSession session = new PipelineSession(ConfigLoader.defaults().file(config), SimLlmOptions.defaults(),
                config.getParent(), TestDomains.registry(), new PrintWriter(log), true, Map.of(), List.of())) {
            return session.await(seeds, Duration.ofSeconds(180), l -> { });
        }
    }

    static Set<String> seeds(JsonNode runReport) {
        Set<String> seeds = new HashSet<>();
        runReport.path("seeds").forEach(s -> seeds.add(s.asText()));
        return seeds;
    }

    @Test
    @Timeout(420)
    void shouldTurnDeadLettersIntoTrajectoriesCountedAndWrittenOnceOnceTheModelIsFixed() throws Exception {
        int port = Harness.freePort();
        Path config = config(dir, "redrive.", port, "");
        JsonNode first;
        // Given a run against a model that answers prose where JSON is asked: every generation fails
        try (BrokenModelServer broken = new BrokenModelServer(port, SIM_MODELS)) {
            ConfigShowCommandTest.Outcome run = apigen("run", "--config", config.toString(), "--domains", "retail",
                    "--tasks", String.valueOf(TASKS), "--out", dir.resolve("first").toString(), "--timeout", "180");
            // (exit 1 once run reports a run in which nothing verified as a failure)
            assertThat(run.exit()).as(run.err()).isIn(0, 1);
            first = JSON.readTree(dir.resolve("first/report.json").toFile());
            // three asks per task, and preflight's one tiny call per model (it takes any answer)
            assertThat(broken.calls()).isEqualTo(TASKS * 3 + SIM_MODELS.size());
        }
        assertThat(first.path("dead_letters_by_reason").toString()).isEqualTo("{\"generation_failed\":" + TASKS + "}");
        assertThat(first.at("/cost/by_stage/generate/tokens/cached_prompt_tokens").asLong()).isEqualTo(TASKS * 3 * 100);

        try (SimLlmServer fixed = SimLlm.server(SimLlmOptions.defaults().withPort(port), TestDomains.registry())) {
            // When the model is fixed on the same address
            fixed.start();

            // Then a dry run lists every dead letter it would send, to generate's topic, and sends nothing
            ConfigShowCommandTest.Outcome dry = apigen("redrive", "--config", config.toString(), "--dry-run");
            assertThat(dry.exit()).as(dry.err()).isZero();
            List<String> lines = dry.out().lines().toList();
            assertThat(lines).filteredOn(l -> l.startsWith("send ")).hasSize(TASKS).allSatisfy(l -> assertThat(l)
                    .matches("send run-\\d+-retail-\\d \\(generation_failed at generate, attempt 1\\) -> redrive\\.tasks "
                            + "as TaskRequest, redrive 1, attempt budget counted from attempt 0"));
            assertThat(lines.get(lines.size() - 1)).isEqualTo("would redrive 3 of 3 dead letters; nothing sent (--dry-run)");
            assertThat(report(config).path("dead_lettered").asLong()).isEqualTo(TASKS);

            // When the dead letters are redriven and a worker takes them
            ConfigShowCommandTest.Outcome redrive = apigen("redrive", "--config", config.toString(),
                    "--reason", "generation_failed", "--stage", "generate");
            assertThat(redrive.exit()).as(redrive.err()).isZero();
            assertThat(redrive.out()).endsWith("redrove 3 of 3 dead letters" + System.lineSeparator());
            Ledger books = work(config, seeds(first));

            // Then every task ended again, each counted once; most verified now
            JsonNode after = report(config);
            assertThat(after.path("requested").asLong()).isEqualTo(TASKS);
            assertThat(after.path("verified").asLong() + after.path("dead_lettered").asLong()).as(after.toString())
                    .isEqualTo(TASKS);
            assertThat(after.path("in_flight").asLong()).isZero();
            assertThat(after.path("redriven").asLong()).isEqualTo(TASKS);
            assertThat(after.path("verified").asLong()).as(after.toString()).isPositive();
            assertThat(after.path("dead_letters_by_reason").path("generation_failed").asLong())
                    .as("superseded by the redriven runs").isZero();
            assertThat(books.verified()).isEqualTo(after.path("verified").asLong());
            // the first run's failed calls stay on the books: cached tokens of the broken model included
            assertThat(after.at("/cost/by_model/sim-generator/tokens/cached_prompt_tokens").asLong())
                    .isGreaterThanOrEqualTo(TASKS * 3 * 100);

            // export writes each verified task once; the dead letters file holds only tasks that ended dead
            Path out = dir.resolve("export");
            ConfigShowCommandTest.Outcome export = apigen("export", "--config", config.toString(), "--format", "openai",
                    "--out", out.resolve("openai.jsonl").toString());
            assertThat(export.exit()).as(export.err()).isZero();
            List<String> ids = Files.readAllLines(out.resolve("openai.jsonl")).stream()
                    .map(line -> read(line).path("task_id").asText()).toList();
            assertThat(ids).hasSize((int) after.path("verified").asLong()).doesNotHaveDuplicates();
            ClusterConnection connection = ClusterConnection.of(ConfigLoader.defaults().file(config).build(), k -> null);
            long dead = new DatasetExport(connection, ConfigLoader.defaults().file(config).build().topics())
                    .deadLetters(out.resolve("dead-letters.jsonl"), seeds(first)::contains);
            assertThat(dead).isEqualTo(after.path("dead_lettered").asLong());
            Set<String> deadIds = Files.readAllLines(out.resolve("dead-letters.jsonl")).stream()
                    .map(line -> read(line).path("id").asText()).collect(Collectors.toSet());
            assertThat(deadIds).doesNotContainAnyElementsOf(ids);

            // And a second redrive of the same dead letters sends nothing: each says why
            ConfigShowCommandTest.Outcome again = apigen("redrive", "--config", config.toString(),
                    "--reason", "generation_failed");
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.out().lines().filter(l -> l.startsWith("skip ")).toList()).hasSize(TASKS)
                    .allSatisfy(l -> assertThat(l).containsAnyOf(": the task verified since",
                            ": the task was redriven already"));
            assertThat(again.out()).contains("redrove 0 of 3 dead letters (3 skipped)");
            assertThat(report(config).path("verified").asLong()).isEqualTo(after.path("verified").asLong());
        }
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
