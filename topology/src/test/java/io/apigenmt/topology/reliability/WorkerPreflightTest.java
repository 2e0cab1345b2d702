package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.domains.DomainRegistry;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import io.apigenmt.topology.platform.TopicAdmin;
import io.apigenmt.topology.sim.SimLlm;
import io.apigenmt.topology.sim.SimLlmOptions;
import io.apigenmt.topology.sim.SimLlmServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker whose model endpoint is not there yet (a model server still loading): alive but not
 * ready, saying why; it keeps checking, and becomes ready once the endpoint answers.
 */
class WorkerPreflightTest {

    private Path work;
    private EmbeddedPlatform platform;
    private SimLlmServer sim;
    private Process worker;

    @AfterEach
    void stop() {
        Harness.stop(worker);
        if (sim != null) {
            sim.close();
        }
        if (platform != null) {
            platform.close();
        }
        Harness.delete(work);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldWaitNotReadyUntilTheEndpointAnswersThenRun() throws Exception {
        // Given a cluster, and a port where the model server will be
        work = Harness.workDir("preflight-");
        platform = EmbeddedPlatform.ephemeral();
        TopicAdmin.forBootstrap(platform.bootstrapServers()).createTopics(new Topics(), 4, (short) 1);
        int modelPort = Harness.freePort();
        int metricsPort = Harness.freePort();
        String modelUrl = "http://127.0.0.1:" + modelPort + "/v1";

        // When a worker starts before the model server
        Path log = work.resolve("worker.log");
        worker = Harness.worker(log, platform.bootstrapServers(), platform.registryUrl(), modelUrl, "preflight-worker",
                Files.createDirectories(work.resolve("state")), Map.of(), "--metrics-port", String.valueOf(metricsPort));
        Harness.awaitLog(worker, log, "preflight: not ready", Duration.ofSeconds(60));

        // Then it is alive, not ready, and says why, on the console and in the readiness body
        String base = "http://127.0.0.1:" + metricsPort;
        assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get(base + "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        String problem = "every role at " + modelUrl + ": connection refused";
        assertThat(notReady.body()).contains("\"preflight\":[\"" + problem + "\"]");
        assertThat(Harness.read(log)).contains(problem).doesNotContain("worker running");

        // When the model server comes up on that port
        sim = SimLlm.server(SimLlmOptions.defaults().withPort(modelPort), DomainRegistry.load());
        sim.start();

        // Then the worker passes preflight by itself, starts its stages and becomes ready
        Harness.awaitLog(worker, log, "worker running", Duration.ofSeconds(60));
        assertThat(Harness.read(log)).contains("preflight: the model endpoints answer now");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(base + "/health/ready").statusCode() == 200);
        assertThat(worker.isAlive()).isTrue();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
