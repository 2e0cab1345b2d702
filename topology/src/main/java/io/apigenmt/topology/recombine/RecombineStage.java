package io.apigenmt.topology.recombine;

import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.RecombinationGroup;
import io.apigenmt.schemas.RecombinationMember;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.health.Dependency;
import io.apigenmt.topology.environment.AsyncDomain;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.environment.OutageRedo;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.StructuredCall;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.pipeline.BlueprintActions;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.EnvironmentWork;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.Output;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageEdges;
import io.apigenmt.topology.pipeline.Topic;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.pipeline.async.AsyncJournal;
import io.apigenmt.topology.pipeline.async.AsyncStats;
import io.apigenmt.topology.pipeline.async.AsyncWork;
import io.apigenmt.topology.pipeline.async.Input;
import io.apigenmt.topology.review.StageOneChecks;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Reverse task recombination (longer tasks), for seeds with option {@code recombine=K}:
 * <ul>
 *   <li>reads {@code blueprints.approved} and {@code dead-letters}: the Phase-1 outcome of every
 *       member of a group (see {@link Membership}), re-keyed by group through
 *       {@code recombine.members};</li>
 *   <li>once each member of a group has an outcome, concatenates the approved members' actions,
 *       merges their outputs and re-runs execution and policy checks on the combined sequence
 *       ({@link Combination}); the generator then writes one coherent instruction;</li>
 *   <li>writes {@code blueprints.candidates} (key: the combined task's id, attempt 1), so the
 *       combined blueprint is reviewed again (its Stage 1 passes by construction, the committee
 *       decides) and rejections loop through the feedback stage like any other task;</li>
 *   <li>writes {@code dead-letters} ({@code recombination_failed}) for a group that cannot be combined:
 *       fewer than two members approved, their actions do not run together, or the generator
 *       failed. Either way the combined task, counted in the seed's request, ends exactly once.</li>
 * </ul>
 */
public final class RecombineStage implements Stage {

    public static final String NAME = "recombine";
    static final String GROUPS_STORE = "recombine-groups";
    static final int MAX_REASKS = 2;

    private static final String OUTCOMES = "recombine-outcomes";
    private static final String ROUTER = "recombine-route";
    private static final String GROUPS = "recombine-groups-in";
    private static final String COLLECTOR = "recombine-collect";

    private final StageContext ctx;
    private final AsyncJournal<RecombinationGroup, Output> journal;
    private final OutageRedo redo = AsyncStage.outageRedo(NAME);

    public RecombineStage(StageContext ctx) {
        this.ctx = ctx;
        StageEdges<RecombinationGroup> edges = new StageEdges<>(NAME, ctx, RecombinationGroup.class.getSimpleName(),
                GroupCollector::decode, List.of(ctx.topics().candidates(), ctx.topics().deadLetters()));
        this.journal = AsyncStage.journal(NAME, ctx, edges, new Work(ctx, redo));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<AsyncStats> asyncStats() {
        return Optional.of(journal.stats());
    }

    /** The generator writes the combined task's instruction. */
    @Override
    public List<Dependency> dependencies() {
        return Stage.dependenciesOf(List.of(ctx.models().generator()));
    }

    @Override
    public long redoneForOutages() {
        return redo.redone();
    }

    @Override
    public void close() {
        redo.close();
    }

    @Override
    public Topology topology() {
        Topics topics = ctx.topics();
        Topic<RecombinationMember> members = topics.recombineMembers();
        String candidates = topics.candidates().name();
        String deadLetters = topics.deadLetters().name();
        Topology topology = new Topology();
        // Sub-topology 1: members' outcomes, re-keyed by group.
        AsyncJournal.addRawSource(topology, OUTCOMES, topics.approved().name(), deadLetters);
        topology.addProcessor(ROUTER, () -> new MemberRouter(topics.approved().name(), topics.approved().codec(ctx.registry()),
                topics.deadLetters().codec(ctx.registry())), OUTCOMES);
        topology.addSink(members.name(), members.name(), members.keySerde().serializer(),
                members.valueSerde(ctx.registry()).serializer(), ROUTER);
        // Sub-topology 2: whole groups, combined, given one instruction by the generator.
        AsyncJournal.addRawSource(topology, GROUPS, members.name());
        topology.addProcessor(COLLECTOR, () -> new GroupCollector(GROUPS_STORE, NAME, deadLetters,
                members.codec(ctx.registry()), ctx.deadLetters(NAME), ctx.metrics()), GROUPS);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GROUPS_STORE),
                Serdes.String(), Serdes.ByteArray()), COLLECTOR);
        topology.addProcessor(NAME, journal, COLLECTOR);
        topology.addSink(candidates, candidates, topics.candidates().keySerde().serializer(),
                topics.candidates().sinkValueSerializer(ctx.registry()), NAME);
        topology.addSink(deadLetters, deadLetters, topics.deadLetters().keySerde().serializer(),
                topics.deadLetters().sinkValueSerializer(ctx.registry()), NAME, COLLECTOR);
        return topology;
    }

    /** Combines a complete group and asks the generator for its instruction. */
    private static final class Work implements AsyncWork<RecombinationGroup, Output> {

        private final StageContext ctx;
        private final Combination combination;
        private final InstructionPrompt prompt;
        private final DeadLetters deadLetters;
        private final OutageRedo redo;

        Work(StageContext ctx, OutageRedo redo) {
            this.ctx = ctx;
            this.redo = redo;
            this.combination = new Combination(new StageOneChecks(ctx.json()));
            this.prompt = new InstructionPrompt(ctx.json());
            this.deadLetters = ctx.deadLetters(NAME);
        }

        @Override
        public CompletableFuture<List<Output>> start(Input<RecombinationGroup> input) {
            RecombinationGroup group = input.value();
            RecombinationMember first = group.getMembers().get(0);
            // Not unknown_domain: the combined task, counted in its seed's request, fails as a whole.
            Optional<AsyncDomain> domain = ctx.domains().find(first.getDomain());
            if (domain.isEmpty()) {
                return Output.now(fail(input, "unknown domain '" + first.getDomain() + "'", null));
            }
            return EnvironmentWork.run(redo, domain.get(), described -> combine(described, input),
                    violation -> fail(input, violation, null));
        }

        private CompletableFuture<List<Output>> combine(DescribedDomain domain, Input<RecombinationGroup> input) {
            return combination.combine(domain, input.value()).thenCompose(result -> {
                if (result instanceof Combination.Uncombinable uncombinable) {
                    return Output.now(fail(input, uncombinable.reason(), null));
                }
                Combination.Combined combined = (Combination.Combined) result;
                Blueprint draft = combined.draft();
                return Membership.context(domain, draft.getRandomSeed(), draft.getOptions()).thenCompose(customer ->
                        StructuredCall.completeJson(ctx.models().generator(), prompt.request(domain.name(), customer,
                                        combined.members(), BlueprintActions.of(draft, ctx.json()), draft.getOutputs()),
                                prompt::parse, MAX_REASKS).thenApply(answer -> List.of(new Output.Candidate(
                                Blueprint.newBuilder(draft)
                                        .setInstruction(answer.value())
                                        .setGeneratorModel(ctx.models().generator().model())
                                        .setUsage(Usages.add(null, NAME, 1, answer.usage()))
                                        .build()))));
            });
        }

        @Override
        public List<Output> onFailure(Input<RecombinationGroup> input, Throwable cause) {
            Output.Dead dead = fail(input, "writing the instruction failed: " + cause.getMessage(),
                    Usages.add(null, NAME, 1, LlmException.from(cause).usage()));
            DeadLetters.withFault(dead.letter(), cause);
            return List.of(dead);
        }

        private Output.Dead fail(Input<RecombinationGroup> input, String error, Usage usage) {
            RecombinationGroup group = input.value();
            RecombinationMember first = group.getMembers().get(0);
            return new Output.Dead(deadLetters.forTask(group.getGroupId(), first.getSeedId(), first.getDomain(),
                    DeadLetterReason.RECOMBINATION_FAILED, error, 0, input.bytes(), usage));
        }
    }
}
