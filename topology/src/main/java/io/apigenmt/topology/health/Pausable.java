package io.apigenmt.topology.health;

/**
 * What a {@link PausePolicy} stops and starts: for a stage, its Kafka Streams instance
 * ({@code KafkaStreams::pause}, {@code KafkaStreams::resume}). Both are called from whichever
 * thread saw the dependency change; they must be quick, idempotent and must not block.
 */
public interface Pausable {

    void pause();

    void resume();
}
