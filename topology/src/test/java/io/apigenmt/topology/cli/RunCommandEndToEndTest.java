package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

        // Then it exits 0 with the dataset folder: three layouts, rejects, dead letters, report, card
        assertThat(exit).isZero();
        Path sharegpt = out.resolve("trajectories.sharegpt.jsonl");
        Path openai = out.resolve("trajectories.openai.jsonl");
        Path dead = out.resolve("dead-letters.jsonl");
        Path report = out.resolve("report.json");
        assertThat(List.of(sharegpt, openai, out.resolve("trajectories.hf.jsonl"), out.resolve("rejects.jsonl"), dead,
                report, out.resolve("README.md"), out.resolve("dataset_info.json")))
                .allSatisfy(p -> assertThat(p).isRegularFile());

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

        // Every line of every file parses; one dataset row per verified task in each format, unless rejected
        List<JsonNode> shareRows = lines(sharegpt);
        List<JsonNode> openaiRows = lines(openai);
        List<JsonNode> deadRows = lines(dead);
        assertThat(lines(out.resolve("rejects.jsonl"))).as("the simulated agent's rollouts all fit every layout").isEmpty();
        assertThat(shareRows).hasSize((int) r.path("verified").asLong()).isNotEmpty();
        assertThat(r.at("/rows/layouts/sharegpt/written").asLong()).isEqualTo(shareRows.size());
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

        // apigen verify passes every row of both files
        for (Path file : List.of(openai, sharegpt)) {
            Outcome verified = execute("verify", "--in", file.toString());
            assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
            assertThat(verified.out().lines()).containsExactly("verified " + shareRows.size() + " of " + shareRows.size() + " rows");
        }
        // and fails a row whose final tool call is removed, saying why
        ObjectNode broken = (ObjectNode) openaiRows.get(0).deepCopy();
        ArrayNode messages = (ArrayNode) broken.get("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).path("tool_calls").size() > 0) {
                for (int k = 0; k <= messages.get(i).path("tool_calls").size(); k++) {
                    messages.remove(i);
                }
                break;
            }
        }
        Path brokenFile = Files.writeString(out.resolve("broken.jsonl"), broken + "\n");
        Outcome failed = execute("verify", "--in", brokenFile.toString());
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out().lines().findFirst().orElseThrow())
                .startsWith("line 1 (task " + broken.path("task_id").asText() + "): state mismatch: ");
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
        assertThat(turns.size() % 2).as(taskId + " ends on the agent").isZero();
        for (int i = 0; i < turns.size(); i++) {
            String from = turns.get(i).path("from").asText();
            assertThat(from).as(taskId + " turn " + i).isIn("human", "gpt", "function_call", "observation");
            if (from.equals("function_call")) {
                JsonNode call = JSON.readTree(turns.get(i).path("value").asText());
                assertThat(call.path("name").asText()).as(taskId + " turn " + i).isIn(tools);
                assertThat(call.path("arguments").isObject()).as(taskId + " turn " + i + " arguments").isTrue();
                // Answered by an observation, unless it is the last turn (a terminating tool ended the rollout)
                if (i + 1 < turns.size()) {
                    assertThat(turns.get(i + 1).path("from").asText()).as(taskId + " turn " + (i + 1)).isEqualTo("observation");
                }
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

    private record Outcome(int exit, String out, String err) {}

    private static Outcome execute(String... args) {
        StringWriter err = new StringWriter();
        StringWriter outText = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(outText, true));
        int exit = cli.execute(args);
        return new Outcome(exit, outText.toString(), err.toString());
    }

    @Test
    void shouldRefuseZeroTasksWithAUsageError() {
        Outcome o = execute("run", "--tasks", "0", "--out", out.toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly("apigen run: --tasks must be at least 1, got 0");
    }

    @Test
    void shouldRefuseARandomSeedBeyond53BitsWithAUsageError() {
        Outcome o = execute("run", "--random-seed", "9007199254740992", "--out", out.toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly("apigen run: --random-seed must be within +-9007199254740991 "
                + "(53 bits: JSON and JavaScript clients of the topics keep it exactly), got 9007199254740992");
    }

    @Test
    void shouldRefuseALicenseThatIsNotALicenseIdWithAUsageError() {
        Outcome o = execute("run", "--license", "Apache 2.0", "--out", out.toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).singleElement().asString().startsWith("apigen run: --license: ")
                .contains("'Apache 2.0'");
    }

    @Test
    void shouldRefuseAnExportFormatItDoesNotKnowNamingTheFlag() {
        Outcome o = execute("export", "--format", "alpaca", "--out", out.resolve("x.jsonl").toString(),
                "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1");

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly("apigen export: --format: unknown trajectory format 'alpaca'; "
                + "expected one of sharegpt, openai, hf (or all)");
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
                "apigen worker: --bootstrap-servers is required (or APIGEN_BOOTSTRAP_SERVERS)");
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
