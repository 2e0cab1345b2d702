package io.apigenmt.topology.generate;

import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.GivenTask;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.topology.environment.Capability;
import io.apigenmt.topology.environment.DescribedDomain;
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
 * blueprint (instruction, ground-truth actions, expected outputs), attempt 1. A task that carries
 * a given task (tasks file) becomes that blueprint as it is, without a model call.
 * <ul>
 *   <li>reads {@code tasks} (key task_id, TaskRequest)</li>
 *   <li>writes {@code blueprints.candidates} (key task_id, Blueprint)</li>
 *   <li>writes {@code dead-letters} when the task names an unknown domain, its domain's
 *       environment has no {@code context} capability (it serves rollout-only tasks) or breaks
 *       the environment protocol, or the generator cannot be reached or never answers in the
 *       asked shape, and ({@code budget_exhausted}) for a task that arrives once the spend
 *       reached the budget: it is not started</li>
 * </ul>
 */
public final class GenerateStage extends AsyncStage<TaskRequest> {

    public static final String NAME = "generate";
    /** The generator_model of a given task's blueprint: no model wrote it. */
    public static final String GIVEN_MODEL = "given";
    /** Re-asks of a generator whose answer does not parse, before the task is dead-lettered. */
    static final int MAX_REASKS = 2;

    public GenerateStage(StageContext ctx) {
        super(NAME, ctx, ctx.topics().tasks(), List.of(ctx.topics().candidates(), ctx.topics().deadLetters()), new Work(ctx),
                List.of(ctx.models().generator()));
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
        public CompletableFuture<List<Output>> apply(DescribedDomain domain, Input<TaskRequest> input) {
            TaskRequest task = input.value();
            if (task.getGiven() != null) {
                return Output.now(new Output.Candidate(given(task, domain)));
            }
            Optional<String> spent = ctx.budget().exhausted();
            if (spent.isPresent()) {
                // Not started: the task ends here, kept whole (its request) so it can be redriven later.
                return Output.now(new Output.Dead(deadLetters.forTask(task, DeadLetterReason.BUDGET_EXHAUSTED,
                        "not started: " + spent.get(), 0, input.bytes(), task.getUsage())));
            }
            if (!domain.offers(Capability.CONTEXT)) {
                return Output.now(new Output.Dead(deadLetters.forTask(task, DeadLetterReason.GENERATION_FAILED,
                        "the environment of domain '" + domain.name() + "' (" + domain.domain().location()
                                + ") has no context capability: it serves only rollout-only tasks (seed --tasks-file)",
                        1, input.bytes(), null)));
            }
            return Membership.context(domain, task.getRandomSeed(), task.getOptions()).thenCompose(context ->
                    StructuredCall.completeJson(ctx.models().generator(), prompt.first(domain, context),
                            node -> parseDraft(prompt, node.toString()), MAX_REASKS)
                    .thenApply(answer -> List.of(new Output.Candidate(toBlueprint(answer.value(), attemptOne(task, domain)
                            .setUserId(context.userId())
                            .setPersona(context.persona())
                            .setGeneratorModel(ctx.models().generator().model())
                            .setUsage(Usages.add(task.getUsage(), NAME, 1, answer.usage())))))));
        }

        /** A given task's blueprint, as given: no model call, rollout only ({@code given_id} set). */
        private static Blueprint given(TaskRequest task, DescribedDomain domain) {
            GivenTask given = task.getGiven();
            return attemptOne(task, domain)
                    .setUserId(given.getUserId())
                    .setInstruction(given.getInstruction())
                    .setActions(given.getActions())
                    .setOutputs(given.getOutputs())
                    .setPersona(given.getPersona())
                    .setGeneratorModel(GIVEN_MODEL)
                    .setUsage(Usages.zero())
                    .setGivenId(given.getId())
                    .build();
        }

        /** What every attempt 1 of a task carries: its ids and seed, its options, the data it is made on. */
        private static Blueprint.Builder attemptOne(TaskRequest task, DescribedDomain domain) {
            return Blueprint.newBuilder()
                    .setTaskId(task.getTaskId())
                    .setSeedId(task.getSeedId())
                    .setDomain(task.getDomain())
                    .setAttempt(1)
                    .setRandomSeed(task.getRandomSeed())
                    .setFeedbackHistory(List.of())
                    .setOptions(task.getOptions())
                    .setDataFingerprint(domain.dataFingerprint().orElse(null));
        }

        @Override
        public List<Output> onFailure(Input<TaskRequest> input, Throwable cause) {
            return List.of(new Output.Dead(DeadLetters.withFault(deadLetters.forTask(input.value(),
                    DeadLetterReason.GENERATION_FAILED, "generator failed: " + cause.getMessage(), 1, input.bytes(),
                    Usages.add(input.value().getUsage(), NAME, 1, LlmException.from(cause).usage())), cause)));
        }
    }
}
