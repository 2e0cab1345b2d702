package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.domains.ToolSpec;
import io.apigenmt.topology.sim.TestDomains;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code apigen run} as a user runs it: embedded broker and registry, the built-in sim-llm over
 * HTTP, every stage; then the files it writes, checked line by line.
 */
class RunCommandEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASKS = 4;
    private static final List<String> DOMAINS = List.of("retail", "airline");

    @TempDir
    Path out;

    @Test
    @Timeout(300)
    void shouldRunThePipelineToABalancedLedgerAndWriteWellFormedDatasets() throws IOException {
        // Given each domain's tool names (loaded first: the domains take seconds to build)
        Map<String, Set<String>> tools = new HashMap<>();
        for (String domain : DOMAINS) {
            tools.put(domain, TestDomains.registry().find(domain).orElseThrow().tools().stream()
                    .map(ToolSpec::name).collect(Collectors.toSet()));
        }

        // When the whole pipeline runs on 4 tasks per domain
        int exit = Main.execute("run", "--tasks", String.valueOf(TASKS), "--out", out.toString(), "--timeout", "240");

        // Then it exits 0 with the four files
        assertThat(exit).isZero();
        Path sharegpt = out.resolve("trajectories.sharegpt.jsonl");
        Path openai = out.resolve("trajectories.openai.jsonl");
        Path dead = out.resolve("dead-letters.jsonl");
        Path report = out.resolve("report.json");
        assertThat(List.of(sharegpt, openai, dead, report)).allSatisfy(p -> assertThat(p).isRegularFile());

        // The ledger balances: every requested task is verified or dead-lettered, none in flight
        String reportText = Files.readString(report);
        JsonNode r = JSON.readTree(reportText);
        long requested = r.path("requested").asLong();
        assertThat(requested).as(reportText).isEqualTo((long) TASKS * DOMAINS.size());
        assertThat(r.path("verified").asLong() + r.path("dead_lettered").asLong()).as(reportText).isEqualTo(requested);
        assertThat(r.path("in_flight").asLong()).as(reportText).isZero();
        for (String domain : DOMAINS) {
            JsonNode d = r.path("domains").path(domain);
            assertThat(d.path("requested").asLong()).as(domain).isEqualTo(TASKS);
            assertThat(d.path("verified").asLong() + d.path("dead_lettered").asLong()).as(domain).isEqualTo(TASKS);
        }
        // The feedback loop worked: some blueprint was approved only after a regeneration
        assertThat(r.path("stages").path("review").path("approved_after_feedback").asLong()).as(reportText).isPositive();
        assertThat(r.path("stages").path("regenerate").path("regenerations").asLong()).as(reportText).isPositive();

        // Every line of every file parses; one dataset row per verified task in each format
        List<JsonNode> shareRows = lines(sharegpt);
        List<JsonNode> openaiRows = lines(openai);
        List<JsonNode> deadRows = lines(dead);
        assertThat(shareRows).hasSize((int) r.path("verified").asLong()).isNotEmpty();
        assertThat(openaiRows).hasSize(shareRows.size());
        assertThat(deadRows).as("only tasks of this run").allSatisfy(row ->
                assertThat(row.path("reason").asText()).isNotBlank());
        assertThat(shareRows.stream().map(row -> row.path("task_id").asText()).collect(Collectors.toSet()))
                .hasSize(shareRows.size())
                .isEqualTo(openaiRows.stream().map(row -> row.path("task_id").asText()).collect(Collectors.toSet()));

        for (JsonNode row : shareRows) {
            assertWellFormedShareGpt(row, tools);
        }
        for (JsonNode row : openaiRows) {
            assertThat(row.path("messages").isArray() && row.path("messages").size() > 0).as("messages").isTrue();
            assertThat(row.path("tools").isArray() && row.path("tools").size() > 0).as("tools").isTrue();
            assertThat(row.path("tools").get(0).path("type").asText()).isEqualTo("function");
        }
    }

    @Test
    @Timeout(300)
    void shouldRecombineApprovedTasksOfOneCustomerIntoLongerVerifiedTasks() throws IOException {
        // When 6 retail tasks run with pairs recombined: 6 members + 3 combined tasks are requested
        int exit = Main.execute("run", "--domains", "retail", "--tasks", "6", "--recombine", "2", "--out", out.toString(),
                "--timeout", "240");

        assertThat(exit).isZero();
        String reportText = Files.readString(out.resolve("report.json"));
        JsonNode r = JSON.readTree(reportText);
        assertThat(r.path("requested").asLong()).as(reportText).isEqualTo(9);
        assertThat(r.path("verified").asLong() + r.path("dead_lettered").asLong()).as(reportText).isEqualTo(9);
        // Every group was decided exactly once: combined into a candidate or dead-lettered
        JsonNode recombine = r.path("stages").path("recombine");
        assertThat(recombine.path("combined").asLong() + recombine.path("failed").asLong()).as(reportText).isEqualTo(3);
        assertThat(recombine.path("combined").asLong()).as(reportText).isPositive();

        // Combined tasks that were verified carry the actions of at least two members
        List<JsonNode> combined = lines(out.resolve("trajectories.sharegpt.jsonl")).stream()
                .filter(row -> row.path("task_id").asText().matches(".*-c\\d+")).toList();
        assertThat(combined).as(reportText).isNotEmpty();
        assertThat(combined).allSatisfy(row -> assertThat(row.path("actions").size()).isGreaterThanOrEqualTo(2));
        assertThat(lines(out.resolve("dead-letters.jsonl"))).allSatisfy(row -> {
            if (row.path("id").asText().matches(".*-c\\d+")) {
                assertThat(row.path("reason").asText()).isEqualTo("recombination_failed");
            }
        });
    }

    @Test
    void shouldRefuseARecombinationGroupSizeOutOfRange() {
        Outcome o = execute("run", "--recombine", "1", "--out", out.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly("apigen run: --recombine must be 2..4, got 1");
    }

    private static void assertWellFormedShareGpt(JsonNode row, Map<String, Set<String>> toolsByDomain)
            throws IOException {
        String taskId = row.path("task_id").asText();
        String domain = row.path("domain").asText();
        assertThat(DOMAINS).as(taskId).contains(domain);
        Set<String> tools = toolsByDomain.get(domain);
        assertThat(row.path("tools").isTextual()).as(taskId + " tools is a JSON string").isTrue();
        assertThat(JSON.readTree(row.path("tools").asText()).isArray()).isTrue();
        assertThat(row.path("system").asText()).as(taskId).isNotBlank();

        JsonNode turns = row.path("conversations");
        assertThat(turns.size()).as(taskId).isPositive();
        assertThat(turns.get(0).path("from").asText()).as(taskId + " first turn").isEqualTo("human");
        for (int i = 0; i < turns.size(); i++) {
            String from = turns.get(i).path("from").asText();
            assertThat(from).as(taskId + " turn " + i).isIn("human", "gpt", "function_call", "observation");
            if (from.equals("function_call")) {
                JsonNode call = JSON.readTree(turns.get(i).path("value").asText());
                assertThat(call.path("name").asText()).as(taskId + " turn " + i).isIn(tools);
                assertThat(call.path("arguments").isObject()).as(taskId + " turn " + i + " arguments").isTrue();
                assertThat(i + 1).as(taskId + " turn " + i + " is answered").isLessThan(turns.size());
                assertThat(turns.get(i + 1).path("from").asText()).as(taskId + " turn " + (i + 1)).isEqualTo("observation");
            }
        }
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            JsonNode row = JSON.readTree(line);
            assertThat(row.isObject()).as(file.getFileName() + " line " + n).isTrue();
            rows.add(row);
        }
        return rows;
    }

    // ---- usage errors: exit 2 with one line naming the problem -------------------------------

    private record Outcome(int exit, String err) {}

    private static Outcome execute(String... args) {
        StringWriter err = new StringWriter();
        StringWriter outText = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(outText, true));
        int exit = cli.execute(args);
        return new Outcome(exit, err.toString());
    }

    @Test
    void shouldRefuseZeroTasksWithAUsageError() {
        Outcome o = execute("run", "--tasks", "0", "--out", out.toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly("apigen run: --tasks must be at least 1, got 0");
    }

    @Test
    void shouldRefuseAnUnknownDomainWithAUsageError() {
        Outcome o = execute("run", "--domains", "nope", "--out", out.toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).singleElement().asString()
                .startsWith("apigen run: --domains: unknown domain 'nope'; known: ")
                .contains("retail").contains("airline");
    }

    @Test
    void shouldRefuseAWorkerWithoutBootstrapServers() {
        Outcome o = execute("worker", "--schema-registry-url", "http://localhost:1");

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly(
                "apigen worker: --bootstrap-servers is required (or cluster.bootstrap_servers in --config, or "
                        + "APIGEN_BOOTSTRAP_SERVERS)");
    }

    @Test
    void shouldRefuseAnUnknownFlagNamingIt() {
        Outcome o = execute("run", "--taks", "3");

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).singleElement().asString()
                .startsWith("apigen run: ").contains("--taks").endsWith("(see 'apigen run --help')");
        assertThat(out).isEmptyDirectory();
    }
}
