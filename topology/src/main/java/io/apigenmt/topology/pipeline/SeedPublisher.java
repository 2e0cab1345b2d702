package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.JsonSafeLong;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes seeds to the seeds topic (what `apigen seed` and `apigen run` do). */
public final class SeedPublisher implements AutoCloseable {

    private final KafkaProducer<String, SeedRequest> producer;
    private final Topic<SeedRequest> topic;

    public SeedPublisher(Map<String, Object> clientProps, Topics topics, SchemaRegistryClient registry) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.topic = topics.seeds();
        this.producer = new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde(registry).serializer());
    }

    /**
     * Sends and waits for the broker's acknowledgement.
     *
     * @throws IllegalArgumentException when random_seed needs more than 53 bits (the pipeline makes no
     *                                  long that JSON and JavaScript clients cannot keep exactly)
     */
    public void publish(SeedRequest seed) throws InterruptedException {
        JsonSafeLong.require("random_seed", seed.getRandomSeed());
        try {
            producer.send(new ProducerRecord<>(topic.name(), seed.getSeedId(), seed)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("seed " + seed.getSeedId() + " not published: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
