package io.apigenmt.topology.review;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.pipeline.AsyncStage;
import io.apigenmt.topology.pipeline.Budget;
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
 * Stage 3, review (the voting stage): Stage 1 deterministic checks, then the committee.
 * <ul>
 *   <li>reads {@code blueprints.candidates} (key task_id, Blueprint)</li>
 *   <li>writes {@code blueprints.approved} (ApprovedBlueprint: diff patch, verdicts, score)</li>
 *   <li>writes {@code blueprints.retry} (RejectedBlueprint: stage format|execution|policy|review
 *       and every reason and verdict)</li>
 *   <li>writes {@code dead-letters} for undecodable input or an unknown domain, and
 *       ({@code budget_exhausted}) for a blueprint that passed Stage 1 once the spend reached the
 *       budget: the committee is not asked</li>
 * </ul>
 * A Stage-1 failure skips the committee: no model is paid to judge a blueprint that cannot run.
 * A given task (tasks file) gets {@link StageOneChecks#checkGiven} and, when it passes, is
 * approved without the committee (no verdicts, score 1): it is there to be rolled out.
 * An approval names the Stage-1 checks the domain's environment could not run ({@code skipped_checks}).
 */
public final class ReviewStage extends AsyncStage<Blueprint> {

    public static final String NAME = "review";
    /**
     * Seed option {@code check_policy=true}: a given task's execution trace must also pass the
     * domain's policy rules (off by default: a given task's ground truth is its author's call).
     */
    public static final String CHECK_POLICY_OPTION = "check_policy";
    /** The score of a given task, approved without the committee: its ground truth is given. */
    static final double GIVEN_SCORE = 1.0;

    public ReviewStage(StageContext ctx) {
        super(NAME, ctx, ctx.topics().candidates(),
                List.of(ctx.topics().approved(), ctx.topics().retry(), ctx.topics().deadLetters()), new Work(ctx),
                ctx.models().reviewers());
    }

    private static final class Work implements StageFunction<Blueprint> {

        private final StageOneChecks stageOne;
        private final Committee committee;
        private final Vote vote;
        private final DeadLetters deadLetters;
        private final Budget budget;

        Work(StageContext ctx) {
            this.budget = ctx.budget();
            this.stageOne = new StageOneChecks(ctx.json());
            this.committee = new Committee(ctx.models().reviewers(), new JudgePrompt(ctx.json()));
            PipelineConfig.Review review = ctx.config().review();
            this.vote = new Vote(review.acceptThreshold(), review.minVotes());
            this.deadLetters = ctx.deadLetters(NAME);
        }

        @Override
        public String domain(Blueprint blueprint) {
            return blueprint.getDomain();
        }

        @Override
        public String dataFingerprint(Blueprint blueprint) {
            return blueprint.getDataFingerprint();
        }

        @Override
        public DeadLetter deadLetter(Blueprint blueprint, DeadLetterReason reason, String error, byte[] payload) {
            return deadLetters.forBlueprint(blueprint, reason, error, payload);
        }

        @Override
        public CompletableFuture<List<Output>> apply(DescribedDomain domain, Input<Blueprint> input) {
            Blueprint blueprint = input.value();
            boolean given = blueprint.getGivenId() != null;
            CompletableFuture<StageOneChecks.Result> stageOneResult = given
                    ? stageOne.checkGiven(domain, blueprint, "true".equals(blueprint.getOptions().get(CHECK_POLICY_OPTION)))
                    : stageOne.check(domain, blueprint);
            return stageOneResult.thenCompose(checked -> {
                if (checked instanceof StageOneChecks.Failed failed) {
                    return Output.now(new Output.Retry(blueprint, failed.check(), failed.reasons(), List.of(), null));
                }
                StageOneChecks.Passed passed = (StageOneChecks.Passed) checked;
                if (given) {
                    return Output.now(new Output.Approved(new ApprovedBlueprint(blueprint, passed.diffPatch().toJson(),
                            List.of(), GIVEN_SCORE, passed.skipped().stream().map(Rejection::wire).toList())));
                }
                Optional<String> spent = budget.exhausted();
                if (spent.isPresent()) {
                    // The committee is new model work: not started; redrivable to review as it is.
                    return Output.now(new Output.Dead(deadLetter(blueprint, DeadLetterReason.BUDGET_EXHAUSTED,
                            "not reviewed: " + spent.get(), input.bytes())));
                }
                return judge(domain, blueprint, passed);
            });
        }

        private CompletableFuture<List<Output>> judge(DescribedDomain domain, Blueprint blueprint, StageOneChecks.Passed passed) {
            String diff = passed.diffPatch().toJson();
            List<String> skipped = passed.skipped().stream().map(Rejection::wire).toList();
            return committee.hear(domain.policy(), blueprint.getInstruction(), passed.actions(), blueprint.getOutputs(), diff)
                    .thenApply(hearing -> {
                        blueprint.setUsage(Usages.add(blueprint.getUsage(), NAME, blueprint.getAttempt(), hearing.usage()));
                        Vote.Decision decision = vote.decide(hearing.verdicts());
                        if (decision instanceof Vote.Accepted accepted) {
                            return List.of(new Output.Approved(
                                    new ApprovedBlueprint(blueprint, diff, accepted.verdicts(), accepted.score(), skipped)));
                        }
                        Vote.Rejected rejected = (Vote.Rejected) decision;
                        return List.of(new Output.Retry(blueprint, Rejection.COMMITTEE, rejected.reasons(),
                                rejected.verdicts(), null));
                    });
        }

        @Override
        public List<Output> onFailure(Input<Blueprint> input, Throwable cause) {
            // Judges abstain instead of failing, so only a bug gets here: keep the task moving
            // through the feedback loop rather than losing it.
            return List.of(new Output.Retry(input.value(), Rejection.COMMITTEE,
                    List.of("review failed: " + cause.getMessage()), List.of(), null));
        }
    }
}
