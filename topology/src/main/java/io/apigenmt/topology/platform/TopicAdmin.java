package io.apigenmt.topology.platform;

import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.pipeline.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline topics. Idempotent: topics that already exist are left as they are
 * (partition counts are never changed behind a running pipeline's back, since that would
 * move keys between partitions).
 */
public final class TopicAdmin {

    public static final int DEFAULT_PARTITIONS = 32;
    public static final short DEFAULT_REPLICATION = 1;
    /** Dead letters carry the original payload and trajectories are long: allow 8 MiB records. */
    static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_MS = 60_000;

    private final Map<String, Object> clientProps;

    /** @param clientProps Kafka client properties: bootstrap.servers and any security settings */
    public TopicAdmin(Map<String, Object> clientProps) {
        this.clientProps = Map.copyOf(clientProps);
    }

    public static TopicAdmin forBootstrap(String bootstrapServers) {
        return new TopicAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Creates every topic of {@code topics} that does not exist yet; returns the names it created. */
    public List<String> createTopics(Topics topics, int partitions, short replication) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (replication < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, got " + replication);
        }
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?> t : topics.all()) {
            wanted.add(new NewTopic(t.name(), partitions, replication).configs(configs(t, replication)));
        }
        List<String> created = new ArrayList<>();
        try (Admin admin = Admin.create(clientProps)) {
            CreateTopicsResult result = admin.createTopics(wanted);
            for (NewTopic t : wanted) {
                try {
                    result.values().get(t.name()).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    created.add(t.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics on " + clientProps.get(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), e);
        }
        if (!created.isEmpty()) {
            log.info("created topics {} ({} partitions, replication {})", created, partitions, replication);
        }
        return created;
    }

    public List<String> createTopics(Topics topics) {
        return createTopics(topics, DEFAULT_PARTITIONS, DEFAULT_REPLICATION);
    }

    static Map<String, String> configs(Topic<?> topic, short replication) {
        Map<String, String> c = new HashMap<>();
        c.put(TopicConfig.RETENTION_MS_CONFIG,
                topic.retention() == null ? "-1" : Long.toString(topic.retention().toMillis()));
        c.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
        // With 3+ replicas an acknowledged write must survive one broker loss.
        c.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replication >= 3 ? "2" : "1");
        return c;
    }
}
