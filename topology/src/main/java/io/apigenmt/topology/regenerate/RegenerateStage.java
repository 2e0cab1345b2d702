package io.apigenmt.topology.regenerate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.topology.environment.Capability;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.generate.BlueprintDraft;
import io.apigenmt.topology.generate.GenerateStage;
import io.apigenmt.topology.generate.GeneratorPrompt;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.llm.StructuredCall;
import io.apigenmt.topology.llm.TokenUsage;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.pipeline.AttemptBudget;
import io.apigenmt.topology.pipeline.BlueprintActions;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.Output;
import io.apigenmt.topology.pipeline.Rejection;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageFunction;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.pipeline.async.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stage 4, regenerate (the feedback loop): a summarizer condenses every reason a blueprint was
 * rejected into an improvement plan, and the generator revises the blueprint with it.
 * <ul>
 *   <li>reads {@code blueprints.retry} (key task_id, RejectedBlueprint from review or rollout)</li>
 *   <li>writes {@code blueprints.candidates} (attempt + 1, the plan appended to feedback_history)</li>
 *   <li>writes {@code dead-letters} once the domain's attempt budget is spent:
 *       {@code review_exhausted}, or {@code rollout_failed} when the last rejection came from
 *       rollout; the dead letter carries the rejected record, and with it the whole history. A
 *       given task (tasks file) is never revised: its review rejection ends it as
 *       {@code given_task_rejected}; and ({@code budget_exhausted}) once the spend reached the
 *       budget: a revision is new work, so none is started</li>
 * </ul>
 * The task's context is re-sampled from its random seed, so the record carries no context; a
 * domain whose environment has no {@code context} capability revises without one.
 */
public final class RegenerateStage extends AsyncStage<RejectedBlueprint> {

    public static final String NAME = "regenerate";
    static final int MAX_REASKS = 2;

    public RegenerateStage(StageContext ctx) {
        super(NAME, ctx, ctx.topics().retry(), List.of(ctx.topics().candidates(), ctx.topics().deadLetters()), new Work(ctx),
                List.of(ctx.models().summarizer(), ctx.models().generator()));
    }

    private static final class Work implements StageFunction<RejectedBlueprint> {

        private final StageContext ctx;
        private final SummarizerPrompt summarizer;
        private final GeneratorPrompt generator;
        private final AttemptBudget budget;
        private final DeadLetters deadLetters;

        Work(StageContext ctx) {
            this.ctx = ctx;
            this.summarizer = new SummarizerPrompt(ctx.json());
            this.generator = new GeneratorPrompt(ctx.json());
            this.budget = AttemptBudget.of(ctx.config());
            this.deadLetters = ctx.deadLetters(NAME);
        }

        @Override
        public String domain(RejectedBlueprint rejected) {
            return rejected.getBlueprint().getDomain();
        }

        @Override
        public String dataFingerprint(RejectedBlueprint rejected) {
            return rejected.getBlueprint().getDataFingerprint();
        }

        @Override
        public DeadLetter deadLetter(RejectedBlueprint rejected, DeadLetterReason reason, String error, byte[] payload) {
            return deadLetters.forBlueprint(rejected.getBlueprint(), reason, error, payload);
        }

