package io.apigenmt.topology.rollout;

import io.apigenmt.domains.Domain;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.pipeline.AttemptBudget;
import io.apigenmt.topology.pipeline.BlueprintActions;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.DeadLetters;
import io.apigenmt.topology.pipeline.Output;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.Rejection;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.StageFunction;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.pipeline.async.Input;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stage 5, rollout: simulated user and agent play each approved blueprint out, up to N trials;
 * only a trajectory whose final state and outputs match the blueprint is kept.
 * <ul>
 *   <li>reads {@code blueprints.approved} (key task_id, ApprovedBlueprint)</li>
 *   <li>writes {@code trajectories.verified} (Trajectory) for the first passing trial</li>
 *   <li>writes {@code blueprints.retry} (stage rollout, with the rollout summary) when every
 *       trial failed and the attempt budget lasts</li>
 *   <li>writes {@code dead-letters} ({@code rollout_failed}) when it does not, and
 *       ({@code budget_exhausted}) for a blueprint that arrives once the spend reached the budget:
 *       it is not rolled out</li>
 * </ul>
 * A whole rollout, every turn of every trial, is one unit of in-flight work.
 */
public final class RolloutStage extends AsyncStage<ApprovedBlueprint> {

    public static final String NAME = "rollout";

    public RolloutStage(StageContext ctx) {
        super(NAME, ctx, ctx.topics().approved(),
                List.of(ctx.topics().verified(), ctx.topics().retry(), ctx.topics().deadLetters()), new Work(ctx));
    }

    static RolloutConfig rolloutConfig(PipelineConfig.Rollout r) {
        return RolloutConfig.defaults().withMaxTrials(r.trials()).withMaxAgentSteps(r.maxAgentSteps()).withBestOfN(r.bestOfN());
    }

    private static final class Work implements StageFunction<ApprovedBlueprint> {

        private final StageContext ctx;
        private final Rollout rollout;
        private final AttemptBudget budget;
        private final DeadLetters deadLetters;

        Work(StageContext ctx) {
            this.ctx = ctx;
            // The stabilized user's judge is the committee's first judge.
            this.rollout = new Rollout(rolloutConfig(ctx.config().rollout()), ctx.models().user(), ctx.models().agent(),
                    ctx.models().reviewers().get(0));
            this.budget = AttemptBudget.of(ctx.config());
            this.deadLetters = ctx.deadLetters(NAME);
        }

        @Override
        public String domain(ApprovedBlueprint approved) {
            return approved.getBlueprint().getDomain();
        }

        @Override
        public DeadLetter deadLetter(ApprovedBlueprint approved, DeadLetterReason reason, String error, byte[] payload) {
            return deadLetters.forBlueprint(approved.getBlueprint(), reason, error, payload);
        }

        @Override
        public CompletableFuture<List<Output>> apply(Domain domain, Input<ApprovedBlueprint> input) {
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
                    return List.of(new Output.Verified(trajectory(b, verified)));
                }
                RolloutOutcome.AllTrialsFailed failed = (RolloutOutcome.AllTrialsFailed) outcome;
                return failedRollout(input, failed.summary());
            });
        }

        @Override
        public List<Output> onFailure(Input<ApprovedBlueprint> input, Throwable cause) {
            Blueprint b = input.value().getBlueprint();
            b.setUsage(Usages.add(b.getUsage(), NAME, b.getAttempt(), LlmException.from(cause).usage()));
            return failedRollout(input, "rollout could not run: " + cause.getMessage());
        }

        /** Back to the feedback loop while the budget lasts; otherwise the task ends here. */
        private List<Output> failedRollout(Input<ApprovedBlueprint> input, String summary) {
            Blueprint b = input.value().getBlueprint();
            if (budget.afterRejection(b) instanceof AttemptBudget.Exhausted) {
                return List.of(new Output.Dead(deadLetter(input.value(), DeadLetterReason.ROLLOUT_FAILED, summary,
                        input.bytes())));
            }
            return List.of(new Output.Retry(b, Rejection.ROLLOUT, List.of("every rollout trial failed verification"),
                    List.of(), summary));
        }

        private Trajectory trajectory(Blueprint b, RolloutOutcome.Verified v) {
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
                    .build();
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
                    .build();
        }
    }

}
