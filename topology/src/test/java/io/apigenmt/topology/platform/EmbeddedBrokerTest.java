package io.apigenmt.topology.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {

    @Test
    void shouldRunTwoBrokersInOneJvmThatServePlainClientsIndependently() throws Exception {
        Path dirA;
        try (EmbeddedBroker a = EmbeddedBroker.start(BrokerSettings.ephemeral());
             EmbeddedBroker b = EmbeddedBroker.start(BrokerSettings.ephemeral())) {
            dirA = a.dataDir();
            assertThat(a.port()).isNotEqualTo(b.port()).isPositive();
            assertThat(a.dataDir()).isNotEqualTo(b.dataDir());

            produce(a, "greetings", "k", "from-a");
            produce(b, "greetings", "k", "from-b");

            assertThat(consume(a, "greetings", 1)).containsExactly("from-a");
            assertThat(consume(b, "greetings", 1)).containsExactly("from-b");
        }
        assertThat(Files.exists(dirA)).as("temp data dir removed on close").isFalse();
    }

    private static void produce(EmbeddedBroker broker, String topic, String key, String value) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            // Auto-created topic: the first send waits for its metadata.
            p.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static List<String> consume(EmbeddedBroker broker, String topic, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            // Assigned, not subscribed: no group to form, so the check stays fast on a loaded machine.
            List<org.apache.kafka.common.TopicPartition> tps = List.of(new org.apache.kafka.common.TopicPartition(topic, 0));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
