package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --max-cost}: once the books show the budget spent, model work that has not started
 * (a task's generation, a review, a revision, a rollout) ends as a {@code budget_exhausted} dead
 * letter, work in flight finishes, the ledger balances, and the run spends less than the whole
 * job; redriving those dead letters without the budget finishes the job.
 */
class BudgetEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASKS = 24;
    private static final String MAX_COST = "0.001";

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

    /** Every simulated role at $1 per million input tokens, $0.50 cached, $2 output. */
    private Path config() throws IOException {
        StringBuilder prices = new StringBuilder();
        for (String model : List.of("sim-generator", "sim-judge-1", "sim-judge-2", "sim-judge-3", "sim-summarizer",
                "sim-user", "sim-agent")) {
            prices.append("    ").append(model).append(": {input: 1.00, cached_input: 0.50, output: 2.00}\n");
        }
        return Files.writeString(dir.resolve("apigen.yaml"), """
                cluster:
                  bootstrap_servers: %s
                  schema_registry_url: %s
                  topic_prefix: budget.
                  partitions: 2
                worker:
                  threads: 1
                  commit_interval_ms: 200
                  state_dir: %s
                cost:
                  prices:
                %s""".formatted(cluster.bootstrapServers(), cluster.registryUrl(), dir.resolve("state"), prices));
    }

    @Test
    @Timeout(600)
    void shouldStopTakingNewWorkAtTheBudgetFinishWhatIsInFlightAndRedriveTheRestLater() throws Exception {
        Path config = config();

        // When a run of 24 tasks has a budget the first few tasks' generations use up
        ConfigShowCommandTest.Outcome run = RedriveEndToEndTest.apigen("run", "--config", config.toString(),
                "--domains", "retail", "--tasks", String.valueOf(TASKS), "--max-cost", MAX_COST, "--concurrency", "2",
                "--latency-ms", "200", "--out", dir.resolve("out").toString(), "--timeout", "400");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(dir.resolve("out/report.json").toFile());
        String text = report.toString();

        // Then the books balance with nothing in flight, and the budget was reached before work stopped
        assertThat(report.path("requested").asLong()).isEqualTo(TASKS);
        assertThat(report.path("verified").asLong() + report.path("dead_lettered").asLong()).as(text).isEqualTo(TASKS);
        assertThat(report.path("in_flight").asLong()).isZero();
        JsonNode budget = report.path("budget");
        BigDecimal spent = budget.path("spent_usd").decimalValue();
        assertThat(spent).as(text).isGreaterThanOrEqualTo(new BigDecimal(MAX_COST));
        assertThat(budget.path("max_usd").decimalValue()).isEqualByComparingTo(MAX_COST);
        assertThat(spent).isEqualByComparingTo(report.at("/cost/total/usd").decimalValue());
        assertThat(report.path("cost").path("unpriced_models").size()).isZero();

        // Tasks not started ended as budget_exhausted dead letters, on which nothing was spent
        long exhausted = report.at("/dead_letters_by_reason/budget_exhausted").asLong();
        assertThat(exhausted).as(text).isPositive();
        assertThat(budget.path("budget_dead_letters").asLong()).isEqualTo(exhausted);
        List<JsonNode> dead = lines(dir.resolve("out/dead-letters.jsonl"));
        List<JsonNode> notStarted = dead.stream().filter(d -> d.path("reason").asText().equals("budget_exhausted")
                && d.path("stage").asText().equals("generate")).toList();
        assertThat(notStarted).as(text).isNotEmpty().allSatisfy(d -> {
            assertThat(d.path("error").asText()).startsWith("not started: the spend of $")
                    .contains("reached the budget of $" + MAX_COST + " (cost.max_usd)");
            assertThat(d.path("usage").isMissingNode()).as("nothing spent on a task not started").isTrue();
        });
        // Every budget dead letter says which work was not started, at which stage
        assertThat(dead).filteredOn(d -> d.path("reason").asText().equals("budget_exhausted")).allSatisfy(d ->
                assertThat(d.path("stage").asText() + ": " + d.path("error").asText()).matches(
                        "(generate: not started|review: not reviewed|regenerate: not revised|rollout: not rolled out): .*"));
        assertThat(budget.path("over_budget_usd").decimalValue())
                .isEqualByComparingTo(spent.subtract(new BigDecimal(MAX_COST)));

        // When the budget is lifted and the budget dead letters are redriven
        ConfigShowCommandTest.Outcome dry = RedriveEndToEndTest.apigen("redrive", "--config", config.toString(),
                "--reason", "budget_exhausted", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out().lines().filter(l -> l.startsWith("send ")).count()).isEqualTo(exhausted);
        ConfigShowCommandTest.Outcome redrive = RedriveEndToEndTest.apigen("redrive", "--config", config.toString(),
                "--reason", "budget_exhausted");
        assertThat(redrive.out()).contains("redrove " + exhausted + " of " + exhausted + " dead letters");
        Set<String> seeds = new HashSet<>();
        report.path("seeds").forEach(s -> seeds.add(s.asText()));
        RedriveEndToEndTest.work(config, seeds);

        // Then every task ended with no budget dead letter left, each counted once
        JsonNode after = RedriveEndToEndTest.report(config);
        assertThat(after.path("requested").asLong()).isEqualTo(TASKS);
        assertThat(after.path("verified").asLong() + after.path("dead_lettered").asLong()).as(after.toString())
                .isEqualTo(TASKS);
        assertThat(after.path("dead_letters_by_reason").path("budget_exhausted").asLong()).isZero();
        assertThat(after.path("verified").asLong()).isGreaterThan(report.path("verified").asLong());
        assertThat(after.path("redriven").asLong()).isEqualTo(exhausted);
        // and the budgeted run had spent a fraction of what the whole job took
        assertThat(spent).as(after.at("/cost/total").toString()).isLessThan(after.at("/cost/total/usd").decimalValue()
                .multiply(new BigDecimal("0.5")));
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }
}
