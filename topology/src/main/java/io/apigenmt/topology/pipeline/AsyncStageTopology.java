package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.registry.SchemaRegistryClient;
import io.apigenmt.topology.pipeline.async.AsyncJournal;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;

/**
 * The shape every model-bound stage shares: one input topic read as raw bytes, the async
 * journal processor, and one sink per output topic. A sink is named after its topic, so a
 * stage routes an output with {@code Routed.to(topics.retry().name(), key, value)}.
 */
public final class AsyncStageTopology {

    private AsyncStageTopology() {}

    public static Topology build(String stage, Topic<?> input, AsyncJournal journal,
                                 SchemaRegistryClient registry, Topic<?>... outputs) {
        Topology topology = new Topology();
        String source = input.name();
        AsyncJournal.addRawSource(topology, source, input.name());
        topology.addProcessor(stage, journal, source);
        for (Topic<?> out : outputs) {
            topology.addSink(out.name(), out.name(), out.keySerde().serializer(), valueSerializer(out, registry), stage);
        }
        return topology;
    }

    @SuppressWarnings("unchecked")
    static Serializer<Object> valueSerializer(Topic<?> topic, SchemaRegistryClient registry) {
        // The processor forwards Object; each sink receives only its topic's value type.
        return (Serializer<Object>) (Serializer<?>) topic.valueSerde(registry).serializer();
    }
}
