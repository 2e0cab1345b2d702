package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apigen run} against the simulated model answering like a reasoning model, in every
 * shape servers send a chain of thought in. The simulated thought holds {@code ###STOP###} and a
 * JSON object, so any leak into a conversation, a check or a dataset changes the outcome.
 */
class ReasoningModelRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASKS = "3";
    private static final String THOUGHT_FRAGMENT = "Let me think about what is being asked";

    private static EmbeddedPlatform cluster;
    private static Path config;

    @TempDir
    static Path work;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = EmbeddedPlatform.ephemeral();
        // Few partitions (six runs share one broker) and the state under the test's own folder.
        config = Files.writeString(work.resolve("apigen.yaml"), "cluster:\n  partitions: 4\nworker:\n  state_dir: \""
                + work.resolve("state").toString().replace("\\", "/") + "\"\n");
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static JsonNode run(String shape) throws IOException {
        return run(shape, 0);
    }

    private static JsonNode run(String shape, int expectedExit) throws IOException {
        Path out = work.resolve(shape);
        int exit = Main.execute("run", "--tasks", TASKS, "--out", out.toString(), "--timeout", "240",
                "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", cluster.registryUrl(),
                "--topic-prefix", "r-" + shape + ".", "--config", config.toString(), "--sim-reasoning", shape);
        assertThat(exit).as(shape).isEqualTo(expectedExit);
        return JSON.readTree(Files.readString(out.resolve("report.json")));
    }

    @Test
    @Timeout(900)
    void shouldVerifyAsManyTasksInEveryReasoningShapeAsWithout() throws IOException {
        // Given the verified count without reasoning
        JsonNode plain = run("none");
        long verified = plain.path("verified").asLong();
        assertThat(verified).as("the baseline verifies something").isPositive();

        // When the same seeds run with the model answering in each reasoning shape
        Map<String, Long> verifiedByShape = new LinkedHashMap<>();
        for (String shape : List.of("think", "think-close-only", "reasoning-content", "reasoning")) {
            JsonNode report = run(shape);
            verifiedByShape.put(shape, report.path("verified").asLong());
            // Then the reasoning was seen and counted apart, and no row carries any of it
            assertThat(report.path("llm_usage").path("reasoning_tokens").asLong()).as(shape).isPositive();
            for (String file : List.of("trajectories.sharegpt.jsonl", "trajectories.openai.jsonl")) {
                String rows = Files.readString(work.resolve(shape).resolve(file));
                assertThat(rows).as(shape + " " + file).doesNotContain("<think>").doesNotContain("</think>")
                        .doesNotContain(THOUGHT_FRAGMENT).doesNotContain("reasoning_content");
            }
        }
        assertThat(verifiedByShape).as("verified per shape, against " + verified + " without reasoning")
                .allSatisfy((shape, n) -> assertThat(n).as(shape).isEqualTo(verified));
    }

    @Test
    @Timeout(300)
    void shouldExportTheAgentsReasoningWhereDocumentedWhenTheAgentKeepsIt() throws IOException {
        // Given the agent role configured to keep its reasoning, and a model that sends it beside the content
        Path keep = Files.writeString(work.resolve("keep.yaml"), Files.readString(config)
                + "llm:\n  agent:\n    keep_reasoning: true\n");
        Path out = work.resolve("keep");

        // When the pipeline runs
        int exit = Main.execute("run", "--tasks", TASKS, "--out", out.toString(), "--timeout", "240",
                "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", cluster.registryUrl(),
                "--topic-prefix", "r-keep.", "--config", keep.toString(), "--sim-reasoning", "reasoning-content");

        // Then the simulated model still served it, and the reasoning is on the agent's turns only
        assertThat(exit).isZero();
        JsonNode report = JSON.readTree(Files.readString(out.resolve("report.json")));
        assertThat(report.path("verified").asLong()).isPositive();
        for (String file : List.of("trajectories.openai.jsonl", "trajectories.hf.jsonl")) {
            for (String line : Files.readAllLines(out.resolve(file))) {
                JsonNode messages = JSON.readTree(line).path("messages");
                int withReasoning = 0;
                for (JsonNode m : messages) {
                    if (m.has("reasoning_content")) {
                        assertThat(m.path("role").asText()).as(file).isEqualTo("assistant");
                        assertThat(m.path("reasoning_content").asText()).startsWith(THOUGHT_FRAGMENT);
                        assertThat(m.path("content").asText("")).doesNotContain(THOUGHT_FRAGMENT);
                        withReasoning++;
                    }
                }
                assertThat(withReasoning).as(file + ": every agent turn carries its reasoning").isPositive();
            }
        }
        for (String line : Files.readAllLines(out.resolve("trajectories.sharegpt.jsonl"))) {
            for (JsonNode turn : JSON.readTree(line).path("conversations")) {
                String from = turn.path("from").asText();
                String value = turn.path("value").asText();
                if (from.equals("human") || from.equals("observation")) {
                    assertThat(value).as(from).doesNotContain("<think>");
                } else if (from.equals("gpt")) {
                    assertThat(value).startsWith("<think>\n" + THOUGHT_FRAGMENT);
                }
            }
        }
        // And the dataset still re-verifies, thought blocks and all
        assertThat(Main.execute("verify", "--in", out.resolve("trajectories.sharegpt.jsonl").toString())).isZero();
        assertThat(Main.execute("verify", "--in", out.resolve("trajectories.openai.jsonl").toString())).isZero();
    }

    @Test
    @Timeout(300)
    void shouldDeadLetterEveryTaskWithAClearCauseWhenAnswersAreCutOffInsideTheirReasoning() throws IOException {
        // When every answer is an unclosed <think> block cut off by max_tokens: the run fails
        // (exit 1): an answer that is all reasoning is the endpoint's configuration (no reasoning
        // parser, too few max tokens), so a run in which it ended every task is not a success
        JsonNode report = run("think-unclosed", 1);

        // Then nothing verifies, the ledger still balances, and each task names the cause
        assertThat(report.path("verified").asLong()).isZero();
        assertThat(report.path("dead_lettered").asLong()).isEqualTo(report.path("requested").asLong()).isPositive();
        assertThat(report.path("in_flight").asLong()).isZero();
        List<JsonNode> dead = new ArrayList<>();
        for (String line : Files.readAllLines(work.resolve("think-unclosed").resolve("dead-letters.jsonl"))) {
            if (!line.isBlank()) {
                dead.add(JSON.readTree(line));
            }
        }
        assertThat(dead).hasSize((int) report.path("requested").asLong());
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.path("reason").asText()).isEqualTo("generation_failed");
            assertThat(d.path("error").asText()).contains("only reasoning").contains("never closed");
            assertThat(d.path("fault").asText()).isEqualTo("endpoint");
        });
    }
}
