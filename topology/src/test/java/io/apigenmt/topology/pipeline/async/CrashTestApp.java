package io.apigenmt.topology.pipeline.async;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streams application killed by {@link AsyncJournalCrashTest}, run in its own JVM:
 * {@code CrashTestApp <bootstrap> <application.id> <state.dir> <instance.id> <input> <output>}.
 * Each input becomes one output with the same key after a random 10-200 ms of "model work".
 * Prints a {@code STATS} line every 200 ms on stdout.
 */
public final class CrashTestApp {

    static final String STATS_PREFIX = "STATS ";
    private static final Logger log = LoggerFactory.getLogger(CrashTestApp.class);

    private CrashTestApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        quietLogging();
        String bootstrap = args[0];
        String applicationId = args[1];
        String stateDir = args[2];
        String instanceId = args[3];
        String input = args[4];
        String output = args[5];

        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AsyncStats stats = new AsyncStats();
        DelayedEcho echo = new DelayedEcho(timer);
        AsyncJournal<String, Routed> journal = AsyncJournal.builder("crash-journal", echo, echo,
                new InFlightLimit(64)).stats(stats).build();
        Topology topology = topology(journal, input, output);

        KafkaStreams streams = new KafkaStreams(topology,
                config(bootstrap, applicationId, stateDir, instanceId));
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(10));
            timer.shutdownNow();
        }, "crash-test-app-shutdown"));
        streams.start();
        while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
            AsyncStats.Snapshot s = stats.snapshot();
            System.out.println(STATS_PREFIX + "resubmitted=" + s.resubmitted()
                    + " completed=" + s.completed() + " inFlight=" + s.inFlight()
                    + " droppedLate=" + s.droppedLate());
            System.out.flush();
        }
        log.error("Streams stopped in state {}", streams.state());
        System.exit(1);
    }

    static Topology topology(AsyncJournal<?, ?> journal, String input, String output) {
        Serializer<Object> text = (topic, value) ->
                value == null ? null : value.toString().getBytes(StandardCharsets.UTF_8);
        Topology topology = new Topology();
        AsyncJournal.addRawSource(topology, "source", input);
        topology.addProcessor("work", journal, "source")
                .addSink("out", output, Serdes.String().serializer(), text, "work");
        return topology;
    }

    private static Properties config(String bootstrap, String applicationId, String stateDir,
                                     String instanceId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // Static membership: the restarted member takes over at once instead of waiting out the
        // session timeout of the killed one (Streams suffixes the id per thread).
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 10_000);
        return props;
    }

    private static void quietLogging() {
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        org.slf4j.Logger ours = LoggerFactory.getLogger(AsyncJournalProcessor.class);
        if (ours instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    /** Echoes the input text to "out" after 10-200 ms, off the stream thread. */
    private record DelayedEcho(ScheduledExecutorService timer)
            implements AsyncWork<String, Routed>, AsyncEdges<String, Routed> {

        @Override
        public String decode(byte[] value) {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public List<Routed> undecodable(Record<String, byte[]> input, RuntimeException cause) {
            return List.of(Routed.to("out", input.key(), "undecodable:" + cause.getMessage()));
        }

        @Override
        public Routed route(Routed output) {
            return output;
        }

        @Override
        public CompletableFuture<List<Routed>> start(Input<String> input) {
            CompletableFuture<List<Routed>> result = new CompletableFuture<>();
            long delay = ThreadLocalRandom.current().nextLong(10, 201);
            timer.schedule(() -> result.complete(List.of(Routed.to("out", input.key(), input.value()))),
                    delay, TimeUnit.MILLISECONDS);
            return result;
        }

        @Override
        public List<Routed> onFailure(Input<String> input, Throwable cause) {
            return List.of(Routed.to("out", input.key(), "failed:" + cause.getMessage()));
        }
    }
}
