package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.topology.sim.TestDomains;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code apigen domain export-data} and {@code apigen domain exec} as a user runs them. */
class DomainCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) {}

    static Outcome execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void shouldExportTheGeneratedDatabaseAndExecActionListsOnItToTheSameStateHash() throws Exception {
        // Given the generated retail database exported in tau-bench's layout
        Path data = tmp.resolve("retail-data");
        Outcome exported = execute("domain", "export-data", "--domain", "retail", "--out", data.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out()).startsWith("wrote users.json (500 records), orders.json (").contains("products.json (50 records)");
        JsonNode users = JSON.readTree(data.resolve("users.json").toFile());
        String userId = users.fieldNames().next();
        String email = users.get(userId).path("email").asText();
        String orderId = users.get(userId).path("orders").get(0).asText();

        // When action lists run on it: a read-only one and one that writes
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"id\": \"reads\", \"actions\": [{\"name\": \"find_user_id_by_email\", \"arguments\": {\"email\": \""
                + email + "\"}}, {\"name\": \"get_order_details\", \"arguments\": \"{\\\"order_id\\\": 42}\"}]}\n"
                + "{\"id\": 7, \"actions\": [{\"name\": \"modify_user_address\", \"kwargs\": {\"user_id\": \"" + userId
                + "\", \"address1\": \"1 Main St\", \"address2\": \"\", \"city\": \"Boise\", \"state\": \"ID\", \"country\": "
                + "\"USA\", \"zip\": \"83701\"}}]}\n");
        Path out = tmp.resolve("out.jsonl");
        Outcome ran = execute("domain", "exec", "--domain", "retail", "--domain-data", "retail=" + data, "--in", in.toString(),
                "--out", out.toString());

        // Then each line answers with observations, error flags, the tables and the hash
        assertThat(ran.exit()).as(ran.err()).isZero();
        List<JsonNode> results = Files.readAllLines(out).stream().map(DomainCommandsTest::parse).toList();
        assertThat(results).hasSize(2);
        JsonNode reads = results.get(0);
        assertThat(reads.path("id").asText()).isEqualTo("reads");
        assertThat(reads.path("observations").get(0).asText()).isEqualTo(userId);
        assertThat(reads.path("observations").get(1).asText()).isEqualTo("Error: order not found");
        assertThat(reads.path("errors").toString()).isEqualTo("[false,true]");
        assertThat(reads.path("state").fieldNames()).toIterable().containsExactly("users", "orders", "products");
        assertThat(reads.path("state").path("orders").has(orderId)).isTrue();
        // the exported data loads back to the generated database's state
        assertThat(reads.path("state_hash").asText())
                .isEqualTo(TestDomains.registry().find("retail").orElseThrow().newEnvironment().stateHash().hex());
        JsonNode write = results.get(1);
        assertThat(write.path("id").asInt()).isEqualTo(7);
        assertThat(write.path("state").path("users").path(userId).path("address").path("city").asText()).isEqualTo("Boise");
        assertThat(write.path("state_hash").asText()).isNotEqualTo(reads.path("state_hash").asText());
    }

    @Test
    void shouldAnswerBadInputLinesWithAnErrorLineAndExitOne() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"id\": 1, \"actions\": [{\"name\": \"calculate\", \"arguments\": {\"expression\": \"2 + 2\"}}]}\n"
                + "{\"id\": 2}\nnot json\n");
        Path out = tmp.resolve("out.jsonl");

        Outcome ran = execute("domain", "exec", "--domain", "airline", "--in", in.toString(), "--out", out.toString());

        assertThat(ran.exit()).isEqualTo(1);
        assertThat(ran.err().lines()).containsExactly("apigen domain exec: error: 2 of 3 input lines could not be run "
                + "(see their error in " + out + ")");
        List<JsonNode> results = Files.readAllLines(out).stream().map(DomainCommandsTest::parse).toList();
        assertThat(results.get(0).path("observations").get(0).asText()).isEqualTo("4.0");
        assertThat(results.get(1).path("id").asInt()).isEqualTo(2);
        assertThat(results.get(1).path("error").asText()).startsWith("line 2: expected {\"id\": ...");
        assertThat(results.get(2).path("id").isNull()).isTrue();
        assertThat(results.get(2).path("error").asText()).startsWith("line 3: not valid JSON: ");
    }

    @Test
    void shouldRefuseBadFlagsWithOneLineNamingTheFlag() {
        Path in = tmp.resolve("in.jsonl");
        assertThat(execute("domain", "exec", "--domain", "bank", "--in", in.toString(), "--out", "x").err().lines())
                .singleElement().asString().startsWith("apigen domain exec: --domain: unknown domain 'bank'; known: ");
        Outcome badKey = execute("domain", "exec", "--domain", "retail", "--domain-data", "bank=" + tmp, "--in",
                in.toString(), "--out", "x");
        assertThat(badKey.exit()).isEqualTo(2);
        assertThat(badKey.err().lines()).containsExactly(
                "apigen domain exec: --domain-data: unknown domain 'bank'; built-in domains are retail, airline");
        Outcome notADir = execute("domain", "exec", "--domain", "retail", "--domain-data", "retail=" + tmp.resolve("none"),
                "--in", in.toString(), "--out", "x");
        assertThat(notADir.exit()).isEqualTo(2);
        assertThat(notADir.err().lines()).containsExactly("apigen domain exec: --domain-data: retail=" + tmp.resolve("none")
                + " is not a directory");
        Outcome noSub = execute("domain");
        assertThat(noSub.exit()).isEqualTo(2);
        assertThat(noSub.err().lines()).singleElement().asString().startsWith("apigen domain: Missing subcommand");
        assertThat(execute("domain", "export-data", "--domain", "retail").err().lines()).singleElement().asString()
                .startsWith("apigen domain export-data: Missing required option: '--out=DIR'");
    }

    @Test
    void shouldFailWithOneLineNamingFileRecordAndFieldOfABadDatabase() throws Exception {
        Path data = tmp.resolve("airline-data");
        assertThat(execute("domain", "export-data", "--domain", "airline", "--out", data.toString()).exit()).isZero();
        ObjectNode reservations = (ObjectNode) JSON.readTree(data.resolve("reservations.json").toFile());
        String id = reservations.fieldNames().next();
        ((ObjectNode) reservations.get(id)).put("total_baggages", "two");
        JSON.writeValue(data.resolve("reservations.json").toFile(), reservations);
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"id\": 1, \"actions\": []}\n");

        Outcome ran = execute("domain", "exec", "--domain", "airline", "--domain-data", "airline=" + data, "--in",
                in.toString(), "--out", tmp.resolve("out.jsonl").toString());

        assertThat(ran.exit()).isEqualTo(1);
        assertThat(ran.err().lines()).containsExactly("apigen domain exec: error: reservations.json: reservation " + id
                + ": total_baggages is not an integer");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
