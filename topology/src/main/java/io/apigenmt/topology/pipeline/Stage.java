package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.pipeline.async.AsyncStats;
import java.util.List;
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

    /**
     * The outside dependencies the stage calls (its models' endpoints): while any is down the
     * stage is paused (see {@link io.apigenmt.topology.health.PausePolicy}).
     */
    default List<Dependency> dependencies() {
        return List.of();
    }

    /** The tracked endpoints of {@code models}, each once, in order. */
    static List<Dependency> dependenciesOf(List<ChatModel> models) {
        return models.stream().flatMap(m -> m.dependency().stream()).distinct().toList();
    }

    /** Units of work redone because their domain's environment was unavailable, since the stage started. */
    default long redoneForOutages() {
        return 0;
    }

    /** Releases what the stage holds outside Kafka Streams (executors, HTTP clients). */
    default void close() {}
}
