package io.apigenmt.topology.review;

import io.apigenmt.domains.Domain;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.registry.AvroWireCodec;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.pipeline.PipelineConfig;
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
 * Stage 3, review (the voting stage): Stage 1 deterministic checks, then the committee.
 * <ul>
 *   <li>reads {@code blueprints.candidates} (key task_id, Blueprint)</li>
 *   <li>writes {@code blueprints.approved} (ApprovedBlueprint: diff patch, verdicts, score)</li>
 *   <li>writes {@code blueprints.retry} (RejectedBlueprint: stage format|execution|policy|review
 *       and every reason and verdict)</li>
 *   <li>writes {@code dead-letters} for undecodable input or an unknown domain</li>
 * </ul>
 * A Stage-1 failure skips the committee: no model is paid to judge a blueprint that cannot run.
 */
public final class ReviewStage extends AsyncStage {

    public static final String NAME = "review";

    public ReviewStage(StageContext ctx) {
        super(NAME, ctx, ctx.topics().candidates(),
                List.of(ctx.topics().approved(), ctx.topics().retry(), ctx.topics().deadLetters()), new Work(ctx));
    }

    private static final class Work implements AsyncWork {

        private final StageContext ctx;
        private final Topics topics;
        private final AvroWireCodec<Blueprint> codec;
        private final StageOneChecks stageOne;
        private final Committee committee;
        private final Vote vote;
        private final Routes routes;

        Work(StageContext ctx) {
            this.ctx = ctx;
            this.topics = ctx.topics();
            this.codec = topics.candidates().codec(ctx.registry());
            this.stageOne = new StageOneChecks(ctx.json());
            this.committee = new Committee(ctx.models().reviewers(), new JudgePrompt(ctx.json()));
            PipelineConfig.Review review = ctx.config().review();
            this.vote = new Vote(review.acceptThreshold(), review.minVotes());
            this.routes = new Routes(NAME, ctx);
        }

        @Override
        public CompletableFuture<List<Routed>> start(Record<String, byte[]> input) {
            ctx.metrics().recordIn(NAME);
            Blueprint blueprint;
            try {
                blueprint = codec.deserialize(input.value());
            } catch (RuntimeException e) {
                return Routes.now(routes.undecodable(input, "Blueprint", e));
            }
            Optional<Domain> domain = ctx.domains().find(blueprint.getDomain());
            if (domain.isEmpty()) {
                return Routes.now(routes.deadLetter(blueprint.getTaskId(), routes.deadLetters().forBlueprint(blueprint,
                        "unknown_domain", "unknown domain '" + blueprint.getDomain() + "'", input.value())));
            }
            StageOneChecks.Result checked = stageOne.check(domain.get(), blueprint);
            if (checked instanceof StageOneChecks.Failed failed) {
                return Routes.now(List.of(retry(blueprint, failed.check(), failed.reasons(), List.of())));
            }
            StageOneChecks.Passed passed = (StageOneChecks.Passed) checked;
            String diff = passed.diffPatch().toJson();
            return committee.hear(domain.get().policy(), blueprint.getInstruction(), passed.actions(),
                            blueprint.getOutputs(), diff)
                    .thenApply(hearing -> {
                        blueprint.setUsage(Usages.add(blueprint.getUsage(), hearing.usage()));
                        Vote.Decision decision = vote.decide(hearing.verdicts());
                        if (decision instanceof Vote.Accepted accepted) {
                            ctx.metrics().recordOut(NAME, "approved");
                            return List.of(Routed.to(topics.approved().name(), blueprint.getTaskId(),
                                    new ApprovedBlueprint(blueprint, diff, accepted.verdicts(), accepted.score())));
                        }
                        Vote.Rejected rejected = (Vote.Rejected) decision;
                        return List.of(retry(blueprint, "review", rejected.reasons(), rejected.verdicts()));
                    });
        }

        @Override
        public List<Routed> onFailure(Record<String, byte[]> input, Throwable cause) {
            // Judges abstain instead of failing, so only a bug gets here: keep the task moving
            // through the feedback loop rather than losing it.
            try {
                Blueprint blueprint = codec.deserialize(input.value());
                return List.of(retry(blueprint, "review", List.of("review failed: " + cause.getMessage()), List.of()));
            } catch (RuntimeException e) {
                return routes.undecodable(input, "Blueprint", e);
            }
        }

        private Routed retry(Blueprint blueprint, String check, List<String> reasons, List<JudgeVerdict> verdicts) {
            ctx.metrics().recordOut(NAME, "retry." + check);
            return Routed.to(topics.retry().name(), blueprint.getTaskId(),
                    new RejectedBlueprint(blueprint, check, reasons, verdicts, null));
        }
    }
}
