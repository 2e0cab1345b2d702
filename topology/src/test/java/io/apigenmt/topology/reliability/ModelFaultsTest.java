package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.sim.SimLlmOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * sim-llm at a 20% fault rate (429 with Retry-After, 500, slow, truncated bodies, non-JSON
 * content): the run completes with the invariant, the server counted its faults by kind and
 * the worker's LLM metrics counted the failed attempts it retried.
 */
class ModelFaultsTest {

    private Rig rig;
    private Process worker;

    @BeforeEach
    void start() throws Exception {
        rig = Rig.start("faults-", SimLlmOptions.defaults().withFaultRate(0.2).withLatency(10, 10));
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.destroyForcibly();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldCompleteAndCountFaultsAtTwentyPercent() throws Exception {
        Topics topics = new Topics();
        SchemaRegistryClient registry = rig.platform().registryClient();
        Map<String, Object> props = rig.platform().clientProperties();
        Map<String, Integer> seeds = new LinkedHashMap<>();
        seeds.put("faults-retail", 8);
        seeds.put("faults-airline", 8);
        Path log = rig.work().resolve("worker.log");
        worker = Harness.worker(log, rig.platform().bootstrapServers(), rig.platform().registryUrl(), rig.sim().baseUrl(), "faults-worker",
                Files.createDirectories(rig.work().resolve("state")), Map.of(), "--metrics-port", "0");
        int metricsPort = Harness.metricsPort(Harness.awaitLog(worker, log, "worker running", Duration.ofSeconds(60)));
        Harness.publishSeed(props, topics, registry, "faults-retail", "retail", 8);
        Harness.publishSeed(props, topics, registry, "faults-airline", "airline", 8);

        await().atMost(Duration.ofSeconds(110)).pollInterval(Duration.ofMillis(500))
                .until(() -> Harness.allTerminal(props, topics, registry, seeds));

        Harness.Terminals end = Harness.assertInvariant(props, topics, registry, seeds, rig.platform().bootstrapServers(),
                rig.platform().registryUrl());
        Harness.assertWholeReportBalances(rig.platform().bootstrapServers(), rig.platform().registryUrl());
        assertThat(end.verified()).as("faults do not stop good work").isNotEmpty();
        Map<String, Long> faults = rig.sim().stats().faults();
        assertThat(faults.values().stream().mapToLong(Long::longValue).sum()).as("faults injected: " + faults).isPositive();
        assertThat(faults.keySet()).as("fault kinds injected").contains("rate_limited", "server_error", "truncated");
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(sum(metrics, "apigen_llm_attempt_failures_total")).as("failed attempts counted by the worker").isPositive();
        assertThat(Harness.read(log)).as("no stream thread died").doesNotContain("stream thread failed");
    }

    /** The sum of every series of a Prometheus counter. */
    static double sum(String metrics, String name) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*} ([0-9.eE+-]+)$").matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
