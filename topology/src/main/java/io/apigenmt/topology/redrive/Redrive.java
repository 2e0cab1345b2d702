package io.apigenmt.topology.redrive;

import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.Usage;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.fanout.FanoutStage;
import io.apigenmt.topology.generate.GenerateStage;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.ledger.Ledger;
import io.apigenmt.topology.ledger.LedgerReader;
import io.apigenmt.topology.pipeline.TopicScan;
import io.apigenmt.topology.pipeline.Redrives;
import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.regenerate.RegenerateStage;
import io.apigenmt.topology.review.ReviewStage;
import io.apigenmt.topology.rollout.RolloutStage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Decides, for every dead letter a filter selects, whether and how it goes back: the task's
 * latest dead letter, if the task still stands on it in the books, is re-published to the input
 * topic of the stage that failed it, as the record it kept, with
 * <ul>
 *   <li>the next redrive generation and a fresh attempt budget in its options ({@link Redrives}),</li>
 *   <li>the dead letter's usage in place of the record's own (the dead letter's includes it and
 *       what the failing stage spent), so the task's books stay whole.</li>
 * </ul>
 * Everything else is skipped with the reason: dead letters of a task that verified since, was
 * redriven already or dead-lettered again later; refused seeds (bad input: publish a corrected
 * seed); bytes that belong to no task; recombine's (its input is the stage's own state);
 * payloads that are missing, cut short or no longer decode.
 */
public final class Redrive {

    /** Which dead letters to consider; null fields match everything. */
    public record Filter(String reason, String stage, String seedId) {
        boolean matches(DeadLetter d) {
            return (reason == null || reason.equals(d.getReason())) && (stage == null || stage.equals(d.getStage()))
                    && (seedId == null || seedId.equals(d.getSeedId()));
        }
    }

    /** What happens to one dead letter. */
    public sealed interface Decision permits Send, Skip {
        DeadLetter letter();
    }

    /**
     * @param topic      the stage's input topic
     * @param value      the record to publish, in the wire format
     * @param redrives   the generation and budget it carries
     */
    public record Send(DeadLetter letter, String topic, String type, byte[] value, Redrives redrives) implements Decision {}

    public record Skip(DeadLetter letter, String why) implements Decision {}

    private final Topics topics;
    private final SchemaRegistryClient registry;

    public Redrive(Topics topics, SchemaRegistryClient registry) {
        this.topics = topics;
        this.registry = registry;
    }

    /**
     * The decisions for the dead letters on the topics now: the books are folded first (a
     * {@link Ledger} of everything), then the dead letters {@code filter} selects are read.
     *
     * @param undecodable told where a record of the dead-letter topic could not be read
     */
    public List<Decision> plan(Map<String, Object> clientProps, SeedCheck seedCheck, int trialsPerRollout, Filter filter,
                               Consumer<String> undecodable) {
        Ledger ledger = new Ledger(trialsPerRollout);
        try (LedgerReader reader = new LedgerReader(clientProps, topics, registry, seedCheck, ledger)) {
            reader.catchUp();
        }
        List<DeadLetter> letters = new ArrayList<>();
        AvroWireCodec<DeadLetter> codec = topics.deadLetters().codec(registry);
        try (TopicScan scan = new TopicScan(clientProps, List.of(topics.deadLetters().name()))) {
            scan.catchUp(rec -> {
                try {
                    DeadLetter d = codec.deserialize(rec.value());
                    if (filter.matches(d)) {
                        letters.add(d);
                    }
                } catch (RuntimeException e) {
                    undecodable.accept(rec.topic() + "-" + rec.partition() + "@" + rec.offset());
                }
            });
        }
        return plan(letters, filter, ledger);
    }

