package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The model server killed for 60 s in the middle of a run and started again on the same port:
 * the stages that need it pause (visible on /metrics, on /health/ready, which stays 200, and in
 * {@code report}), their work waits journalled, and when the server answers again they resume;
 * the run ends with every task terminal, the ledger balanced, and no dead letter from the outage.
 * Prints the run's figures (for the issue's note).
 */
class EndpointOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final int TASKS_PER_DOMAIN = 8;
    /** The only dead letters the simulated model makes without faults: the pipeline's own rejections. */
    private static final Set<String> TASK_REASONS = Set.of("review_exhausted", "rollout_failed");

    private final ObjectMapper json = new ObjectMapper();
    private Rig rig;
    private Process run;

    @BeforeEach
    void start() throws Exception {
        rig = Rig.start("outage-", SimLlmOptions.defaults().withLatency(150, 100));
    }

    @AfterEach
    void stop() {
        Harness.stop(run);
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Timeout(value = 330, unit = TimeUnit.SECONDS)
    void shouldPauseWhileTheModelServerIsDownAndFinishWithoutADeadLetterFromTheOutage() throws Exception {
        Topics topics = new Topics();
        SchemaRegistryClient registry = rig.platform().registryClient();
        Map<String, Object> props = rig.platform().clientProperties();
        String bootstrap = rig.platform().bootstrapServers();
        String registryUrl = rig.platform().registryUrl();
        int metricsPort = Harness.freePort();
        Path out = rig.work().resolve("out");
        Path log = rig.work().resolve("run.log");

        // Given a run on the cluster against the model server
        run = Harness.cli(log, Map.of("APIGEN_WORKER__METRICS_PORT", String.valueOf(metricsPort),
                        "APIGEN_WORKER__STATE_DIR", rig.work().resolve("state").toString(),
                        "APIGEN_WORKER__THREADS", "1", "APIGEN_CLUSTER__PARTITIONS", "4"),
                "run", "--bootstrap-servers", bootstrap, "--schema-registry-url", registryUrl,
                "--llm-base-url", rig.sim().baseUrl(), "--domains", "retail,airline",
                "--tasks", String.valueOf(TASKS_PER_DOMAIN), "--concurrency", "64", "--out", out.toString());
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250))
                .until(() -> !Harness.terminals(props, topics, registry).verified().isEmpty());
        int terminalBefore = terminalCount(props, topics, registry);

        // When the model server goes away mid-run
        String modelUrl = rig.sim().baseUrl();
        rig.sim().close();
        long downAt = System.nanoTime();

        // Then the stages whose calls fail pause (rollout holds the work in flight now), and /metrics says why
        String base = "http://127.0.0.1:" + metricsPort;
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                .until(() -> paused(get(base + "/metrics").body()).contains("rollout"));
        // And the worker stays ready: an outage is no reason to restart it
        HttpResponse<String> ready = get(base + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("connection refused");
        // And the standalone report, which sees no worker, shows it from the workers' status
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Harness.report(bootstrap, registryUrl).path("paused").has("rollout"));
        JsonNode rollout = Harness.report(bootstrap, registryUrl).path("paused").path("rollout");
        assertThat(rollout.path("reasons").toString()).contains("unreachable");
        assertThat(rollout.path("why").toString()).contains("connection refused").contains(modelUrl);
        assertThat(rollout.path("workers")).hasSize(1);
        // And nothing ends while it is down
        long left = OUTAGE.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downAt);
        Thread.sleep(Math.max(0, left - 5_000));
        int terminalDuring = terminalCount(props, topics, registry);
        assertThat(get(base + "/health/ready").statusCode()).as("ready all along").isEqualTo(200);
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downAt)));

        // When it comes back on the same port
        rig.sim().start();
        long upAt = System.nanoTime();

        // Then the run finishes by itself, exit 0
        assertThat(run.waitFor(150, TimeUnit.SECONDS)).as("run finished; log:\n" + Harness.tail(log)).isTrue();
        long finishedAfterUp = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - upAt);
        assertThat(run.exitValue()).as(Harness.tail(log)).isZero();

        // And every task ended once, the ledger balances, and no dead letter came from the outage
        JsonNode report = json.readTree(out.resolve("report.json").toFile());
        assertThat(report.path("requested").asLong()).isEqualTo(2L * TASKS_PER_DOMAIN);
        assertThat(report.path("in_flight").asLong()).isZero();
        assertThat(report.path("verified").asLong() + report.path("dead_lettered").asLong()).isEqualTo(2L * TASKS_PER_DOMAIN);
        Harness.assertWholeReportBalances(bootstrap, registryUrl);
        List<JsonNode> deadLetters = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("dead-letters.jsonl"))) {
            deadLetters.add(json.readTree(line));
        }
        assertThat(deadLetters).allSatisfy(d -> {
            assertThat(d.path("reason").asText()).as(d.toString()).isIn(TASK_REASONS);
            assertThat(d.path("fault").isMissingNode()).as(d.toString()).isTrue();
            assertThat(d.path("error").asText()).doesNotContain("refused").doesNotContain("is down");
        });
        // And the report tells the pause: how long, the units of work held and redone
        JsonNode pauses = report.path("pauses");
        long held = 0;
        long redone = 0;
        StringBuilder perStage = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = pauses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> stage = it.next();
            held += stage.getValue().path("units_held").asLong();
            redone += stage.getValue().path("units_redone").asLong();
            perStage.append(String.format(" %s=%.1fs/%d held", stage.getKey(), stage.getValue().path("paused_seconds").asDouble(),
                    stage.getValue().path("units_held").asLong()));
        }
        assertThat(pauses.path("rollout").path("pauses").asLong()).isPositive();
        assertThat(pauses.path("rollout").path("paused_seconds").asDouble()).isGreaterThan(45.0);
        assertThat(pauses.path("rollout").path("history").get(0).path("why").toString()).contains("connection refused");
        assertThat(held).as("in-flight units held while down").isPositive();
        assertThat(redone).as("every held unit redone").isEqualTo(held);
        assertThat(Harness.read(log)).as("the progress line named the pause").containsPattern("paused: (review \\([^)]*\\); )?rollout \\(")
                .as("the summary told it").contains("paused for endpoint outages: ")
                .doesNotContain("stream thread failed");

        SimStats.Snapshot sim = rig.sim().stats();
        long chatCalls = sim.byRole().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("outage figures: tasks %d, verified %d, dead letters %d %s, terminal before/during the outage %d/%d, "
                        + "paused:%s, units held %d, redone %d, model calls answered %d, calls in the records %d, "
                        + "finished %d s after the server came back%n",
                report.path("requested").asLong(), report.path("verified").asLong(), report.path("dead_lettered").asLong(),
                report.path("dead_letters_by_reason"), terminalBefore, terminalDuring, perStage, held, redone, chatCalls,
                report.path("llm_usage").path("llm_calls").asLong(), finishedAfterUp);
    }

    private static int terminalCount(Map<String, Object> props, Topics topics, SchemaRegistryClient registry) {
        Harness.Terminals t = Harness.terminals(props, topics, registry);
        return t.verified().size() + t.deadLetters().size();
    }

    /** Stages whose apigen_stage_paused gauge is 1 for reason unreachable. */
    private static List<String> paused(String metrics) {
        List<String> stages = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^apigen_stage_paused\\{reason=\"unreachable\",stage=\"([^\"]+)\"} 1\\.0$").matcher(metrics);
        while (m.find()) {
            stages.add(m.group(1));
        }
        return stages;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
