package io.apigenmt.topology.pipeline;

import io.apigenmt.topology.environment.AsyncDomain;
import io.apigenmt.topology.environment.OutageRedo;
import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.pipeline.async.AsyncJournal;
import io.apigenmt.topology.pipeline.async.AsyncStats;
import io.apigenmt.topology.pipeline.async.AsyncWork;
import io.apigenmt.topology.pipeline.async.InFlightLimit;
import io.apigenmt.topology.pipeline.async.Input;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;

/**
 * The shape every model-bound stage shares: one input topic of record type {@code IN}, read as
 * raw bytes and decoded once by the journal's {@link StageEdges}; the async journal processor
 * running the stage's {@link StageFunction} on inputs of a known domain, through
 * {@link EnvironmentWork} (redone while the domain's environment is down); one sink per output
 * topic, named after it. Units in flight are bounded per stage by the worker's concurrency;
 * finished work is drained every worker.drain_interval_ms.
 */
public abstract class AsyncStage<IN extends SpecificRecord> implements Stage {

    private final String name;
    private final StageContext ctx;
    private final Topic<IN> input;
    private final List<Topic<?>> outputs;
    private final StageEdges<IN> edges;
    private final StageFunction<IN> function;
    private final AsyncJournal<IN, Output> journal;
    private final List<Dependency> dependencies;
    private final OutageRedo redo;

    /** @param models the models the function calls: the stage pauses while any of their endpoints is down */
    protected AsyncStage(String name, StageContext ctx, Topic<IN> input, List<Topic<?>> outputs,
                         StageFunction<IN> function, List<ChatModel> models) {
        this.name = name;
        this.ctx = ctx;
        this.input = input;
        this.outputs = List.copyOf(outputs);
        this.edges = StageEdges.reading(name, ctx, input, outputs);
        this.function = function;
        this.dependencies = Stage.dependenciesOf(models);
        this.redo = outageRedo(name);
        this.journal = journal(name, ctx, edges, new KnownDomain<>(name, ctx, function, redo));
    }

    /** How a stage's units wait for an unavailable environment: from a quarter second up to ten seconds between redos. */
    public static OutageRedo outageRedo(String stage) {
        return new OutageRedo(stage, Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    /**
     * The async journal of a model-bound stage (store {@code <stage>-journal}), bounded by the
     * worker's concurrency: the one place where stages' journal settings are applied.
     */
    public static <IN> AsyncJournal<IN, Output> journal(String stage, StageContext ctx, StageEdges<IN> edges,
                                                       AsyncWork<IN, Output> work) {
        InFlightLimit limit = new InFlightLimit(ctx.config().worker().concurrency());
        return AsyncJournal.builder(stage + "-journal", edges, work, limit)
                .drainInterval(Duration.ofMillis(ctx.config().worker().drainIntervalMs()))
                .build();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Dependency> dependencies() {
        return dependencies;
    }

    @Override
    public final Optional<AsyncStats> asyncStats() {
        return Optional.of(journal.stats());
    }

    @Override
    public final long redoneForOutages() {
        return redo.redone();
    }

    /** Stops redoing units whose environment is down (their inputs stay journalled). */
    @Override
    public void close() {
        redo.close();
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
            topology.addProcessor(guard, () -> new OversizedInputGuard<>(ctx.deadLetters(name), edges, function,
                    deadLetterSink, name), input.name());
        }
        topology.addProcessor(name, journal, guarded ? guard : input.name());
        for (Topic<?> out : outputs) {
            String[] parents = guarded && out.name().equals(deadLetterSink) ? new String[] {name, guard} : new String[] {name};
            topology.addSink(out.name(), out.name(), out.keySerde().serializer(), out.sinkValueSerializer(ctx.registry()),
                    parents);
        }
        return topology;
    }

    /**
     * Counts each input and ends one of a domain the worker does not serve, or made on other data
     * than the worker's, before the stage's work.
     */
    private record KnownDomain<IN>(String stage, StageContext ctx, StageFunction<IN> function, OutageRedo redo)
            implements AsyncWork<IN, Output> {

        @Override
        public CompletableFuture<List<Output>> start(Input<IN> input) {
            ctx.metrics().recordIn(stage);
            String name = function.domain(input.value());
            Optional<AsyncDomain> domain = ctx.domains().find(name);
            if (domain.isEmpty()) {
                return Output.now(new Output.Dead(function.deadLetter(input.value(), DeadLetterReason.UNKNOWN_DOMAIN,
                        "unknown domain '" + name + "'", input.bytes())));
            }
            String madeOn = function.dataFingerprint(input.value());
            String here = domain.get().dataFingerprint().orElse(null);
            if (madeOn != null && here != null && !madeOn.equals(here)) {
                return Output.now(new Output.Dead(function.deadLetter(input.value(), DeadLetterReason.DOMAIN_DATA_MISMATCH,
                        "made on " + name + " data " + madeOn + ", but this worker runs " + name + " on data " + here
                                + ": give every worker the same domain_data", input.bytes())));
            }
            return EnvironmentWork.run(redo, domain.get(), described -> function.apply(described, input),
                    violation -> new Output.Dead(function.deadLetter(input.value(), DeadLetterReason.ENVIRONMENT_PROTOCOL,
                            violation, input.bytes())));
        }

        @Override
        public List<Output> onFailure(Input<IN> input, Throwable cause) {
            return function.onFailure(input, cause);
        }
    }
}
