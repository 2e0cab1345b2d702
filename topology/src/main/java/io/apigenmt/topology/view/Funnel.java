package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The funnel of a report: requested tasks, generated blueprints (first attempts, revisions and
 * recombined tasks), those that passed Stage 1 (every one the committee heard), those the
 * committee approved, rollouts played to the end, verified trajectories; each step with what
 * it lost and why.
 */
final class Funnel {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Funnel() {}

    static ArrayNode of(JsonNode report) {
        JsonNode stages = report.path("stages");
        JsonNode review = stages.path("review");
        JsonNode rollout = stages.path("rollout");
        long generated = stages.path("generate").path("generated").asLong()
                + stages.path("regenerate").path("regenerations").asLong()
                + stages.path("recombine").path("combined").asLong();
        long approved = review.path("approvals").asLong();
        long committeeRejected = review.path("review_rejections").asLong();
        long rolloutFailures = rollout.path("rollout_failures").asLong();
        long verified = report.path("verified").asLong();

        ArrayNode steps = NODES.arrayNode();
        steps.add(step("requested", "requested", "tasks", report.path("requested").asLong()));
        steps.add(step("generated", "generated", "blueprints", generated)
                .put("note", stages.path("generate").path("generated").asLong() + " first attempts, "
                        + stages.path("regenerate").path("regenerations").asLong() + " revisions"
                        + (stages.path("recombine").path("combined").asLong() > 0
                                ? ", " + stages.path("recombine").path("combined").asLong() + " recombined" : "")));
        ObjectNode stageOne = step("stage1", "passed Stage 1", "blueprints", approved + committeeRejected);
        stageOne.putObject("lost")
                .put("format", review.path("format_rejections").asLong())
                .put("execution", review.path("execution_rejections").asLong())
                .put("policy", review.path("policy_rejections").asLong());
        steps.add(stageOne);
        ObjectNode committee = step("approved", "approved by the committee", "blueprints", approved);
        committee.putObject("lost").put("committee", committeeRejected);
        steps.add(committee);
        steps.add(step("rollout", "rolled out", "blueprints", verified + rolloutFailures)
                .put("note", rollout.path("rollout_trials").asLong() + " trials"));
        ObjectNode done = step("verified", "verified", "trajectories", verified);
        done.putObject("lost").put("rollout", rolloutFailures);
        steps.add(done);
        return steps;
    }

    /** Rejected blueprints by kind: the Stage 1 checks, the committee, rollouts whose every trial failed. */
    static ObjectNode rejectionsByKind(JsonNode report) {
        JsonNode review = report.path("stages").path("review");
        return NODES.objectNode()
                .put("format", review.path("format_rejections").asLong())
                .put("execution", review.path("execution_rejections").asLong())
                .put("policy", review.path("policy_rejections").asLong())
                .put("committee", review.path("review_rejections").asLong())
                .put("rollout", report.path("stages").path("rollout").path("rollout_failures").asLong());
    }

    private static ObjectNode step(String key, String label, String unit, long count) {
        return NODES.objectNode().put("key", key).put("label", label).put("unit", unit).put("count", count);
    }
}
