package io.apigenmt.topology.rollout;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.FailedTrial;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.Review;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.ChatModel;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.pipeline.AttemptBudget;
import io.apigenmt.topology.pipeline.BlueprintActions;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.ModelFault;
import io.apigenmt.topology.pipeline.Output;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.Rejection;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageFunction;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.pipeline.async.Input;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Stage 5, rollout: simulated user and agent play each approved blueprint out, up to N trials;
 * only a trajectory whose final state and outputs match the blueprint is kept.
 * <ul>
 *   <li>reads {@code blueprints.approved} (key task_id, ApprovedBlueprint)</li>
 *   <li>writes {@code trajectories.verified} (Trajectory) for the first passing trial</li>
 *   <li>writes {@code blueprints.retry} (stage rollout, with the rollout summary) when every
 *       trial failed and the attempt budget lasts</li>
 *   <li>writes {@code dead-letters} ({@code rollout_failed}) when it does not, and at once for a
 *       given task (tasks file), which is never regenerated; and ({@code budget_exhausted}) for a
 *       blueprint that arrives once the spend reached the budget: it is not rolled out</li>
 * </ul>
 * A whole rollout, every turn of every trial, is one unit of in-flight work.
 */
public final class RolloutStage extends AsyncStage<ApprovedBlueprint> {

    public static final String NAME = "rollout";

    public RolloutStage(StageContext ctx) {
        super(NAME, ctx, ctx.topics().approved(),
                List.of(ctx.topics().verified(), ctx.topics().retry(), ctx.topics().deadLetters()), new Work(ctx),
                models(ctx));
    }

    /** User and agent; the stabilized user's judge (the committee's first) only when best-of-N is on. */
    private static List<ChatModel> models(StageContext ctx) {
        boolean judged = rolloutConfig(ctx.config()).bestOfNEnabled();
        return judged ? List.of(ctx.models().user(), ctx.models().agent(), ctx.models().reviewers().get(0))
                : List.of(ctx.models().user(), ctx.models().agent());
    }

    static RolloutConfig rolloutConfig(PipelineConfig config) {
        PipelineConfig.Rollout r = config.rollout();
        return RolloutConfig.defaults().withMaxTrials(r.trials()).withMaxAgentSteps(r.maxAgentSteps()).withBestOfN(r.bestOfN())
                .withKeepAgentReasoning(config.llm().agent().keepReasoning());
    }

    private static final class Work implements StageFunction<ApprovedBlueprint> {

        private final StageContext ctx;
        private final Rollout rollout;
        private final AttemptBudget budget;
        private final DeadLetters deadLetters;

        Work(StageContext ctx) {
            this.ctx = ctx;
            // The stabilized user's judge is the committee's first judge.
            this.rollout = new Rollout(rolloutConfig(ctx.config()), ctx.models().user(), ctx.models().agent(),
                    ctx.models().reviewers().get(0));
            this.budget = AttemptBudget.of(ctx.config());
            this.deadLetters = ctx.deadLetters(NAME);
        }

        @Override
        public String domain(ApprovedBlueprint approved) {
            return approved.getBlueprint().getDomain();
        }

        @Override
        public String dataFingerprint(ApprovedBlueprint approved) {
            return approved.getBlueprint().getDataFingerprint();
        }

        @Override
        public DeadLetter deadLetter(ApprovedBlueprint approved, DeadLetterReason reason, String error, byte[] payload) {
            return deadLetters.forBlueprint(approved.getBlueprint(), reason, error, payload);
        }

