package io.apigenmt.topology.generate;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.StructuredCall;
import io.apigenmt.topology.pipeline.AsyncStageTopology;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.Stage;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.pipeline.async.AsyncJournal;
import io.apigenmt.topology.pipeline.async.AsyncStats;
import io.apigenmt.topology.pipeline.async.AsyncWork;
import io.apigenmt.topology.pipeline.async.InFlightLimit;
import io.apigenmt.topology.pipeline.async.Routed;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 2, generate: samples a task's context from its domain and asks the generator for a
 * blueprint (instruction, ground-truth actions, expected outputs), attempt 1.
 * <ul>
 *   <li>reads {@code tasks} (key task_id, TaskRequest)</li>
 *   <li>writes {@code blueprints.candidates} (key task_id, Blueprint)</li>
 *   <li>writes {@code dead-letters} when the task names an unknown domain or the generator
 *       cannot be reached or never answers in the asked shape</li>
 * </ul>
 */
public final class GenerateStage implements Stage {

    public static final String NAME = "generate";
    /** Re-asks of a generator whose answer does not parse, before the task is dead-lettered. */
    static final int MAX_REASKS = 2;

    private final StageContext ctx;
    private final AsyncJournal journal;

    public GenerateStage(StageContext ctx) {
        this.ctx = ctx;
        this.journal = AsyncJournal.builder(NAME + "-journal", new Work(ctx), new InFlightLimit(ctx.config().worker().concurrency()))
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<AsyncStats> asyncStats() {
        return Optional.of(journal.stats());
    }

    @Override
    public Topology topology() {
        Topics t = ctx.topics();
        return AsyncStageTopology.build(NAME, t.tasks(), journal, ctx.registry(), t.candidates(), t.deadLetters());
    }

    /** Turns a parsed draft into attempt {@code attempt} of the task's blueprint. */
    public static Blueprint toBlueprint(BlueprintDraft draft, Blueprint.Builder base) {
        return base
                .setInstruction(draft.instruction())
                .setActions(draft.actions().stream()
                        .map(a -> new io.apigenmt.schemas.Action(a.name(), a.arguments().toString()))
                        .toList())
                .setOutputs(draft.outputs())
                .build();
    }

    /** Parses a generator answer; a non-string output is sent back to the model to fix. */
    public static BlueprintDraft parseDraft(GeneratorPrompt prompt, String content) {
        BlueprintDraft draft = prompt.parse(content);
        if (!draft.outputsAreStrings()) {
            throw new AnswerFormatException("every output must be a JSON string: " + String.join("; ", draft.outputProblems()));
        }
        return draft;
    }

    private static final class Work implements AsyncWork {

        private final StageContext ctx;
        private final AvroWireCodec<TaskRequest> codec;
        private final GeneratorPrompt prompt;
        private final DeadLetters deadLetters;
        private final Topics topics;

        Work(StageContext ctx) {
            this.ctx = ctx;
            this.topics = ctx.topics();
            this.codec = topics.tasks().codec(ctx.registry());
            this.prompt = new GeneratorPrompt(ctx.json());
            this.deadLetters = ctx.deadLetters(NAME);
        }

        @Override
        public CompletableFuture<List<Routed>> start(Record<String, byte[]> input) {
            ctx.metrics().recordIn(NAME);
            TaskRequest task;
            try {
                task = codec.deserialize(input.value());
            } catch (RuntimeException e) {
                return done(route(deadLetters.forUndecodable(input.key(), "undecodable",
                        "not a TaskRequest: " + e.getMessage(), input.value(), 0), input.key()));
            }
            Optional<Domain> domain = ctx.domains().find(task.getDomain());
            if (domain.isEmpty()) {
                return done(route(deadLetters.forTask(task.getTaskId(), task.getSeedId(), task.getDomain(),
                        "unknown_domain", "unknown domain '" + task.getDomain() + "'", 0, input.value(), null),
                        task.getTaskId()));
            }
            TaskContext context = domain.get().contextSampler().sample(task.getRandomSeed());
            return StructuredCall.completeJson(ctx.models().generator(), prompt.first(domain.get(), context),
                            node -> parseDraft(prompt, node.toString()), MAX_REASKS)
                    .thenApply(answer -> {
                        Blueprint blueprint = toBlueprint(answer.value(), Blueprint.newBuilder()
                                .setTaskId(task.getTaskId())
                                .setSeedId(task.getSeedId())
                                .setDomain(task.getDomain())
                                .setAttempt(1)
                                .setRandomSeed(task.getRandomSeed())
                                .setUserId(context.userId())
                                .setPersona(context.persona())
                                .setGeneratorModel(ctx.models().generator().model())
                                .setFeedbackHistory(List.of())
                                .setUsage(Usages.add(Usages.zero(), answer.usage()))
                                .setOptions(task.getOptions()));
                        ctx.metrics().recordOut(NAME, "candidate");
                        return List.of(Routed.to(topics.candidates().name(), task.getTaskId(), blueprint));
                    });
        }

        @Override
        public List<Routed> onFailure(Record<String, byte[]> input, Throwable cause) {
            TaskRequest task;
            try {
                task = codec.deserialize(input.value());
            } catch (RuntimeException e) {
                return route(deadLetters.forUndecodable(input.key(), "undecodable", e.getMessage(), input.value(), 0),
                        input.key());
            }
            return route(deadLetters.forTask(task.getTaskId(), task.getSeedId(), task.getDomain(),
                    "generation_failed", "generator failed: " + cause.getMessage(), 1, input.value(),
                    Usages.add(Usages.zero(), LlmException.from(cause).usage())),
                    task.getTaskId());
        }

        private List<Routed> route(io.apigenmt.schemas.DeadLetter dl, String key) {
            ctx.metrics().recordOut(NAME, "dead-letter." + dl.getReason());
            return List.of(Routed.to(topics.deadLetters().name(), key == null ? dl.getId() : key, dl));
        }

        private static CompletableFuture<List<Routed>> done(List<Routed> routed) {
            return CompletableFuture.completedFuture(routed);
        }
    }
}
