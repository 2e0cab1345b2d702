package io.apigenmt.topology.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.cli.Main;
import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.platform.EmbeddedCluster;
import io.apigenmt.topology.platform.SampleRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code apigen view --bootstrap-servers ...}: the page follows the topics of a live cluster. */
class LiveViewTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void shouldShowWhatTheTopicsHoldAndFollowNewRecords() throws Exception {
        // Given a seed of two tasks, both generated, one verified
        Blueprint b0 = blueprint("live-0");
        Blueprint b1 = blueprint("live-1");
        publish(cluster.topics().seeds(), "live", new SeedRequest("live", "retail", 2, 1L, Map.of()));
        publish(cluster.topics().candidates(), b0.getTaskId(), b0);
        publish(cluster.topics().candidates(), b1.getTaskId(), b1);
        publish(cluster.topics().verified(), b0.getTaskId(), Trajectory.newBuilder(SampleRecords.of(Trajectory.class))
                .setTaskId(b0.getTaskId()).setDomain("retail").setBlueprint(b0).build());

        // When the viewer is started on the cluster
        try (ViewerProcess viewer = ViewerProcess.start(tmp, "--bootstrap-servers", cluster.bootstrapServers(),
                "--schema-registry-url", cluster.registryUrl(), "--port", "0")) {
            // Then it shows the ledger and the tasks as they are
            JsonNode overview = get(viewer, "api/overview");
            assertThat(overview.path("live").asBoolean()).isTrue();
            assertThat(overview.path("ledger").path("requested").asLong()).isEqualTo(2);
            assertThat(overview.path("ledger").path("verified").asLong()).isEqualTo(1);
            assertThat(overview.path("ledger").path("in_flight").asLong()).isEqualTo(1);
            assertThat(get(viewer, "api/tasks?outcome=in_flight").path("items").findValuesAsText("task_id"))
                    .containsExactly("live-1");

            // When the other task is dead-lettered
            publish(cluster.topics().deadLetters(), b1.getTaskId(), DeadLetter.newBuilder().setId("live-1").setStage("review")
                    .setReason("review_exhausted").setError("3 attempts").setAttempts(3).setSeedId("live").setDomain("retail")
                    .setTasks(1).setAt(1L).build());

            // Then the page catches up, and the redrive command names this cluster
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(viewer, "api/overview").path("ledger").path("dead_lettered").asLong()).isEqualTo(1));
            JsonNode dead = get(viewer, "api/dead-letters");
            assertThat(dead.path("cluster_known").asBoolean()).isTrue();
            assertThat(dead.path("groups").get(0).path("command").asText()).isEqualTo(
                    "apigen redrive --reason review_exhausted --stage review --seed-id live --bootstrap-servers "
                            + cluster.bootstrapServers() + " --schema-registry-url " + cluster.registryUrl());
            assertThat(viewer.stop()).as("stops on SIGTERM; stderr: %s", viewer.stderr()).isTrue();
        }
    }

    @Test
    void shouldRefuseAFolderAndAClusterAtOnceOrNeither() {
        assertThat(Main.execute("view", tmp.toString(), "--bootstrap-servers", "localhost:9092")).isEqualTo(2);
        assertThat(Main.execute("view", tmp.resolve("missing").toString())).isEqualTo(2);
        assertThat(Main.execute("view", tmp.toString(), "--port", "70000")).isEqualTo(2);
    }

    private static Blueprint blueprint(String taskId) {
        return Blueprint.newBuilder(SampleRecords.of(Blueprint.class)).setTaskId(taskId).setSeedId("live")
                .setDomain("retail").setAttempt(1).setUsage(Usages.of(10L, 1L, 1)).setOptions(Map.of()).build();
    }

    private static <V extends SpecificRecord> void publish(Topic<V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(cluster.clientProperties(), new StringSerializer(),
                topic.valueSerde(cluster.registryClient()).serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    private JsonNode get(ViewerProcess viewer, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(viewer.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
