package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.pipeline.async.AsyncJournal;
import io.apigenmt.topology.pipeline.async.AsyncStats;
import io.apigenmt.topology.pipeline.async.AsyncWork;
import io.apigenmt.topology.pipeline.async.InFlightLimit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.Topology;

/**
 * The shape every model-bound stage shares: one input topic read as raw bytes, the async
 * journal processor running the stage's {@link AsyncWork}, and one sink per output topic. A
 * sink is named after its topic, so work routes an output with
 * {@code Routed.to(topics.retry().name(), key, value)}. Units in flight are bounded per stage
 * by the worker's concurrency; finished work is drained every worker.drain_interval_ms.
 */
public abstract class AsyncStage implements Stage {

    private final String name;
    private final StageContext ctx;
    private final Topic<?> input;
    private final List<Topic<?>> outputs;
    private final AsyncJournal journal;

    protected AsyncStage(String name, StageContext ctx, Topic<?> input, List<Topic<?>> outputs, AsyncWork work) {
        this.name = name;
        this.ctx = ctx;
        this.input = input;
        this.outputs = List.copyOf(outputs);
        this.journal = AsyncJournal.builder(name + "-journal", work, new InFlightLimit(ctx.config().worker().concurrency()))
                .drainInterval(Duration.ofMillis(ctx.config().worker().drainIntervalMs()))
                .build();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Optional<AsyncStats> asyncStats() {
        return Optional.of(journal.stats());
    }

    @Override
    public final Topology topology() {
        Topology topology = new Topology();
        AsyncJournal.addRawSource(topology, input.name(), input.name());
        // Oversized inputs become dead letters before the journal, whose changelog would refuse them.
        String guard = name + "-size-guard";
        String deadLetterSink = ctx.topics().deadLetters().name();
        boolean guarded = outputs.stream().anyMatch(out -> out.name().equals(deadLetterSink));
        if (guarded) {
            topology.addProcessor(guard, () -> new OversizedInputGuard(name, input.codec(ctx.registry()), deadLetterSink, name),
                    input.name());
        }
        topology.addProcessor(name, journal, guarded ? guard : input.name());
        for (Topic<?> out : outputs) {
            String[] parents = guarded && out.name().equals(deadLetterSink) ? new String[] {name, guard} : new String[] {name};
            topology.addSink(out.name(), out.name(), out.keySerde().serializer(), out.sinkValueSerializer(ctx.registry()),
                    parents);
        }
        return topology;
    }
}
