package io.apigenmt.topology.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.topology.platform.EmbeddedPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apigen run} on the user's cluster when the cluster is named in the config file or in
 * APIGEN_CLUSTER__* variables, not only by a flag: the configuration is resolved first, so run
 * starts no broker of its own and the pipeline's topics appear on that cluster.
 */
class RunOnAClusterTest {

    /** The user's cluster. */
    private static EmbeddedPlatform cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTheUsersCluster() {
        cluster = EmbeddedPlatform.ephemeral();
    }

    @AfterAll
    static void stopTheUsersCluster() {
        cluster.close();
    }

    @Test
    @Timeout(300)
    void shouldRunOnTheClusterOfTheConfigFile() throws Exception {
        Path config = Files.writeString(dir.resolve("apigen.yaml"), """
                cluster:
                  bootstrap_servers: %s
                  schema_registry_url: %s
                  topic_prefix: fromfile.
                  partitions: 2
                worker:
                  threads: 1
                  state_dir: %s
                """.formatted(cluster.bootstrapServers(), cluster.registryUrl(), dir.resolve("state")));

        ConfigShowCommandTest.Outcome o = run(Map.of(), "--config", config.toString());

        assertRanOnTheUsersCluster(o, "fromfile.");
    }

    @Test
    @Timeout(300)
    void shouldRunOnTheClusterOfTheEnvironment() throws Exception {
        Map<String, String> env = Map.of(
                "APIGEN_CLUSTER__BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "APIGEN_CLUSTER__SCHEMA_REGISTRY_URL", cluster.registryUrl(),
                "APIGEN_CLUSTER__TOPIC_PREFIX", "fromenv.",
                "APIGEN_CLUSTER__PARTITIONS", "2",
                "APIGEN_WORKER__THREADS", "1",
                "APIGEN_WORKER__STATE_DIR", dir.resolve("state").toString());

        ConfigShowCommandTest.Outcome o = run(env);

        assertRanOnTheUsersCluster(o, "fromenv.");
    }

    private ConfigShowCommandTest.Outcome run(Map<String, String> env, String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"run", "--domains", "retail", "--tasks", "2", "--out=" + dir.resolve("out")}, 0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return ConfigShowCommandTest.execute(env, args);
    }

    private void assertRanOnTheUsersCluster(ConfigShowCommandTest.Outcome o, String prefix) throws Exception {
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.err()).doesNotContain("embedded broker");
        JsonNode report = new ObjectMapper().readTree(dir.resolve("out").resolve("report.json").toFile());
        assertThat(report.path("requested").asLong()).as(report.toString()).isEqualTo(2);
        assertThat(report.path("in_flight").asLong()).isZero();
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).contains(prefix + "seeds", prefix + "blueprints.candidates", prefix + "trajectories.verified");
            assertThat(admin.describeTopics(Set.of(prefix + "seeds")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(prefix + "seeds").partitions()).as("cluster.partitions of the layer that named the cluster").hasSize(2);
        }
    }
}
