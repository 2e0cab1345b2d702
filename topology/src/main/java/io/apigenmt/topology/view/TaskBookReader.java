package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.pipeline.TopicScan;
import io.apigenmt.topology.pipeline.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the blueprint, trajectory and dead-letter topics into a {@link TaskBook}, committed
 * records only and without a consumer group; {@link #catchUp()} again to follow a running
 * pipeline. Undecodable records are skipped here: their stage dead-letters them.
 */
public final class TaskBookReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskBookReader.class);

    private final TaskBook book;
    private final Map<String, Consumer<byte[]>> folds = new HashMap<>();
    private final TopicScan scan;

    public TaskBookReader(Map<String, Object> clientProps, Topics topics, SchemaRegistryClient registry, TaskBook book) {
        this.book = book;
        fold(topics.candidates(), registry, book::onCandidate);
        fold(topics.retry(), registry, book::onRetry);
        fold(topics.approved(), registry, book::onApproved);
        fold(topics.verified(), registry, book::onVerified);
        fold(topics.deadLetters(), registry, book::onDeadLetter);
        this.scan = new TopicScan(clientProps, new ArrayList<>(folds.keySet()));
    }

    private <T extends SpecificRecord> void fold(Topic<T> topic, SchemaRegistryClient registry, Consumer<T> into) {
        var codec = topic.codec(registry);
        folds.put(topic.name(), bytes -> into.accept(codec.deserialize(bytes)));
    }

    /** Reads every committed record up to the end offsets as of now. */
    public TaskBook catchUp() {
        scan.catchUp(this::visit);
        return book;
    }

    private void visit(ConsumerRecord<String, byte[]> rec) {
        try {
            folds.get(rec.topic()).accept(rec.value());
        } catch (RuntimeException e) {
            log.debug("task history skipped undecodable record {}-{}@{}", rec.topic(), rec.partition(), rec.offset());
        }
    }

    @Override
    public void close() {
        scan.close();
    }

    /** The tasks of the seeds {@code seedFilter} accepts, as the topics hold them now. */
    public static List<ObjectNode> read(Map<String, Object> clientProps, Topics topics,
            SchemaRegistryClient registry, Predicate<String> seedFilter) {
        try (TaskBookReader reader = new TaskBookReader(clientProps, topics, registry, new TaskBook(seedFilter))) {
            return reader.catchUp().toJson();
        }
    }
}
