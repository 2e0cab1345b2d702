package io.apigenmt.topology.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.fanout.FanoutStage;
import io.apigenmt.topology.generate.GenerateStage;
import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.platform.SampleRecords;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.regenerate.RegenerateStage;
import io.apigenmt.topology.review.ReviewStage;
import io.apigenmt.topology.rollout.RolloutStage;
import io.apigenmt.topology.sim.SimLlmOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Poison pills on every input topic — random bytes, a wrong magic byte, an unknown schema id, a
 * valid record of the wrong schema, a record over the size limit — each become a dead letter
 * naming the stage and a reason, and a valid seed published after them still completes.
 */
class PoisonPillTest {

    /** Over fanout.max_payload_bytes (1 MiB), under the topics' 8 MiB message limit. */
    private static final int OVERSIZED = 1_300_000;

    private Rig rig;
    private Process worker;

    @BeforeEach
    void start() throws Exception {
        rig = Rig.start("poison-", SimLlmOptions.defaults().withLatency(20, 10));
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.destroyForcibly();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldDeadLetterEveryPoisonPillAndKeepProcessing() throws Exception {
        Topics topics = new Topics();
        SchemaRegistryClient registry = rig.platform().registryClient();
        Map<String, Object> props = rig.platform().clientProperties();
        worker = Harness.worker(rig.work().resolve("worker.log"), rig.platform().bootstrapServers(), rig.platform().registryUrl(),
                rig.sim().baseUrl(), "poison-worker", Files.createDirectories(rig.work().resolve("state")), Map.of());
        Harness.awaitLog(worker, rig.work().resolve("worker.log"), "worker running", Duration.ofSeconds(60));

        // Given five pills on each of the five input topics
        Map<String, String> expectedStage = new LinkedHashMap<>(); // pill key -> stage
        Map<String, String> topicStages = Map.of(topics.seeds().name(), FanoutStage.NAME,
                topics.tasks().name(), GenerateStage.NAME, topics.candidates().name(), ReviewStage.NAME,
                topics.retry().name(), RegenerateStage.NAME, topics.approved().name(), RolloutStage.NAME);
        Random random = new Random(8);
        int unknownId = 987_654;
        try (KafkaProducer<String, byte[]> producer = producer(props)) {
            for (Topic<?> topic : List.of(topics.seeds(), topics.tasks(), topics.candidates(), topics.retry(),
                    topics.approved())) {
                String t = topic.name();
                String stage = topicStages.get(t);
                byte[] randomBytes = new byte[200];
                random.nextBytes(randomBytes);
                randomBytes[0] = 0x7F;
                byte[] wrongMagic = valid(topic, registry, key(t, "wrong-magic"), 0).clone();
                wrongMagic[0] = 0x01;
                byte[] unknownSchema = ByteBuffer.allocate(5 + 64).put((byte) 0).putInt(unknownId).put(new byte[64]).array();
                byte[] wrongSchema = wrongSchema(topic, topics, registry, key(t, "wrong-schema"));
                byte[] oversized = valid(topic, registry, key(t, "oversized"), OVERSIZED);
                send(producer, t, key(t, "random-bytes"), randomBytes, expectedStage, stage);
                send(producer, t, key(t, "wrong-magic"), wrongMagic, expectedStage, stage);
                send(producer, t, key(t, "unknown-schema"), unknownSchema, expectedStage, stage);
                send(producer, t, key(t, "wrong-schema"), wrongSchema, expectedStage, stage);
                send(producer, t, key(t, "oversized"), oversized, expectedStage, stage);
            }
            producer.flush();
        }
        // And a valid seed after them
        Harness.publishSeed(props, topics, registry, "after-pills", "retail", 3);

        // Then every pill is a dead letter of its stage with a reason, and the valid seed completes
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(worker.isAlive()).as("worker alive").isTrue();
            Map<String, DeadLetter> byId = Harness.terminals(props, topics, registry).deadLetters().stream()
                    .collect(Collectors.toMap(DeadLetter::getId, d -> d, (a, b) -> a));
            assertThat(byId.keySet()).as("dead-lettered pills").containsAll(expectedStage.keySet());
            assertThat(Harness.allTerminal(props, topics, registry, Map.of("after-pills", 3))).isTrue();
        });
        Harness.Terminals end = Harness.terminals(props, topics, registry);
        Map<String, List<DeadLetter>> byId = end.deadLetters().stream().collect(Collectors.groupingBy(DeadLetter::getId));
        expectedStage.forEach((key, stage) -> {
            List<DeadLetter> letters = byId.get(key);
            assertThat(letters).as(key).hasSize(1);
            DeadLetter d = letters.get(0);
            assertThat(d.getStage()).as("stage of " + key).isEqualTo(stage);
            assertThat(d.getReason()).as("reason of " + key).isNotBlank();
            assertThat(d.getError()).as("error of " + key).isNotBlank();
            if (key.endsWith("oversized")) {
                assertThat(d.getReason()).as("reason of " + key).isEqualTo("payload_too_large");
            }
            if (key.endsWith("random-bytes") || key.endsWith("wrong-magic") || key.endsWith("unknown-schema")) {
                assertThat(d.getReason()).as("reason of " + key).isEqualTo("undecodable");
            }
        });
        Harness.assertInvariant(props, topics, registry, Map.of("after-pills", 3), rig.platform().bootstrapServers(),
                rig.platform().registryUrl());
        assertThat(Harness.read(rig.work().resolve("worker.log"))).as("no stream thread died")
                .doesNotContain("stream thread failed");
    }

    private static String key(String topic, String kind) {
        return "pill-" + topic.replace("apigen.", "").replace('.', '-') + "-" + kind;
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value,
                             Map<String, String> expected, String stage) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        expected.put(key, stage);
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> props) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** A valid record of the topic's own schema, keyed {@code id}, with {@code padding} characters of payload. */
    private static byte[] valid(Topic<?> topic, SchemaRegistryClient registry, String id, int padding) {
        String pad = "x".repeat(padding);
        Map<String, String> options = padding > 0 ? Map.of("pad", pad) : Map.of();
        SpecificRecord value;
        if (topic.valueType() == SeedRequest.class) {
            value = new SeedRequest(id, "retail", 1, 1L, options, List.of());
        } else if (topic.valueType() == TaskRequest.class) {
            value = TaskRequest.newBuilder().setTaskId(id).setSeedId("pills").setDomain("retail").setIndex(0)
                    .setRandomSeed(1L).setOptions(options).build();
        } else {
            Blueprint b = SampleRecords.of(Blueprint.class);
            b.setTaskId(id);
            b.setSeedId("pills");
            b.setDomain("retail");
            b.setAttempt(1);
            b.setInstruction(padding > 0 ? pad : "Cancel my order.");
            if (topic.valueType() == Blueprint.class) {
                value = b;
            } else if (topic.valueType() == RejectedBlueprint.class) {
                RejectedBlueprint r = SampleRecords.of(RejectedBlueprint.class);
                r.setBlueprint(b);
                value = r;
            } else {
                ApprovedBlueprint a = SampleRecords.of(ApprovedBlueprint.class);
                a.setBlueprint(b);
                value = a;
            }
        }
        return serialize(topic.name(), value, registry);
    }

    /** A valid record of another topic's schema (so its schema id exists in the registry). */
    private static byte[] wrongSchema(Topic<?> topic, Topics topics, SchemaRegistryClient registry, String id) {
        if (topic.valueType() == TaskRequest.class) {
            return serialize(topics.seeds().name(), new SeedRequest(id, "retail", 1, 1L, Map.of(), List.of()), registry);
        }
        TaskRequest task = TaskRequest.newBuilder().setTaskId(id).setSeedId("pills").setDomain("retail").setIndex(0)
                .setRandomSeed(1L).setOptions(Map.of()).build();
        return serialize(topics.tasks().name(), task, registry);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] serialize(String topic, SpecificRecord value, SchemaRegistryClient registry) {
        AvroWireCodec codec = new AvroWireCodec(registry, value.getClass(), true);
        return codec.serialize(topic, value);
    }
}
