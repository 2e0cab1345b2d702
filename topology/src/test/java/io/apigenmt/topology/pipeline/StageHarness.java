package io.apigenmt.topology.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.llm.ModelRoles;
import io.apigenmt.topology.sim.TestDomains;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Drives one stage's production topology ({@link Stage#topology()}) on a TopologyTestDriver.
 * Values go in and come out in the Avro wire format of the topic registry, through a real schema
 * registry (the embedded cluster's), exactly as on a broker.
 *
 * <pre>
 * try (StageHarness h = StageHarness.start(ReviewStage::new, context, stateDir)) {
 *     h.pipe(topics.candidates(), "t-1", blueprint);
 *     assertThat(h.read(topics.retry())).containsExactly(KeyValue.pair("t-1", expected));
 * }
 * </pre>
 */
public final class StageHarness implements AutoCloseable {

    /** Fixed, so dead letters' {@code at} is part of the expected record. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final StageContext ctx;
    private final Stage stage;
    private final TopologyTestDriver driver;

    private StageHarness(StageContext ctx, Stage stage, Path stateDir) {
        this.ctx = ctx;
        this.stage = stage;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ctx.topics().prefix() + stage.name());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.driver = new TopologyTestDriver(stage.topology(), props);
    }

    public static StageHarness start(Function<StageContext, Stage> factory, StageContext ctx, Path stateDir) {
        return new StageHarness(ctx, factory.apply(ctx), stateDir);
    }

    /** A stage context on the default configuration with {@code overrides} applied, and these models. */
    public static StageContext context(SchemaRegistryClient registry, ModelRoles models, StageMetrics metrics,
                                       java.util.function.Consumer<ConfigLoader> overrides) {
        ConfigLoader loader = ConfigLoader.defaults();
        overrides.accept(loader);
        PipelineConfig config = loader.build();
        return new StageContext(config, config.topics(), registry, TestDomains.domains(), models, new ObjectMapper(),
                CLOCK, metrics);
    }

    /** Roles where only the given ones are meant to be called. */
    public static ModelRoles roles(ChatModel generator, List<? extends ChatModel> reviewers, ChatModel summarizer,
                                   ChatModel user, ChatModel agent) {
        return new ModelRoles(
                generator != null ? generator : ScriptedChatModel.unused("generator"),
                reviewers != null ? List.copyOf(reviewers) : List.of(ScriptedChatModel.unused("reviewer")),
                summarizer != null ? summarizer : ScriptedChatModel.unused("summarizer"),
                user != null ? user : ScriptedChatModel.unused("user"),
                agent != null ? agent : ScriptedChatModel.unused("agent"));
    }

    public <V extends SpecificRecord> byte[] bytes(Topic<V> topic, V value) {
        return topic.valueSerde(ctx.registry()).serializer().serialize(topic.name(), value);
    }

    /** Publishes {@code value} to the stage's input topic, Avro-encoded. */
    public <V extends SpecificRecord> void pipe(Topic<V> topic, String key, V value) {
        pipeBytes(topic, key, bytes(topic, value));
    }

    /** Publishes raw bytes, e.g. a poison pill. */
    public void pipeBytes(Topic<?> topic, String key, byte[] value) {
        driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer()).pipeInput(key, value);
    }

    /** Every record the stage wrote to {@code topic} since the last read, decoded. */
    public <V extends SpecificRecord> List<KeyValue<String, V>> read(Topic<V> topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(),
                topic.valueSerde(ctx.registry()).deserializer()).readKeyValuesToList();
    }

    /** Raw bytes written to {@code topic} since the last read. */
    public List<byte[]> readBytes(Topic<?> topic) {
        List<byte[]> out = new ArrayList<>();
        driver.createOutputTopic(topic.name(), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readValuesToList().forEach(out::add);
        return out;
    }

    /**
     * Drains until the stage has written something to {@code topic}, for work that completes in
     * real time (e.g. redone after a backoff); empty when nothing came within {@code timeout}.
     */
    public <V extends SpecificRecord> List<KeyValue<String, V>> awaitRecords(Topic<V> topic, Duration timeout)
            throws InterruptedException {
        List<KeyValue<String, V>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.isEmpty() && System.nanoTime() < deadline) {
            drain();
            out.addAll(read(topic));
            Thread.sleep(50);
        }
        return out;
    }

    /** Lets the drain punctuator forward work that completed off the stream thread. */
    public void drain() {
        for (int i = 0; i < 5; i++) {
            driver.advanceWallClockTime(Duration.ofMillis(50));
        }
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    public StageContext context() {
        return ctx;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            stage.close();
        }
    }

    /** Counts what stages report, as "stage:kind". */
    public static final class RecordingMetrics implements StageMetrics {
        private final List<String> outs = new CopyOnWriteArrayList<>();

        @Override
        public void recordIn(String stage) {}

        @Override
        public void recordOut(String stage, String kind) {
            outs.add(stage + ":" + kind);
        }

        public List<String> outs() {
            return List.copyOf(outs);
        }
    }
}
