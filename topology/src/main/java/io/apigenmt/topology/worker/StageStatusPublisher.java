package io.apigenmt.topology.worker;

import io.apigenmt.schemas.StageStatus;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.health.Pause;
import io.apigenmt.topology.health.PausePolicy;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.async.AsyncStats;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the cluster whether this worker's stages are paused for an endpoint outage, and why:
 * one {@link StageStatus} per stage that calls models, on topic stage-status (key
 * {@code worker_id/stage}), when it changes (looked at every second) and every
 * {@link #HEARTBEAT} otherwise, and a last one marked stopped on a clean shutdown. {@code apigen
 * report}, which sees no worker, reads the latest record of each key; one older than a few
 * heartbeats belongs to a worker that is gone.
 */
public final class StageStatusPublisher implements AutoCloseable {

    /** The longest time between two records of one stage. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(StageStatusPublisher.class);

    private final KafkaProducer<String, StageStatus> producer;
    private final Topic<StageStatus> topic;
    private final String workerId;
    private final Map<String, PausePolicy> pauses;
    private final Map<String, AsyncStats> stats = new HashMap<>();
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<String, StageStatus> last = new HashMap<>(); // timer thread only

    public StageStatusPublisher(Map<String, Object> clientProps, Topics topics, SchemaRegistryClient registry, String workerId,
                           Worker worker, Clock clock) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.topic = topics.stageStatus();
        this.producer = new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde(registry).serializer());
        this.workerId = workerId;
        this.pauses = worker.pauses();
        for (Stage stage : worker.stages()) {
            stage.asyncStats().ifPresent(s -> stats.put(stage.name(), s));
        }
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stage-status");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::publishChanges, 0, 1, TimeUnit.SECONDS);
    }

    private void publishChanges() {
        try {
            long now = clock.millis();
            pauses.forEach((stage, policy) -> {
                StageStatus status = status(stage, policy.current(), false, now);
                StageStatus previous = last.get(stage);
                if (previous == null || !sameState(previous, status) || now - previous.getAt() >= HEARTBEAT.toMillis()) {
                    send(status);
                    last.put(stage, status);
                }
            });
        } catch (RuntimeException e) {
            // Status is advisory: a broker hiccup must not stop the timer.
            log.warn("worker status not published: {}", e.toString());
        }
    }

    private StageStatus status(String stage, Optional<Pause> pause, boolean stopped, long now) {
        AsyncStats s = stats.get(stage);
        return StageStatus.newBuilder()
                .setWorkerId(workerId)
                .setStage(stage)
                .setPaused(pause.isPresent())
                .setPausedSince(pause.map(p -> p.since().toEpochMilli()).orElse(null))
                .setWhy(pause.map(p -> p.why().stream().map(d -> d.problem().message()).toList()).orElse(List.of()))
                .setReasons(pause.map(p -> p.reasons().stream().map(r -> r.wire()).toList()).orElse(List.of()))
                .setUnitsHeld(s == null ? 0 : s.held())
                .setStopped(stopped)
                .setAt(now)
                .build();
    }

    private static boolean sameState(StageStatus a, StageStatus b) {
        return a.getPaused() == b.getPaused() && a.getWhy().equals(b.getWhy()) && a.getUnitsHeld() == b.getUnitsHeld();
    }

    private void send(StageStatus status) {
        producer.send(new ProducerRecord<>(topic.name(), workerId + "/" + status.getStage(), status), (meta, error) -> {
            if (error != null) {
                log.warn("worker status of {} not published: {}", status.getStage(), error.toString());
            }
        });
    }

    /** Publishes every stage as stopped, then closes. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            long now = clock.millis();
            pauses.keySet().forEach(stage -> send(status(stage, Optional.empty(), true, now)));
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("worker status not published at shutdown: {}", e.toString());
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
