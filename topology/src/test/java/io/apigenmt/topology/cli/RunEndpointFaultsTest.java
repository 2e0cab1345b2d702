package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.llm.ScriptedEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * run and its model endpoints: preflight stops it before anything starts; a run whose every task
 * ended on an endpoint fault exits 1 with one line, however the pipeline itself fared.
 */
class RunEndpointFaultsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void shouldStopBeforeSeedingWhenTheEndpointIsUnreachable() throws Exception {
        String url = "http://127.0.0.1:" + closedPort() + "/v1";

        ConfigShowCommandTest.Outcome o = ConfigShowCommandTest.execute(Map.of(), "run", "--llm-base-url", url,
                "--tasks", "1", "--out=" + dir.resolve("out"));

        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err().lines().filter(l -> l.startsWith("apigen run:")).toList())
                .containsExactly("apigen run: every role at " + url + ": connection refused");
        assertThat(o.err()).as("nothing started, nothing seeded").doesNotContain("embedded broker");
        assertThat(dir.resolve("out").resolve("report.json")).doesNotExist();
    }

    @Test
    @Timeout(240)
    void shouldExitOneWhenEveryTaskEndedOnAnEndpointFault() throws Exception {
        // Given a server with one model, which answers plain calls (the probe's) but refuses JSON mode
        try (ScriptedEndpoint server = new ScriptedEndpoint(List.of("tiny-1b"), null)) {
            server.onChat(body -> body.has("response_format")
                    ? ScriptedEndpoint.json(400, "{\"error\":{\"message\":\"response_format is not supported by this model\"}}")
                    : ScriptedEndpoint.completion("OK"));

            // When run uses it, no model named
            ConfigShowCommandTest.Outcome o = ConfigShowCommandTest.execute(Map.of("APIGEN_WORKER__THREADS", "1"), "run",
                    "--llm-base-url", server.baseUrl(), "--domains", "retail", "--tasks", "2", "--out=" + dir.resolve("out"));

            // Then the one model is used for every role, and said so
            assertThat(o.err()).contains("no model configured: using 'tiny-1b', the one model " + server.baseUrl()
                    + " serves, for every role");
            // And every task is a dead letter blamed on the endpoint: exit 1, with one line that says so
            assertThat(o.exit()).as(o.err()).isEqualTo(1);
            List<String> lines = o.err().lines().filter(l -> l.startsWith("apigen run:")).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).startsWith("apigen run: no task verified: all 2 dead letters are model endpoint faults, "
                    + "e.g. generate: generator failed: HTTP 400 from ").contains("response_format is not supported");
            // And the folder is written all the same: the dead letters say which fault
            JsonNode report = new ObjectMapper().readTree(dir.resolve("out").resolve("report.json").toFile());
            assertThat(report.path("verified").asLong()).isZero();
            assertThat(report.path("dead_lettered").asLong()).isEqualTo(2);
            assertThat(Files.readAllLines(dir.resolve("out").resolve("dead-letters.jsonl")))
                    .hasSize(2).allSatisfy(line -> assertThat(line).contains("\"fault\":\"endpoint\""));
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
