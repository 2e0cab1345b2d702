package io.apigenmt.topology.generate;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.StructuredCall;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.recombine.Membership;
import io.apigenmt.topology.pipeline.Routes;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.pipeline.async.AsyncWork;
import io.apigenmt.topology.pipeline.async.Routed;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
public final class GenerateStage extends AsyncStage {

    public static final String NAME = "generate";
    /** Re-asks of a generator whose answer does not parse, before the task is dead-lettered. */
    static final int MAX_REASKS = 2;

    public GenerateStage(StageContext ctx) {
        super(NAME, ctx, ctx.topics().tasks(), List.of(ctx.topics().candidates(), ctx.topics().deadLetters()), new Work(ctx));
    }

    /** Turns a parsed draft into a blueprint on top of {@code base} (ids, attempt, usage...). */
    public static Blueprint toBlueprint(BlueprintDraft draft, Blueprint.Builder base) {
        return base
                .setInstruction(draft.instruction())
                .setActions(draft.actions().stream().map(a -> new Action(a.name(), a.arguments().toString())).toList())
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
        private final Topics topics;
        private final AvroWireCodec<TaskRequest> codec;
        private final GeneratorPrompt prompt;
        private final Routes routes;

        Work(StageContext ctx) {
            this.ctx = ctx;
            this.topics = ctx.topics();
            this.codec = topics.tasks().codec(ctx.registry());
            this.prompt = new GeneratorPrompt(ctx.json());
            this.routes = new Routes(NAME, ctx);
        }

        @Override
        public CompletableFuture<List<Routed>> start(Record<String, byte[]> input) {
            ctx.metrics().recordIn(NAME);
            TaskRequest task;
            try {
                task = codec.deserialize(input.value());
            } catch (RuntimeException e) {
                return Routes.now(routes.undecodable(input, "TaskRequest", e));
            }
            Optional<Domain> domain = ctx.domains().find(task.getDomain());
            if (domain.isEmpty()) {
                return Routes.now(drop(task, input.value(), "unknown_domain", "unknown domain '" + task.getDomain() + "'", null));
            }
            TaskContext context = Membership.context(domain.get().contextSampler(), task.getRandomSeed(),
                    task.getOptions());
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
                                .setUsage(Usages.add(null, answer.usage()))
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
                return routes.undecodable(input, "TaskRequest", e);
            }
            return drop(task, input.value(), "generation_failed", "generator failed: " + cause.getMessage(),
                    Usages.add(null, LlmException.from(cause).usage()));
        }

        private List<Routed> drop(TaskRequest task, byte[] payload, String reason, String error,
                                  io.apigenmt.schemas.Usage usage) {
            return routes.deadLetter(task.getTaskId(), routes.deadLetters().forTask(task, reason, error, 1, payload, usage));
        }
    }
}
