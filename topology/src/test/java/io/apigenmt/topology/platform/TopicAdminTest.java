package io.apigenmt.topology.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.pipeline.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicAdminTest {

    @RegisterExtension
    static final EmbeddedCluster cluster = EmbeddedCluster.create();

    @Test
    void shouldCreateEveryPipelineTopicOnceWithItsPartitionsAndRetention() throws Exception {
        Topics topics = new Topics("t1.");
        TopicAdmin admin = TopicAdmin.forBootstrap(cluster.bootstrapServers());

        List<String> created = admin.createTopics(topics, 6, (short) 1);
        List<String> again = admin.createTopics(topics, 6, (short) 1);

        Set<String> names = topics.all().stream().map(Topic::name).collect(Collectors.toSet());
        assertThat(created).containsExactlyInAnyOrderElementsOf(names);
        assertThat(again).as("idempotent").isEmpty();
        try (Admin kafka = Admin.create(cluster.clientProperties())) {
            Map<String, TopicDescription> described = kafka.describeTopics(names).allTopicNames().get();
            assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(6));
            ConfigResource verified = new ConfigResource(ConfigResource.Type.TOPIC, topics.verified().name());
            ConfigResource tasks = new ConfigResource(ConfigResource.Type.TOPIC, topics.tasks().name());
            Map<ConfigResource, Config> configs = kafka.describeConfigs(List.of(verified, tasks)).all().get();
            assertThat(configs.get(verified).get("retention.ms").value()).isEqualTo("-1");
            assertThat(configs.get(tasks).get("retention.ms").value()).isEqualTo(String.valueOf(7L * 24 * 3600 * 1000));
        }
    }

    @Test
    void shouldNameEveryTopicWithThePrefix() {
        Topics topics = new Topics("x.");
        assertThat(topics.all()).extracting(Topic::name).containsExactly("x.seeds", "x.tasks",
                "x.blueprints.candidates", "x.blueprints.retry", "x.blueprints.approved",
                "x.trajectories.verified", "x.dead-letters", "x.recombine.members", "x.stage-status");
        assertThat(new Topics().seeds().name()).isEqualTo("apigen.seeds");
        assertThat(topics.deadLetters().valueSubject()).isEqualTo("x.dead-letters-value");
    }
}
