package io.apigenmt.topology.generate;

import io.apigenmt.domains.Domain;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.StructuredCall;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.Output;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageFunction;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.pipeline.async.Input;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stage 2, generate: samples a task's context from its domain and asks the generator for a
 * blueprint (instruction, ground-truth actions, expected outputs), attempt 1.
 * <ul>
 *   <li>reads {@code tasks} (key task_id, TaskRequest)</li>
 *   <li>writes {@code blueprints.candidates} (key task_id, Blueprint)</li>
 *   <li>writes {@code dead-letters} when the task names an unknown domain or the generator
 *       cannot be reached or never answers in the asked shape, and ({@code budget_exhausted}) for
 *       a task that arrives once the spend reached the budget: it is not started</li>
 * </ul>
 */
public final class GenerateStage extends AsyncStage<TaskRequest> {

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

    private static final class Work implements StageFunction<TaskRequest> {

        private final StageContext ctx;
        private final GeneratorPrompt prompt;
        private final DeadLetters deadLetters;

        Work(StageContext ctx) {
            this.ctx = ctx;
            this.prompt = new GeneratorPrompt(ctx.json());
            this.deadLetters = ctx.deadLetters(NAME);
        }

        @Override
        public String domain(TaskRequest task) {
            return task.getDomain();
        }

        @Override
        public DeadLetter deadLetter(TaskRequest task, DeadLetterReason reason, String error, byte[] payload) {
            return deadLetters.forTask(task, reason, error, 1, payload, null);
        }

        @Override
        public CompletableFuture<List<Output>> apply(Domain domain, Input<TaskRequest> input) {
            TaskRequest task = input.value();
            Optional<String> spent = ctx.budget().exhausted();
            if (spent.isPresent()) {
                // Not started: the task ends here, kept whole (its request) so it can be redriven later.
                return Output.now(new Output.Dead(deadLetters.forTask(task, DeadLetterReason.BUDGET_EXHAUSTED,
                        "not started: " + spent.get(), 0, input.bytes(), task.getUsage())));
            }
            TaskContext context = Membership.context(domain.contextSampler(), task.getRandomSeed(), task.getOptions());
            return StructuredCall.completeJson(ctx.models().generator(), prompt.first(domain, context),
                            node -> parseDraft(prompt, node.toString()), MAX_REASKS)
                    .thenApply(answer -> List.of(new Output.Candidate(toBlueprint(answer.value(), Blueprint.newBuilder()
                            .setTaskId(task.getTaskId())
                            .setSeedId(task.getSeedId())
                            .setDomain(task.getDomain())
                            .setAttempt(1)
                            .setRandomSeed(task.getRandomSeed())
                            .setUserId(context.userId())
                            .setPersona(context.persona())
                            .setGeneratorModel(ctx.models().generator().model())
                            .setFeedbackHistory(List.of())
                            .setUsage(Usages.add(task.getUsage(), NAME, 1, answer.usage()))
                            .setOptions(task.getOptions())))));
        }

        @Override
        public List<Output> onFailure(Input<TaskRequest> input, Throwable cause) {
            return List.of(new Output.Dead(deadLetters.forTask(input.value(), DeadLetterReason.GENERATION_FAILED,
                    "generator failed: " + cause.getMessage(), 1, input.bytes(),
                    Usages.add(input.value().getUsage(), NAME, 1, LlmException.from(cause).usage()))));
        }
    }
}
