package io.apigenmt.topology.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer's server over real HTTP on a hand-made run folder. */
class ViewServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private ViewServer server;

    @BeforeEach
    void start() throws IOException {
        server = ViewServer.start(FolderSource.open(SampleFolder.write(tmp.resolve("out"))), 0, false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldFindTasksByTextDomainToolAndOutcome() throws Exception {
        assertThat(ids("tasks")).containsExactly(SampleFolder.VERIFIED, SampleFolder.DEAD);
        assertThat(ids("tasks?tool=cancel_pending_order")).containsExactly(SampleFolder.VERIFIED);
        assertThat(ids("tasks?outcome=verified")).containsExactly(SampleFolder.VERIFIED);
        assertThat(ids("tasks?outcome=rollout_failed")).containsExactly(SampleFolder.DEAD);
        assertThat(ids("tasks?q=PENDING+ORDER")).containsExactly(SampleFolder.VERIFIED);
        assertThat(ids("tasks?domain=airline")).isEmpty();
        assertThat(ids("tasks?limit=1&offset=1")).containsExactly(SampleFolder.DEAD);
    }

    @Test
    void shouldServeOneTaskWholeAndSayWhenThereIsNone() throws Exception {
        HttpResponse<String> task = get("/api/tasks/" + SampleFolder.VERIFIED);
        assertThat(task.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(task.body()).path("trajectory").path("failed_trials").get(0).path("end_reason").asText())
                .isEqualTo("user_stop");

        HttpResponse<String> missing = get("/api/tasks/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("error").asText()).isEqualTo("no task nope");
    }

    @Test
    void shouldGiveTheOverviewTheReportsLedgerAndUsagePerStage() throws Exception {
        JsonNode o = JSON.readTree(get("/api/overview").body());

        assertThat(o.path("ledger").path("verified").asLong()).isEqualTo(1);
        assertThat(o.path("dead_letters_by_reason").path("rollout_failed").asLong()).isEqualTo(1);
        assertThat(o.path("rejections_by_kind").path("policy").asLong()).isEqualTo(1);
        assertThat(o.path("usage").path("total").path("llm_calls").asLong()).isEqualTo(17);
        long calls = 0;
        for (JsonNode stage : o.path("usage").path("by_stage")) {
            calls += stage.path("llm_calls").asLong();
        }
        assertThat(calls).as("per stage adds up to the tasks' usage").isEqualTo(15 + 2);
        assertThat(o.path("facets").path("tools")).extracting(JsonNode::asText).containsExactly("cancel_pending_order");
        assertThat(o.path("cost").isEmpty()).as("no cost figures in this report").isTrue();
    }

    @Test
    void shouldGroupDeadLettersWithTheirRedriveCommand() throws Exception {
        JsonNode page = JSON.readTree(get("/api/dead-letters").body());

        assertThat(page.path("groups")).singleElement().satisfies(g -> {
            assertThat(g.path("count").asLong()).isEqualTo(1);
            assertThat(g.path("command").asText()).isEqualTo("apigen redrive --reason rollout_failed --stage rollout --seed-id s1");
        });
        assertThat(page.path("cluster_known").asBoolean()).isFalse();
        assertThat(page.path("items").get(0).path("error").asText()).isEqualTo("trial 1: state mismatch");
    }

    @Test
    void shouldServeThePageFromTheJarWithNothingFromElsewhere() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'").contains("script-src 'self'"));
        for (String asset : List.of("/", "/app.js", "/app.css", "/favicon.svg")) {
            HttpResponse<String> r = get(asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            // Works offline: no asset names another host (the SVG namespace is an identifier, not a fetch).
            assertThat(r.body().replace("http://www.w3.org/2000/svg", "")).as(asset).doesNotContain("http://", "https://", "//cdn");
        }
        assertThat(get("/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseOtherHostNamesAndWrites() throws Exception {
        // A page on another site reaching 127.0.0.1 through a rebound DNS name carries its own Host.
        assertThat(rawStatus("GET /api/overview HTTP/1.1\r\nHost: attacker.example:" + server.port() + "\r\n\r\n")).isEqualTo(403);
        assertThat(rawStatus("GET /api/overview HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\n\r\n")).isEqualTo(200);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/overview"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void shouldTakeAFreePortWhenTheDefaultIsTakenButFailOnATakenChosenPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            try (ViewServer fallback = ViewServer.start(FolderSource.open(tmp.resolve("out")), taken.getLocalPort(), true)) {
                assertThat(fallback.port()).isNotEqualTo(taken.getLocalPort()).isPositive();
            }
            assertThatThrownBy(() -> ViewServer.start(FolderSource.open(tmp.resolve("out")), taken.getLocalPort(), false))
                    .isInstanceOf(IOException.class)
                    .hasMessage("port " + taken.getLocalPort() + " is in use; choose another with --port (0 = any free port)");
        }
    }

    @Test
    void shouldRefuseAFolderThatIsNotARunsOutput() {
        assertThatThrownBy(() -> FolderSource.open(tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(tmp + " has no report.json: give the --out folder of a finished 'apigen run'");
    }

    private List<String> ids(String query) throws Exception {
        JsonNode page = JSON.readTree(get("/api/" + query).body());
        return page.path("items").findValuesAsText("task_id");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int rawStatus(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
