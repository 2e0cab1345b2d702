package io.apigenmt.topology.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.registry.Compatibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable log: a compacted single-partition {@code _schemas} topic, with keys and
 * values in the JSON layout Confluent's registry uses ({@code keytype} SCHEMA or CONFIG), so the
 * newest record per key is the state. One writer: appends are synchronous (acks=all) so a
 * client is only told an id after it is stored.
 */
final class KafkaSchemaLog implements SchemaLog, AutoCloseable {

    static final String DEFAULT_TOPIC = "_schemas";
    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final ObjectMapper json = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;
    private final Map<String, Object> clientProps;
    private final KafkaProducer<String, String> producer;

    private KafkaSchemaLog(String bootstrapServers, String topic, Map<String, Object> clientProps,
                           KafkaProducer<String, String> producer) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientProps = clientProps;
        this.producer = producer;
    }

    /** Creates the topic if needed and returns the log; {@link #replayInto} then loads the state. */
    static KafkaSchemaLog open(String bootstrapServers, String topic, short replication,
                               Map<String, Object> clientProps) {
        createTopic(bootstrapServers, topic, replication, clientProps);
        Map<String, Object> props = new java.util.HashMap<>(clientProps);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaSchemaLog(bootstrapServers, topic, Map.copyOf(clientProps),
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer()));
    }

    /** Applies every record of the topic, oldest first, up to its current end. */
    void replayInto(SchemaStoreLoader loader) {
        int replayed = replay(bootstrapServers, topic, clientProps, loader);
        log.info("schema registry replayed {} records from {}", replayed, topic);
    }

    /** Receives replayed records. */
    interface SchemaStoreLoader {
        void schema(String subject, int version, int id, String schema);

        void config(String subject, Compatibility level);
    }

    @Override
    public void appendSchema(String subject, int version, int id, String schema) {
        ObjectNode key = json.createObjectNode().put("keytype", "SCHEMA").put("subject", subject)
                .put("version", version).put("magic", 1);
        ObjectNode value = json.createObjectNode().put("subject", subject).put("version", version)
                .put("id", id).put("schema", schema).put("deleted", false);
        send(key.toString(), value.toString());
    }

    @Override
    public void appendConfig(String subject, Compatibility level) {
        ObjectNode key = json.createObjectNode().put("keytype", "CONFIG").put("magic", 0);
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        String value = level == null ? null : json.createObjectNode().put("compatibilityLevel", level.name()).toString();
        send(key.toString(), value);
    }

    private void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted storing a schema", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store in " + topic + ": " + e.getMessage(), e);
        }
    }

    private static void createTopic(String bootstrapServers, String topic, short replication,
                                    Map<String, Object> clientProps) {
        Map<String, Object> props = new java.util.HashMap<>(clientProps);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            NewTopic t = new NewTopic(topic, 1, replication).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(t)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating " + topic, e);
        }
    }

    private static int replay(String bootstrapServers, String topic, Map<String, Object> clientProps,
                              SchemaStoreLoader loader) {
        Map<String, Object> props = new java.util.HashMap<>(clientProps);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition tp = new TopicPartition(topic, 0);
        int count = 0;
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out replaying " + topic);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r, loader);
                    count++;
                }
            }
        }
        return count;
    }

    private static void apply(ConsumerRecord<String, String> r, SchemaStoreLoader loader) {
        try {
            JsonNode key = json.readTree(r.key());
            String type = key.path("keytype").asText();
            JsonNode subjectNode = key.get("subject");
            String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
            if ("SCHEMA".equals(type) && r.value() != null) {
                JsonNode v = json.readTree(r.value());
                if (!v.path("deleted").asBoolean(false)) {
                    loader.schema(v.path("subject").asText(), v.path("version").asInt(), v.path("id").asInt(),
                            v.path("schema").asText());
                }
            } else if ("CONFIG".equals(type)) {
                Compatibility level = r.value() == null ? null
                        : Compatibility.parse(json.readTree(r.value()).path("compatibilityLevel").asText());
                loader.config(subject, level);
            }
            // Other key types (NOOP, DELETE_SUBJECT, MODE from a real registry) change nothing here.
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable record at offset " + r.offset() + " of " + r.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
