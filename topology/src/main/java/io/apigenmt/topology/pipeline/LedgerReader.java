package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.fanout.SeedCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the topics into a {@link Ledger}: reads, committed records only, from the beginning;
 * {@link #catchUp()} reads up to the end offsets as of the call and can be called again to
 * follow a running pipeline. Uses no consumer group (manual assignment), so it disturbs nothing.
 */
public final class LedgerReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerReader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Consumer<byte[]>> folds = new HashMap<>();
    private final Ledger ledger;
    private long undecodable;

    public LedgerReader(Map<String, Object> kafkaClientProps, Topics topics, SchemaRegistryClient registry,
                        SeedCheck seedCheck, Ledger ledger) {
        this.ledger = ledger;
        AvroWireCodec<SeedRequest> seeds = new AvroWireCodec<>(registry, SeedRequest.class, false);
        AvroWireCodec<Blueprint> candidates = new AvroWireCodec<>(registry, Blueprint.class, false);
        AvroWireCodec<RejectedBlueprint> retries = new AvroWireCodec<>(registry, RejectedBlueprint.class, false);
        AvroWireCodec<ApprovedBlueprint> approved = new AvroWireCodec<>(registry, ApprovedBlueprint.class, false);
        AvroWireCodec<Trajectory> verified = new AvroWireCodec<>(registry, Trajectory.class, false);
        AvroWireCodec<DeadLetter> dead = new AvroWireCodec<>(registry, DeadLetter.class, false);
        folds.put(topics.seeds().name(), b -> ledger.onSeed(seedCheck.check(b, seeds::deserialize)));
        folds.put(topics.candidates().name(), b -> ledger.onCandidate(candidates.deserialize(b)));
        folds.put(topics.retry().name(), b -> ledger.onRetry(retries.deserialize(b)));
        folds.put(topics.approved().name(), b -> ledger.onApproved(approved.deserialize(b)));
        folds.put(topics.verified().name(), b -> ledger.onVerified(verified.deserialize(b)));
        folds.put(topics.deadLetters().name(), b -> ledger.onDeadLetter(dead.deserialize(b)));

        Properties props = new Properties();
        props.putAll(kafkaClientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : folds.keySet()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null) {
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public Ledger ledger() {
        return ledger;
    }

    /** Records that could not be decoded (counted by their stage as dead letters, not here). */
    public long undecodable() {
        return undecodable;
    }

    /** Reads every committed record up to the end offsets as of now. */
    public Ledger catchUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
        while (!reached(end)) {
            for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
                try {
                    folds.get(rec.topic()).accept(rec.value());
                } catch (RuntimeException e) {
                    // Poison pills are the stages' business (they dead-letter them); the ledger skips them.
                    undecodable++;
                    log.debug("ledger skipped undecodable record {}-{}@{}", rec.topic(), rec.partition(), rec.offset());
                }
            }
        }
        return ledger;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            // Under read_committed the position can stop short of the end only at an open
            // transaction's records; the consumer moves past them once they commit or abort.
            if (consumer.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
