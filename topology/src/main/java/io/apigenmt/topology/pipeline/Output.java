package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.JudgeVerdict;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Trajectory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a stage's work emits: a closed set of typed records, each bound for the one topic of its
 * type and keyed by its task. A stage declares which of the topics it writes (single writer:
 * only review writes {@link Approved}, only rollout {@link Verified}); {@link StageEdges} forwards
 * each output to its topic's sink and counts it.
 */
public sealed interface Output {

    /** The record key: the task's id; a dead letter's own id. */
    String key();

    /** The record value, of its topic's value type. */
    SpecificRecord value();

    /** The topic this output is written to. */
    Topic<?> topic(Topics topics);

    /** How {@link StageMetrics#recordOut} counts it: candidate, approved, retry.format, dead-letter.undecodable... */
    String metricKind();

    /** Outputs known at once, without model work. */
    static CompletableFuture<List<Output>> now(Output... outputs) {
        return CompletableFuture.completedFuture(List.of(outputs));
    }

    /** A blueprint for review: attempt 1 from generate or recombine, a revision from regenerate. */
    record Candidate(Blueprint blueprint) implements Output {
        @Override
        public String key() {
            return blueprint.getTaskId();
        }

        @Override
        public Blueprint value() {
            return blueprint;
        }

        @Override
        public Topic<Blueprint> topic(Topics topics) {
            return topics.candidates();
        }

        @Override
        public String metricKind() {
            return "candidate";
        }
    }

    /** A blueprint the review passed, for rollout. */
    record Approved(ApprovedBlueprint approved) implements Output {
        @Override
        public String key() {
            return approved.getBlueprint().getTaskId();
        }

        @Override
        public ApprovedBlueprint value() {
            return approved;
        }

        @Override
        public Topic<ApprovedBlueprint> topic(Topics topics) {
            return topics.approved();
        }

        @Override
        public String metricKind() {
            return "approved";
        }
    }

    /**
     * A rejected blueprint, back to the feedback loop with every reason.
     *
     * @param verdicts       the judges' verdicts, when the committee saw it
     * @param rolloutSummary what went wrong in the trials, when rollout rejected it; else null
     */
    record Retry(Blueprint blueprint, Rejection rejection, List<String> reasons, List<JudgeVerdict> verdicts,
                 String rolloutSummary) implements Output {
        @Override
        public String key() {
            return blueprint.getTaskId();
        }

        @Override
        public RejectedBlueprint value() {
            return new RejectedBlueprint(blueprint, rejection.wire(), reasons, verdicts, rolloutSummary);
        }

        @Override
        public Topic<RejectedBlueprint> topic(Topics topics) {
            return topics.retry();
        }

        @Override
        public String metricKind() {
            return "retry." + rejection.wire();
        }
    }

    /** A trajectory that passed verification: the product. */
    record Verified(Trajectory trajectory) implements Output {
        @Override
        public String key() {
            return trajectory.getTaskId();
        }

        @Override
        public Trajectory value() {
            return trajectory;
        }

        @Override
        public Topic<Trajectory> topic(Topics topics) {
            return topics.verified();
        }

        @Override
        public String metricKind() {
            return "verified";
        }
    }

    /** The end of a task that could not be completed (built by {@link DeadLetters}). */
    record Dead(DeadLetter letter) implements Output {
        @Override
        public String key() {
            return letter.getId();
        }

        @Override
        public DeadLetter value() {
            return letter;
        }

        @Override
        public Topic<DeadLetter> topic(Topics topics) {
            return topics.deadLetters();
        }

        @Override
        public String metricKind() {
            return "dead-letter." + letter.getReason();
        }
    }
}
