package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.deploy.DeployFiles;
import io.apigenmt.topology.reliability.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python example environment end to end, by its README's own commands: the server started as
 * the recipe starts it (python3, standard library only), then the recipe's {@code bin/apigen run}
 * line through the same command line (only the port, free on this machine, and the output folder
 * are substituted), with the simulated model. Needs python3 on the PATH, as CI machines have it.
 */
class ExampleEnvironmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = DeployFiles.repoRoot().resolve("examples/environments/library");
    private static final String README_PORT = "7100";

    @TempDir
    Path out;

    @Test
    @Timeout(600)
    void shouldMakeVerifiedTrajectoriesWithTheExampleEnvironmentAsItsReadmeSays() throws Exception {
        // Given the README's commands
        List<String> commands = readmeCommands();
        String start = commands.stream().filter(c -> c.startsWith("python3 ")).findFirst().orElseThrow();
        String run = commands.stream().filter(c -> c.startsWith("bin/apigen run ")).findFirst().orElseThrow();
        assertThat(start).isEqualTo("python3 examples/environments/library/server.py --port " + README_PORT + " &");
        assertThat(run).contains("--environment library=http://127.0.0.1:" + README_PORT, "--domains library");

        // When the environment is started as the README starts it
        String port = Integer.toString(Harness.freePort());
        Path log = out.resolve("library.log");
        List<String> startArgs = new ArrayList<>(Arrays.asList(start.replace(" &", "").replace(README_PORT, port).split(" ")));
        Process server = new ProcessBuilder(startArgs).directory(DeployFiles.repoRoot().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Harness.awaitLog(server, log, "library environment at http://127.0.0.1:" + port, Duration.ofSeconds(30));

            // And the pipeline runs on it as the README runs it
            Path data = out.resolve("library");
            List<String> runArgs = new ArrayList<>(Arrays.asList(run.replace(README_PORT, port).split(" ")));
            runArgs.remove(0); // bin/apigen
            int outFlag = runArgs.indexOf("--out");
            runArgs.set(outFlag + 1, data.toString());
            int exit = Main.execute(runArgs.toArray(String[]::new));

            // Then it exits 0 with a balanced ledger and verified trajectories of the library domain
            assertThat(exit).isZero();
            String reportText = Files.readString(data.resolve("report.json"));
            JsonNode report = JSON.readTree(reportText);
            assertThat(report.path("requested").asLong()).as(reportText).isEqualTo(10);
            assertThat(report.path("verified").asLong() + report.path("dead_lettered").asLong()).as(reportText).isEqualTo(10);
            assertThat(report.path("in_flight").asLong()).isZero();
            assertThat(report.path("verified").asLong()).as(reportText).isGreaterThanOrEqualTo(5);
            assertThat(report.path("dead_letters_by_reason").has("environment_protocol")).as(reportText).isFalse();
            assertThat(report.at("/stages/review/policy_checks_skipped").asLong()).as("the example has a policy").isZero();

            // And every row is a conversation over the library's tools, under its policy
            Set<String> tools = Set.of("find_user_id_by_email", "get_user_details", "get_book_details", "get_loan_details",
                    "search_books", "borrow_book", "return_book", "renew_loan", "pay_fine", "transfer_to_human_agents");
            List<JsonNode> rows = lines(data.resolve("trajectories.sharegpt.jsonl"));
            assertThat(rows).hasSize((int) report.path("verified").asLong());
            for (JsonNode row : rows) {
                assertThat(row.path("domain").asText()).isEqualTo("library");
                assertThat(row.path("system").asText()).startsWith("# Lending library policy");
                Set<String> offered = JSON.readTree(row.path("tools").asText()).findValuesAsText("name").stream()
                        .filter(tools::contains).collect(Collectors.toSet());
                assertThat(offered).isEqualTo(tools);
                assertThat(row.path("actions").size()).isPositive();
                for (JsonNode turn : row.path("conversations")) {
                    if (turn.path("from").asText().equals("function_call")) {
                        assertThat(JSON.readTree(turn.path("value").asText()).path("name").asText()).isIn(tools);
                    }
                }
            }
        } finally {
            Harness.stop(server);
        }
    }

    /** The lines of the README's bash blocks. */
    private static List<String> readmeCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inBash = false;
        for (String line : Files.readAllLines(EXAMPLE.resolve("README.md"))) {
            if (line.startsWith("```")) {
                inBash = !inBash && line.equals("```bash");
            } else if (inBash && !line.isBlank()) {
                commands.add(line.strip());
            }
        }
        return commands;
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }
}
