package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.pipeline.async.AsyncEdges;
import io.apigenmt.topology.pipeline.async.Routed;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The edges of a model-bound stage's async journal: its input record type decoded once, the one
 * place where bytes that are not that type become an {@code undecodable} dead letter, and the
 * one place where every {@link Output} goes to the sink of its topic and is counted in the
 * stage's metrics. Sinks are named after their topics.
 */
public final class StageEdges<IN> implements AsyncEdges<IN, Output> {

    private final String stage;
    private final StageContext ctx;
    private final String inputType;
    private final Function<byte[], IN> decoder;
    private final Set<String> sinks;
    private final DeadLetters deadLetters;

    /**
     * @param inputType the input's record type as dead letters name it ("not a Blueprint: ...")
     * @param outputs   the topics the stage writes, one sink each
     */
    public StageEdges(String stage, StageContext ctx, String inputType, Function<byte[], IN> decoder,
                      List<Topic<?>> outputs) {
        this.stage = stage;
        this.ctx = ctx;
        this.inputType = inputType;
        this.decoder = decoder;
        this.sinks = outputs.stream().map(Topic::name).collect(Collectors.toUnmodifiableSet());
        this.deadLetters = ctx.deadLetters(stage);
    }

    /** Edges of a stage that reads {@code input}'s records with the topic's codec. */
    public static <IN extends SpecificRecord> StageEdges<IN> reading(String stage, StageContext ctx, Topic<IN> input,
                                                                     List<Topic<?>> outputs) {
        return new StageEdges<>(stage, ctx, input.valueType().getSimpleName(), input.codec(ctx.registry())::deserialize,
                outputs);
    }

    @Override
    public IN decode(byte[] value) {
        return decoder.apply(value);
    }

    @Override
    public List<Output> undecodable(Record<String, byte[]> input, RuntimeException cause) {
        return List.of(new Output.Dead(deadLetters.undecodable(input.key(), inputType, cause, input.value())));
    }

    @Override
    public Routed route(Output output) {
        String sink = output.topic(ctx.topics()).name();
        if (!sinks.contains(sink)) {
            // Single writer per topic: a stage writes only the topics it declares.
            throw new IllegalStateException("stage " + stage + " does not write " + sink + " (it writes " + sinks + ")");
        }
        ctx.metrics().recordOut(stage, output.metricKind());
        return new Routed(sink, output.key(), output.value());
    }
}