        @Override
        public CompletableFuture<List<Output>> apply(DescribedDomain domain, Input<ApprovedBlueprint> input) {
            Blueprint b = input.value().getBlueprint();
            Optional<String> spent = ctx.budget().exhausted();
            if (spent.isPresent()) {
                // A rollout is new model work (the most of a task's): not started; redrivable to rollout.
                return Output.now(new Output.Dead(deadLetter(input.value(), DeadLetterReason.BUDGET_EXHAUSTED,
                        "not rolled out: " + spent.get(), input.bytes())));
            }
            RolloutTask task = new RolloutTask(domain, b.getInstruction(), b.getPersona(),
                    BlueprintActions.of(b, ctx.json()), b.getOutputs());
            return rollout.run(task).thenApply(outcome -> {
                b.setUsage(Usages.addTrials(b.getUsage(), NAME, b.getAttempt(), outcome.usageByTrial()));
                if (outcome instanceof RolloutOutcome.Verified verified) {
                    return List.of(new Output.Verified(trajectory(input.value(), verified)));
                }
                RolloutOutcome.AllTrialsFailed failed = (RolloutOutcome.AllTrialsFailed) outcome;
                // Every trial broken off by a model call: the endpoint's fault, not the blueprint's.
                return failedRollout(input, failed.summary(), domain,
                        failed.allModelErrors() ? ModelFault.ENDPOINT.wire() : null);
            });
        }

        @Override
        public List<Output> onFailure(Input<ApprovedBlueprint> input, Throwable cause) {
            Blueprint b = input.value().getBlueprint();
            b.setUsage(Usages.add(b.getUsage(), NAME, b.getAttempt(), LlmException.from(cause).usage()));
            return failedRollout(input, "rollout could not run: " + cause.getMessage(), null, ModelFault.wireOf(cause));
        }

        /**
         * Back to the feedback loop while the budget lasts; otherwise the task ends here, with
         * {@code fault} (may be null).
         *
         * @param domain the described domain, or null when the rollout failed before it was known
         */
        private List<Output> failedRollout(Input<ApprovedBlueprint> input, String summary, DescribedDomain domain,
                                           String fault) {
            Blueprint b = input.value().getBlueprint();
            OptionalInt declared = domain == null ? OptionalInt.empty() : domain.description().attemptBudget();
            if (budget.afterRejection(b, declared) instanceof AttemptBudget.Exhausted) {
                DeadLetter letter = deadLetter(input.value(), DeadLetterReason.ROLLOUT_FAILED, summary, input.bytes());
                letter.setFault(fault);
                return List.of(new Output.Dead(letter));
            }
            return List.of(new Output.Retry(b, Rejection.ROLLOUT, List.of("every rollout trial failed verification"),
                    List.of(), summary));
        }

        private Trajectory trajectory(ApprovedBlueprint approved, RolloutOutcome.Verified v) {
            Blueprint b = approved.getBlueprint();
            Verification check = v.verification();
            return Trajectory.newBuilder()
                    .setTaskId(b.getTaskId())
                    .setDomain(b.getDomain())
                    .setBlueprint(b)
                    .setMessages(v.messages().stream().map(Work::message).toList())
                    .setToolsJson(ctx.json().valueToTree(v.tools()).toString())
                    .setSystemPrompt(v.systemPrompt())
                    .setTrial(v.trial())
                    .setVerification(io.apigenmt.schemas.Verification.newBuilder()
                            .setStateHashExpected(check.stateHashExpected())
                            .setStateHashActual(check.stateHashActual())
                            .setOutputsFound(check.outputsFound())
                            .setOutputsMissing(check.outputsMissing())
                            .build())
                    .setModels(ctx.models().modelNames())
                    .setUsage(b.getUsage())
                    // What the viewer shows beside the conversation: the review it passed, the trials that failed.
                    .setReview(new Review(approved.getDiffPatch(), approved.getVerdicts(), approved.getScore(),
                            approved.getSkippedChecks()))
                    .setFailedTrials(v.failedTrials().stream().map(Work::failedTrial).toList())
                    .build();
        }

        private static FailedTrial failedTrial(RolloutOutcome.TrialFailure f) {
            return new FailedTrial(f.trial(), f.endReason() == null ? null : f.endReason().name().toLowerCase(Locale.ROOT),
                    f.summary());
        }

        private static Message message(ChatMessage m) {
            return Message.newBuilder()
                    .setRole(m.role())
                    .setContent(m.content())
                    .setToolCalls(m.toolCalls().stream()
                            .map(c -> new ToolCall(c.id(), c.name(), c.argumentsJson()))
                            .toList())
                    .setToolCallId(m.toolCallId())
                    .setName(m.name())
                    .setReasoningContent(m.reasoning())
                    .build();
        }
    }

}