    /**
     * The decisions for {@code letters} (dead letters of the topic, in offset order), as the
     * books stand in {@code ledger}: at most one send per task.
     */
    public List<Decision> plan(List<DeadLetter> letters, Filter filter, Ledger ledger) {
        Map<String, DeadLetter> latest = new LinkedHashMap<>();
        List<Decision> decisions = new ArrayList<>();
        for (DeadLetter d : letters) {
            if (!filter.matches(d)) {
                continue;
            }
            if (d.getTasks() == 0) {
                decisions.add(new Skip(d, "belongs to no task (undecodable bytes): nothing to send back"));
                continue;
            }
            DeadLetter earlier = latest.put(d.getId(), d);
            if (earlier != null) {
                decisions.add(new Skip(earlier, "superseded by a later dead letter of the same task"));
            }
        }
        for (DeadLetter d : latest.values()) {
            decisions.add(decide(d, ledger.standing(d.getId())));
        }
        return decisions;
    }

    private Decision decide(DeadLetter d, Ledger.Standing standing) {
        int generation = Redrives.of(d.getOptions()).generation();
        if ("verified".equals(standing.outcome())) {
            return new Skip(d, "the task verified since");
        }
        if (!"dead_lettered".equals(standing.outcome()) || standing.generation() != generation) {
            return new Skip(d, "the task was redriven already (redrive generation " + standing.generation()
                    + " is " + standing.outcome().replace('_', ' ') + ")");
        }
        if (d.getPayload() == null) {
            return new Skip(d, "the dead letter kept no record");
        }
        if (d.getError().contains("(payload truncated")) {
            return new Skip(d, "the kept record was cut short (too large to keep whole)");
        }
        byte[] payload = bytes(d.getPayload());
        try {
            return switch (d.getStage()) {
                case GenerateStage.NAME -> send(d, topics.tasks(), payload, TaskRequest::getOptions, t -> 0,
                        (t, options) -> t.setOptions(options), TaskRequest::setUsage);
                case ReviewStage.NAME -> send(d, topics.candidates(), payload, Blueprint::getOptions,
                        b -> b.getAttempt() - 1, Blueprint::setOptions, Blueprint::setUsage);
                case RegenerateStage.NAME -> send(d, topics.retry(), payload, r -> r.getBlueprint().getOptions(),
                        r -> r.getBlueprint().getAttempt(), (r, options) -> r.getBlueprint().setOptions(options),
                        (r, usage) -> r.getBlueprint().setUsage(usage));
                case RolloutStage.NAME -> send(d, topics.approved(), payload, a -> a.getBlueprint().getOptions(),
                        a -> a.getBlueprint().getAttempt() - 1, (a, options) -> a.getBlueprint().setOptions(options),
                        (a, usage) -> a.getBlueprint().setUsage(usage));
                case FanoutStage.NAME -> new Skip(d, "a refused seed is bad input: correct it and publish it again (apigen seed)");
                default -> new Skip(d, "stage " + d.getStage() + " cannot be redriven (its input is the stage's own state)");
            };
        } catch (RuntimeException e) {
            return new Skip(d, "the kept record does not decode: " + e.getMessage());
        }
    }

    private interface Setter<V, X> {
        void set(V value, X x);
    }

    /**
     * @param usedAttempts the attempts the task had used: its new budget counts from there (a
     *                     record that is reviewed or rolled out again spends one of the new ones)
     */
    private <V extends SpecificRecord> Send send(DeadLetter d, Topic<V> topic, byte[] payload,
                                                 Function<V, Map<String, String>> options, Function<V, Integer> usedAttempts,
                                                 Setter<V, Map<String, String>> setOptions, Setter<V, Usage> setUsage) {
        AvroWireCodec<V> codec = topic.codec(registry);
        V value = codec.deserialize(payload);
        Redrives next = new Redrives(Redrives.of(d.getOptions()).generation(), 0).next(usedAttempts.apply(value));
        setOptions.set(value, next.writeTo(options.apply(value)));
        if (d.getUsage() != null) {
            setUsage.set(value, d.getUsage());
        }
        return new Send(d, topic.name(), topic.valueType().getSimpleName(), codec.serialize(topic.name(), value), next);
    }

    /** Publishes every send (key: the task id) and waits until the broker has each one. */
    public static void publish(List<Send> sends, Map<String, Object> clientProps) throws InterruptedException {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Send s : sends) {
                acks.add(producer.send(new ProducerRecord<>(s.topic(), s.letter().getId(), s.value())));
            }
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("dead letter " + sends.get(i).letter().getId() + " not redriven: "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
