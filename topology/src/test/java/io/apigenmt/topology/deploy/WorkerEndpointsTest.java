package io.apigenmt.topology.deploy;

import static io.apigenmt.topology.deploy.DeployFiles.deploy;
import static io.apigenmt.topology.deploy.DeployFiles.yamlDocuments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.topology.environment.Domains;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.SeedPublisher;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.worker.MetricsServer;
import io.apigenmt.topology.worker.MicrometerStageMetrics;
import io.apigenmt.topology.worker.Worker;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's HTTP endpoint answers the way the Kubernetes probes, the compose healthcheck and
 * Prometheus expect: a real worker (the fan-out stage, which needs no model) against the embedded
 * cluster, with its MetricsServer bound as in a container (0.0.0.0).
 */
class WorkerEndpointsTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void probesAndMetricsAnswerAsTheManifestsExpect() throws Exception {
        Map<String, String> probes = probePaths();
        assertThat(probes).containsEntry("liveness", "/health/live").containsEntry("readiness", "/health/ready");

        PipelineConfig config = ConfigLoader.defaults()
                .set("cluster.bootstrap_servers", cluster.bootstrapServers())
                .set("cluster.schema_registry_url", cluster.registryUrl())
                .set("cluster.partitions", EmbeddedCluster.TEST_PARTITIONS)
                .set("worker.state_dir", stateDir.toString())
                .build();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Static membership, as the pods run it (--worker-id from the pod name).
        try (Worker worker = new Worker(config, Set.of("fan-out"), "apigen-generate-abc12", true,
                cluster.registryClient(), Domains.of(DomainRegistry.load()), null, new MicrometerStageMetrics(meters));
             MetricsServer server = MetricsServer.start("0.0.0.0", 0, meters, worker)) {
            String base = "http://127.0.0.1:" + server.port();

            // Up but not started: alive (the startup/liveness probes pass), not ready.
            assertThat(get(base + probes.get("liveness")).statusCode()).isEqualTo(200);
            assertThat(get(base + probes.get("readiness")).statusCode()).isEqualTo(503);

            worker.start();
            worker.streams().forEach(s -> new KafkaStreamsMetrics(s).bindTo(meters));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(base + probes.get("readiness")).statusCode() == 200);
            HttpResponse<String> live = get(base + probes.get("liveness"));
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("\"live\":true");
            assertThat(get(base + probes.get("readiness")).body()).contains("\"ready\":true");

            // Work flows, so the stage counters exist; Prometheus reads them in its text format.
            try (SeedPublisher publisher = new SeedPublisher(cluster.clientProperties(), cluster.topics(), cluster.registryClient())) {
                publisher.publish(SeedRequest.newBuilder().setSeedId("deploy-seed").setDomain("retail").setTasks(3)
                        .setRandomSeed(7L).setOptions(Map.of()).build());
            }
            // fan-out counts one "tasks" output per seed (the seed's tasks go out together).
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(base + "/metrics").body().contains("apigen_stage_records_out_total{kind=\"tasks\",stage=\"fan-out\"} 1.0"));
            HttpResponse<String> metrics = get(base + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            String scrape = metrics.body();
            assertThat(scrape).contains("apigen_stage_records_in_total{stage=\"fan-out\"}");

            // Every Kafka metric the dashboard queries is one the worker exports, and the dashboard's
            // label_replace turns the Streams consumer's client id into the stage's application id.
            JsonNode dashboard = DeployFiles.JSON.readTree(deploy().resolve("grafana/apigen-dashboard.json").toFile());
            for (String metric : DeployManifestsTest.dashboardMetrics(dashboard)) {
                if (metric.startsWith("kafka_")) {
                    assertThat(scrape).as("the worker exports %s", metric).contains(metric + "{");
                }
            }
            String lagExpr = DeployManifestsTest.expressions(dashboard).stream()
                    .filter(e -> e.contains("kafka_consumer_fetch_manager_records_lag_max")).findFirst().orElseThrow();
            Matcher selector = Pattern.compile("client_id=~\"([^\"]+)\"").matcher(lagExpr);
            Matcher replace = Pattern.compile("\"client_id\", \"([^\"]+)\"").matcher(lagExpr);
            assertThat(selector.find() && replace.find()).as("series selector and label_replace in %s", lagExpr).isTrue();
            // PromQL anchors both regexes at both ends, like matches(); its string escapes make \\\\ one backslash.
            Pattern selected = Pattern.compile(selector.group(1).replace("\\\\", "\\"));
            Pattern stageOf = Pattern.compile(replace.group(1).replace("\\\\", "\\"));
            Matcher clientIds = Pattern.compile("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"([^\"]+)\"").matcher(scrape);
            int mainConsumers = 0;
            while (clientIds.find()) {
                String clientId = clientIds.group(1);
                if (selected.matcher(clientId).matches()) {
                    Matcher stage = stageOf.matcher(clientId);
                    assertThat(stage.matches()).as("%s matches %s", clientId, stageOf).isTrue();
                    assertThat(stage.group(1)).isEqualTo(config.cluster().topicPrefix() + "fan-out");
                    mainConsumers++;
                }
            }
            assertThat(mainConsumers).as("lag series of the stage's main consumers").isPositive();
        }
    }

    /** The HTTP paths of the worker Deployments' probes (the same in all three, checked in DeployManifestsTest). */
    private static Map<String, String> probePaths() {
        JsonNode container = yamlDocuments(deploy().resolve("k8s/base/deployment-review.yaml")).get(0)
                .path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("liveness", container.path("livenessProbe").path("httpGet").path("path").asText());
        out.put("readiness", container.path("readinessProbe").path("httpGet").path("path").asText());
        out.put("startup", container.path("startupProbe").path("httpGet").path("path").asText());
        return out;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
