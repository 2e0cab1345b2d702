package io.apigenmt.topology.rollout;

import io.apigenmt.domains.Domain;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.FailedTrial;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Review;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.llm.ChatMessage;
import io.apigenmt.topology.llm.LlmException;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.pipeline.BlueprintActions;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.Routes;
import io.apigenmt.topology.pipeline.StageContext;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.pipeline.async.AsyncWork;
import io.apigenmt.topology.pipeline.async.Routed;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 5, rollout: simulated user and agent play each approved blueprint out, up to N trials;
 * only a trajectory whose final state and outputs match the blueprint is kept.
 * <ul>
 *   <li>reads {@code blueprints.approved} (key task_id, ApprovedBlueprint)</li>
 *   <li>writes {@code trajectories.verified} (Trajectory) for the first passing trial</li>
 *   <li>writes {@code blueprints.retry} (stage rollout, with the rollout summary) when every
 *       trial failed and the attempt budget lasts</li>
 *   <li>writes {@code dead-letters} ({@code rollout_failed}) when it does not</li>
 * </ul>
 * A whole rollout, every turn of every trial, is one unit of in-flight work.
 */
public final class RolloutStage extends AsyncStage {

    public static final String NAME = "rollout";

    public RolloutStage(StageContext ctx) {
        super(NAME, ctx, ctx.topics().approved(),
                List.of(ctx.topics().verified(), ctx.topics().retry(), ctx.topics().deadLetters()), new Work(ctx));
    }

    static RolloutConfig rolloutConfig(PipelineConfig.Rollout r) {
        return RolloutConfig.defaults().withMaxTrials(r.trials()).withMaxAgentSteps(r.maxAgentSteps()).withBestOfN(r.bestOfN());
    }

    private static final class Work implements AsyncWork {

        private final StageContext ctx;
        private final Topics topics;
        private final AvroWireCodec<ApprovedBlueprint> codec;
        private final Rollout rollout;
        private final Routes routes;

        Work(StageContext ctx) {
            this.ctx = ctx;
            this.topics = ctx.topics();
            this.codec = topics.approved().codec(ctx.registry());
            // The stabilized user's judge is the committee's first judge.
            this.rollout = new Rollout(rolloutConfig(ctx.config().rollout()), ctx.models().user(), ctx.models().agent(),
                    ctx.models().reviewers().get(0));
            this.routes = new Routes(NAME, ctx);
        }

        @Override
        public CompletableFuture<List<Routed>> start(Record<String, byte[]> input) {
            ctx.metrics().recordIn(NAME);
            ApprovedBlueprint approved;
            try {
                approved = codec.deserialize(input.value());
            } catch (RuntimeException e) {
                return Routes.now(routes.undecodable(input, "ApprovedBlueprint", e));
            }
            Blueprint b = approved.getBlueprint();
            Optional<Domain> domain = ctx.domains().find(b.getDomain());
            if (domain.isEmpty()) {
                return Routes.now(routes.deadLetter(b.getTaskId(), routes.deadLetters().forBlueprint(b,
                        "unknown_domain", "unknown domain '" + b.getDomain() + "'", input.value())));
            }
            RolloutTask task = new RolloutTask(domain.get(), b.getInstruction(), b.getPersona(),
                    BlueprintActions.of(b, ctx.json()), b.getOutputs());
            return rollout.run(task).thenApply(outcome -> {
                b.setUsage(Usages.add(b.getUsage(), outcome.usage()));
                if (outcome instanceof RolloutOutcome.Verified verified) {
                    ctx.metrics().recordOut(NAME, "verified");
                    return List.of(Routed.to(topics.verified().name(), b.getTaskId(), trajectory(approved, verified)));
                }
                RolloutOutcome.AllTrialsFailed failed = (RolloutOutcome.AllTrialsFailed) outcome;
                return failedRollout(b, failed.summary(), input.value());
            });
        }

        @Override
        public List<Routed> onFailure(Record<String, byte[]> input, Throwable cause) {
            try {
                Blueprint b = codec.deserialize(input.value()).getBlueprint();
                b.setUsage(Usages.add(b.getUsage(), LlmException.from(cause).usage()));
                return failedRollout(b, "rollout could not run: " + cause.getMessage(), input.value());
            } catch (RuntimeException e) {
                return routes.undecodable(input, "ApprovedBlueprint", e);
            }
        }

        /** Back to the feedback loop while the budget lasts; otherwise the task ends here. */
        private List<Routed> failedRollout(Blueprint b, String summary, byte[] payload) {
            if (b.getAttempt() >= ctx.config().attemptBudget(b.getDomain())) {
                return routes.deadLetter(b.getTaskId(), routes.deadLetters().forBlueprint(b,
                        "rollout_failed", summary, payload));
            }
            ctx.metrics().recordOut(NAME, "retry.rollout");
            return List.of(Routed.to(topics.retry().name(), b.getTaskId(),
                    new RejectedBlueprint(b, "rollout", List.of("every rollout trial failed verification"), List.of(), summary)));
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
                    .setReview(new Review(approved.getDiffPatch(), approved.getVerdicts(), approved.getScore()))
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
                    .build();
        }
    }

}
