package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.pipeline.async.AsyncStats;
import java.util.Optional;
import org.apache.kafka.streams.Topology;

/**
 * One pipeline stage: a Kafka Streams application of its own (application id
 * {@code <topic prefix><name>}), so any subset of stages runs in one JVM and several workers
 * share each stage's partitions.
 */
public interface Stage {

    /** fan-out | generate | review | regenerate | rollout */
    String name();

    Topology topology();

    /** The async journal's counters, for stages that call models. */
    default Optional<AsyncStats> asyncStats() {
        return Optional.empty();
    }

    /** Units of work redone because their domain's environment was unavailable, since the stage started. */
    default long redoneForOutages() {
        return 0;
    }

    /** Releases what the stage holds outside Kafka Streams (executors, HTTP clients). */
    default void close() {}
}
