package io.apigenmt.topology.platform;

import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The cluster integration tests run against: a real in-process KRaft broker plus the embedded
 * schema registry, started once per test class. (No Docker engine here, so no Testcontainers.)
 *
 * <pre>
 * &#64;RegisterExtension
 * static final EmbeddedCluster cluster = EmbeddedCluster.withPipelineTopics();
 *
 * Serde&lt;SeedRequest&gt; serde = cluster.topics().seeds().valueSerde(cluster.registryClient());
 * new KafkaProducer&lt;&gt;(cluster.clientProperties(), ...);
 * </pre>
 */
public final class EmbeddedCluster implements BeforeAllCallback, AfterAllCallback {

    /** Few partitions keep topic creation and group joins fast in tests. */
    public static final int TEST_PARTITIONS = 4;

    private final boolean createTopics;
    private final int partitions;
    private final Topics topics;
    private EmbeddedPlatform platform;
    private SchemaRegistryClient registryClient;

    private EmbeddedCluster(boolean createTopics, int partitions, Topics topics) {
        this.createTopics = createTopics;
        this.partitions = partitions;
        this.topics = topics;
    }

    /** Broker and registry only. */
    public static EmbeddedCluster create() {
        return new EmbeddedCluster(false, TEST_PARTITIONS, new Topics());
    }

    /** Broker and registry with every pipeline topic (default prefix, {@value #TEST_PARTITIONS} partitions). */
    public static EmbeddedCluster withPipelineTopics() {
        return new EmbeddedCluster(true, TEST_PARTITIONS, new Topics());
    }

    public static EmbeddedCluster withPipelineTopics(Topics topics, int partitions) {
        return new EmbeddedCluster(true, partitions, topics);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the cluster; for use outside JUnit's lifecycle. Idempotent. */
    public synchronized void start() {
        if (platform != null) {
            return;
        }
        platform = EmbeddedPlatform.ephemeral();
        registryClient = platform.registryClient();
        if (createTopics) {
            TopicAdmin.forBootstrap(platform.bootstrapServers()).createTopics(topics, partitions, (short) 1);
        }
    }

    public synchronized void close() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    public String bootstrapServers() {
        return platform().bootstrapServers();
    }

    public String registryUrl() {
        return platform().registryUrl();
    }

    /** One client per cluster, so its id cache is shared by the test class. */
    public SchemaRegistryClient registryClient() {
        platform();
        return registryClient;
    }

    public Topics topics() {
        return topics;
    }

    /** {@code bootstrap.servers} for any Kafka client; a mutable copy to add settings to. */
    public Map<String, Object> clientProperties() {
        return new HashMap<>(platform().clientProperties());
    }

    /** Consumer properties reading from the beginning in a fresh group. */
    public Map<String, Object> consumerProperties() {
        Map<String, Object> p = clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    public synchronized EmbeddedPlatform platform() {
        if (platform == null) {
            throw new IllegalStateException("EmbeddedCluster not started: register it with @RegisterExtension "
                    + "on a static field, or call start()");
        }
        return platform;
    }
}
