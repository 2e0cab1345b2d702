package io.apigenmt.topology.worker;

import io.apigenmt.schemas.StageStatus;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.TopicScan;
import io.apigenmt.topology.pipeline.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the workers' status back (for {@code apigen report}): the latest {@link StageStatus} of
 * each worker and stage, keeping only those of running workers — not stopped, and heard from
 * within three {@link StageStatusPublisher#HEARTBEAT}s (a worker killed without a word goes quiet).
 */
public final class StageStatusReader {

    /** How old the latest record of a running worker can be. */
    public static final Duration FRESH = StageStatusPublisher.HEARTBEAT.multipliedBy(3);
    private static final Logger log = LoggerFactory.getLogger(StageStatusReader.class);

    private StageStatusReader() {
    }

    /** The current status of every stage of every running worker, in key order. */
    public static List<StageStatus> current(Map<String, Object> clientProps, Topics topics, SchemaRegistryClient registry,
                                             long nowMillis) {
        AvroWireCodec<StageStatus> codec = topics.stageStatus().codec(registry);
        Map<String, StageStatus> latest = new LinkedHashMap<>();
        try (TopicScan scan = new TopicScan(clientProps, List.of(topics.stageStatus().name()))) {
            scan.catchUp(rec -> {
                try {
                    StageStatus status = codec.deserialize(rec.value());
                    latest.merge(rec.key(), status, (a, b) -> b.getAt() >= a.getAt() ? b : a);
                } catch (RuntimeException e) {
                    log.warn("skipped an unreadable worker status at {}-{}@{}", rec.topic(), rec.partition(), rec.offset());
                }
            });
        }
        List<StageStatus> running = new ArrayList<>();
        for (StageStatus s : latest.values()) {
            if (!s.getStopped() && nowMillis - s.getAt() <= FRESH.toMillis()) {
                running.add(s);
            }
        }
        return running;
    }
}