        @Override
        public CompletableFuture<List<Output>> apply(DescribedDomain domain, Input<RejectedBlueprint> input) {
            RejectedBlueprint rejected = input.value();
            Blueprint previous = rejected.getBlueprint();
            AttemptBudget.Decision decision = budget.afterRejection(previous, domain.description().attemptBudget());
            if (decision instanceof AttemptBudget.Exhausted spent) {
                boolean rollout = Rejection.ROLLOUT.is(rejected.getStage());
                boolean given = previous.getGivenId() != null;
                DeadLetterReason reason = rollout ? DeadLetterReason.ROLLOUT_FAILED
                        : given ? DeadLetterReason.GIVEN_TASK_REJECTED : DeadLetterReason.REVIEW_EXHAUSTED;
                String why = given ? "given task " + previous.getGivenId() + " is rolled out as given, never regenerated"
                        : "attempt budget of " + spent.budget() + " spent";
                return Output.now(new Output.Dead(deadLetter(rejected, reason, why + "; last rejection ("
                        + rejected.getStage() + "): " + String.join("; ", rejected.getReasons()), input.bytes())));
            }
            Optional<String> money = ctx.budget().exhausted();
            if (money.isPresent()) {
                // Another attempt is new work: the rejected blueprint ends here, redrivable to this stage.
                return Output.now(new Output.Dead(deadLetter(rejected, DeadLetterReason.BUDGET_EXHAUSTED,
                        "not revised: " + money.get() + "; last rejection (" + rejected.getStage() + "): "
                                + String.join("; ", rejected.getReasons()), input.bytes())));
            }
            int nextAttempt = ((AttemptBudget.Retry) decision).nextAttempt();
            List<ToolCall> actions = BlueprintActions.of(previous, ctx.json());
            List<String> reasons = new ArrayList<>(rejected.getReasons());
            if (rejected.getRolloutSummary() != null) {
                reasons.add("rollout: " + rejected.getRolloutSummary());
            }
            List<SummarizerPrompt.Critique> critiques = rejected.getJudgeVerdicts().stream()
                    .filter(v -> !v.getAbstained())
                    .map(RegenerateStage::critique)
                    .toList();
            BlueprintDraft draft = new BlueprintDraft(previous.getInstruction(), actions, previous.getOutputs());
            return context(domain, previous).thenCompose(context -> StructuredCall.completeJson(ctx.models().summarizer(),
                            summarizer.request(previous.getInstruction(), actions, previous.getOutputs(), reasons, critiques),
                            node -> summarizer.parse(node.toString()), MAX_REASKS)
                    .thenCompose(plan -> StructuredCall.completeJson(ctx.models().generator(),
                                    generator.revision(domain, context, draft, plan.value()),
                                    node -> GenerateStage.parseDraft(generator, node.toString()), MAX_REASKS)
                            .exceptionally(error -> {
                                // The summarizer's call was paid too: keep it on the dead letter.
                                LlmException failed = LlmException.from(error);
                                throw failed.withUsage(plan.usage().plus(failed.usage()));
                            })
                            .thenApply(revised -> {
                                List<String> history = new ArrayList<>(previous.getFeedbackHistory());
                                history.add(plan.value());
                                return List.of(new Output.Candidate(GenerateStage.toBlueprint(revised.value(),
                                        Blueprint.newBuilder(previous)
                                                .setAttempt(nextAttempt)
                                                .setGeneratorModel(ctx.models().generator().model())
                                                .setFeedbackHistory(history)
                                                .setUsage(Usages.add(previous.getUsage(), NAME, nextAttempt,
                                                        plan.usage().plus(revised.usage()))))));
                            })));
        }

        /** The task's context re-sampled; without a context capability, only who the customer is. */
        private static CompletableFuture<TaskContext> context(DescribedDomain domain, Blueprint previous) {
            if (!domain.offers(Capability.CONTEXT)) {
                return CompletableFuture.completedFuture(new TaskContext(previous.getUserId(),
                        JsonNodeFactory.instance.objectNode(), previous.getPersona(), List.of(), List.of()));
            }
            return Membership.context(domain, previous.getRandomSeed(), previous.getOptions());
        }

        @Override
        public List<Output> onFailure(Input<RejectedBlueprint> input, Throwable cause) {
            RejectedBlueprint rejected = input.value();
            TokenUsage spent = LlmException.from(cause).usage();
            // The revision that failed was to be the next attempt: its calls are charged to it.
            Blueprint b = rejected.getBlueprint();
            b.setUsage(Usages.add(b.getUsage(), NAME, b.getAttempt() + 1, spent));
            return List.of(new Output.Dead(DeadLetters.withFault(deadLetter(rejected, DeadLetterReason.REGENERATION_FAILED,
                    "revision failed: " + cause.getMessage(), input.bytes()), cause)));
        }
    }

    private static SummarizerPrompt.Critique critique(JudgeVerdict v) {
        return new SummarizerPrompt.Critique(v.getJudge(), v.getReflection(), v.getCorrection());
    }
}
