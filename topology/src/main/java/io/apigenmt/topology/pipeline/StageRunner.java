package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.health.Pausable;
import io.apigenmt.topology.health.PausePolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stages as Kafka Streams applications, one {@link KafkaStreams} per stage, with the
 * pipeline's settings: exactly-once v2, ~1 s commits, few stream threads (model calls are
 * asynchronous, see the async package), and the cluster's client properties passed through.
 *
 * <p>A stage that calls outside dependencies gets a {@link PausePolicy}: its Kafka Streams
 * instance is paused ({@link KafkaStreams#pause()}, KIP-834: no processing, no punctuation,
 * polling and commits go on, so the group keeps it) while any of them is down, and resumed when
 * all answer again.
 */
public final class StageRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StageRunner.class);

    private final PipelineConfig config;
    private final String workerId;
    private final boolean staticMembership;
    private final List<Running> running = new ArrayList<>();

    /** @param pause null for a stage without dependencies */
    private record Running(Stage stage, KafkaStreams streams, PausePolicy pause) {}

    /**
     * @param workerId         names this worker's state directory; with static membership also
     *                         its group.instance.id, so a restarted worker rejoins at once
     * @param staticMembership use {@code group.instance.id} (needs a stable, unique worker id)
     */
    public StageRunner(PipelineConfig config, String workerId, boolean staticMembership) {
        this.config = config;
        this.workerId = workerId;
        this.staticMembership = staticMembership;
    }

    public void start(Stage stage) {
        KafkaStreams streams = new KafkaStreams(stage.topology(), properties(stage.name()));
        // A processor bug must not silently stop a stage: replace the thread (the record is
        // retried from the last commit) and say so loudly.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stage {}: stream thread failed, replacing it: {}", stage.name(), e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        PausePolicy pause = null;
        if (!stage.dependencies().isEmpty()) {
            pause = new PausePolicy(stage.name(), stage.dependencies(), new Pausable() {
                @Override
                public void pause() {
                    streams.pause();
                }

                @Override
                public void resume() {
                    streams.resume();
                }
            }, Clock.systemUTC());
            pause.start();
        }
        running.add(new Running(stage, streams, pause));
    }

    /** The pause policy of every started stage that has dependencies, by stage name. */
    public Map<String, PausePolicy> pauses() {
        Map<String, PausePolicy> pauses = new java.util.LinkedHashMap<>();
        running.stream().filter(r -> r.pause() != null).forEach(r -> pauses.put(r.stage().name(), r.pause()));
        return pauses;
    }

    /** True when every started stage is RUNNING (or rebalancing into it). */
    public boolean healthy() {
        return !running.isEmpty() && running.stream().allMatch(r -> r.streams().state().isRunningOrRebalancing());
    }

    public Map<String, KafkaStreams.State> states() {
        Map<String, KafkaStreams.State> states = new java.util.LinkedHashMap<>();
        running.forEach(r -> states.put(r.stage().name(), r.streams().state()));
        return states;
    }

    public List<KafkaStreams> streams() {
        return running.stream().map(Running::streams).toList();
    }

    Properties properties(String stageName) {
        PipelineConfig.Cluster cluster = config.cluster();
        PipelineConfig.Worker worker = config.worker();
        Properties p = new Properties();
        p.putAll(cluster.kafka());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, cluster.topicPrefix() + stageName);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, worker.processingGuarantee());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, worker.commitIntervalMs());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, worker.threads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) cluster.replicationFactor());
        Path stateDir = worker.stateDirPath().resolve(workerId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Tames CONCURRENT_TRANSACTIONS / OUT_OF_ORDER_SEQUENCE storms under EOS (PLATFORM-NOTES).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 4 * 1024 * 1024);
        // Backpressure may hold a stream thread inside process(); the default 5 minutes leaves room.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 500);
        if (staticMembership) {
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), workerId + "-" + stageName);
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 15_000);
        }
        return p;
    }

    @Override
    public void close() {
        for (Running r : running) {
            if (r.pause() != null) {
                r.pause().close();
            }
            r.streams().close(Duration.ofSeconds(30));
            r.stage().close();
        }
        running.clear();
    }
}
