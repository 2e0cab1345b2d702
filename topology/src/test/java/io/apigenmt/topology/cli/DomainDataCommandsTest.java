package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.data.DomainData;
import io.apigenmt.topology.given.TauBenchFiles;
import io.apigenmt.topology.sim.TestDomains;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code domain_data}: one key for every command that runs domains, set by {@code --domain-data},
 * a config file or APIGEN_DOMAIN_DATA__NAME; run's every stage and the simulated model use it; a
 * bad directory or record stops the command at startup with one line.
 */
class DomainDataCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ConfigShowCommandTest.Outcome execute(String... args) {
        return ConfigShowCommandTest.execute(Map.of(), args);
    }

    @Test
    @Timeout(300)
    void shouldRunEveryStageOnTheGivenDatabaseSoItsUsersAreTheTrajectoriesUsers() throws IOException {
        // Given tau-bench-layout retail data whose customers exist nowhere else
        Set<String> fixtureUsers = Set.of(TauBenchFiles.RETAIL_USER, TauBenchFiles.OTHER_RETAIL_USER);
        var generated = TestDomains.registry().find("retail").orElseThrow().newEnvironment();
        assertThat(fixtureUsers).allSatisfy(u -> assertThat(TauBenchFiles.call(generated, "get_user_details", u)).startsWith("Error"));

        // When the pipeline runs retail on it
        Path out = dir.resolve("out");
        ConfigShowCommandTest.Outcome o = execute("run", "--domains", "retail", "--tasks", "3", "--out=" + out,
                "--domain-data", "retail=" + TauBenchFiles.data("retail"));

        // Then every task was made, reviewed, rolled out and verified on that data: its users, its records
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.err()).contains("domain retail on " + TauBenchFiles.data("retail") + " (data "
                + DomainData.load("retail", TauBenchFiles.data("retail")).dataFingerprint().orElseThrow() + ")");
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertThat(report.path("requested").asLong()).isEqualTo(3);
        assertThat(report.path("in_flight").asLong()).isZero();
        List<JsonNode> rows = rows(out.resolve("trajectories.openai.jsonl"));
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(row -> {
            assertThat(fixtureUsers.stream().filter(u -> row.path("instruction").asText().contains(u))).hasSize(1);
            // the agent's tools answered from the given records
            StringBuilder observed = new StringBuilder();
            row.path("messages").forEach(m -> observed.append(m.path("role").asText().equals("tool") ? m.path("content").asText() : ""));
            assertThat(fixtureUsers.stream().filter(u -> observed.toString().contains(u))).hasSize(1);
        });
    }

    @Test
    void shouldRefuseABadDirectoryOrKeyAtStartupWithOneLine() throws IOException {
        ConfigShowCommandTest.Outcome missing = execute("run", "--domain-data", "retail=" + dir.resolve("none"), "--out=" + dir);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines()).containsExactly("apigen run: domain_data.retail: " + dir.resolve("none")
                + " is not a directory (flag --domain-data)");

        ConfigShowCommandTest.Outcome unknown = execute("run", "--domain-data", "bank=" + dir, "--out=" + dir);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines()).containsExactly("apigen run: domain_data.bank: 'bank' is not a built-in domain; "
                + "built-in domains are retail, airline (flag --domain-data)");

        ConfigShowCommandTest.Outcome noValue = execute("worker", "--bootstrap-servers", "localhost:1",
                "--schema-registry-url", "http://localhost:1", "--domain-data", "retail");
        assertThat(noValue.exit()).isEqualTo(2);
        assertThat(noValue.err().lines()).singleElement().asString().startsWith("apigen worker: ").contains("--domain-data");
    }

    @Test
    void shouldRefuseABrokenRecordAtStartupNamingTheFileTheRecordAndWhereTheDirectoryWasSet() throws IOException {
        // Given a copy of the retail data with one price that is not a number, named in a config file
        Path data = copy("retail");
        ObjectNode orders = (ObjectNode) JSON.readTree(data.resolve("orders.json").toFile());
        ((ObjectNode) orders.path("#W5270061").path("items").get(2)).put("price", "cheap");
        JSON.writeValue(data.resolve("orders.json").toFile(), orders);
        Path config = Files.writeString(dir.resolve("apigen.yaml"), "domain_data:\n  retail: " + data + "\n");

        // When a worker starts with it
        ConfigShowCommandTest.Outcome o = execute("worker", "--bootstrap-servers", "localhost:1",
                "--schema-registry-url", "http://localhost:1", "--config", config.toString());

        // Then it stops before connecting, with one line
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).containsExactly("apigen worker: domain_data.retail: " + data.resolve("orders.json")
                + ": order #W5270061: items[2].price is not a number (file " + config + ")");
    }

    @Test
    void shouldTakeTheSameKeyFromAConfigFileOrTheEnvironmentInDomainExec() throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"id\": 1, \"actions\": [{\"name\": \"get_user_details\", "
                + "\"kwargs\": {\"user_id\": \"" + TauBenchFiles.RETAIL_USER + "\"}}]}\n");
        Path config = Files.writeString(dir.resolve("apigen.yaml"), "domain_data:\n  retail: " + TauBenchFiles.data("retail") + "\n");

        ConfigShowCommandTest.Outcome fromFile = execute("domain", "exec", "--domain", "retail", "--config", config.toString(),
                "--in", in.toString(), "--out", dir.resolve("a.jsonl").toString());
        ConfigShowCommandTest.Outcome fromEnv = ConfigShowCommandTest.execute(Map.of("APIGEN_DOMAIN_DATA__RETAIL",
                TauBenchFiles.data("retail").toString()), "domain", "exec", "--domain", "retail", "--in", in.toString(),
                "--out", dir.resolve("b.jsonl").toString());
        ConfigShowCommandTest.Outcome shown = ConfigShowCommandTest.execute(Map.of("APIGEN_DOMAIN_DATA__RETAIL", "/data/retail"),
                "config", "show", "--json");

        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(fromEnv.exit()).as(fromEnv.err()).isZero();
        for (Path result : List.of(dir.resolve("a.jsonl"), dir.resolve("b.jsonl"))) {
            JsonNode line = JSON.readTree(Files.readString(result));
            assertThat(line.path("errors").toString()).isEqualTo("[false]");
            assertThat(line.path("observations").get(0).asText()).contains("ivan.khan6479@example.com");
        }
        assertThat(shown.json().path("domain_data.retail").path("value").asText()).isEqualTo("/data/retail");
        assertThat(shown.json().path("domain_data.retail").path("source").asText()).isEqualTo("env APIGEN_DOMAIN_DATA__RETAIL");
    }

    private Path copy(String domain) throws IOException {
        Path target = Files.createDirectories(dir.resolve(domain));
        try (var files = Files.list(TauBenchFiles.data(domain))) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    private static List<JsonNode> rows(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }
}
