package io.apigenmt.topology.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.Message;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.ToolCall;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.generate.GenerateStage;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.Rejection;
import io.apigenmt.topology.recombine.RecombineStage;
import io.apigenmt.topology.regenerate.RegenerateStage;
import io.apigenmt.topology.review.ReviewStage;
import io.apigenmt.topology.rollout.RolloutStage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the topics say about one task: each blueprint version, every rejection with its
 * reasons and verdicts, the approvals, the verified trajectory or the dead letter. Records of
 * one attempt count once (the first committed), whatever order the topics are read in.
 */
final class TaskHistory {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String taskId;
    private String seedId = "";
    private String domain = "";
    /** What each attempt's blueprint said, from whichever record carried it. */
    private final NavigableMap<Integer, Blueprint> versions = new TreeMap<>();
    /** The candidates themselves: their usage is what review started from. */
    private final NavigableMap<Integer, Blueprint> candidates = new TreeMap<>();
    private final NavigableMap<Integer, RejectedBlueprint> rejections = new TreeMap<>();
    private final NavigableMap<Integer, ApprovedBlueprint> approvals = new TreeMap<>();
    private Trajectory trajectory;
    private DeadLetter deadLetter;

    TaskHistory(String taskId) {
        this.taskId = taskId;
    }

    void candidate(Blueprint b) {
        know(b);
        candidates.putIfAbsent(b.getAttempt(), b);
    }

    void rejected(RejectedBlueprint r) {
        know(r.getBlueprint());
        rejections.putIfAbsent(r.getBlueprint().getAttempt(), r);
    }

    void approved(ApprovedBlueprint a) {
        know(a.getBlueprint());
        approvals.putIfAbsent(a.getBlueprint().getAttempt(), a);
    }

    void verified(Trajectory t) {
        know(t.getBlueprint());
        if (trajectory == null) {
            trajectory = t;
        }
    }

    void deadLettered(DeadLetter d) {
        seedId = seedId.isEmpty() ? d.getSeedId() : seedId;
        domain = domain.isEmpty() ? d.getDomain() : domain;
        if (deadLetter == null) {
            deadLetter = d;
        }
    }

    private void know(Blueprint b) {
        seedId = seedId.isEmpty() ? b.getSeedId() : seedId;
        domain = domain.isEmpty() ? b.getDomain() : domain;
        versions.putIfAbsent(b.getAttempt(), b);
    }

    /** verified wins over a dead letter: only a redriven dead letter can be followed by a trajectory. */
    String outcome() {
        return trajectory != null ? "verified" : deadLetter != null ? "dead_lettered" : "in_flight";
    }

    /**
     * Usage per stage. Usage is cumulative on the records, so each record is charged to the stage
     * that wrote it with what it carries beyond the record before it in the task's chain:
     * attempt a's candidate (generate or recombine for a = 1, regenerate after), review's verdict
     * on it (approval or rejection), rollout's outcome (trajectory or rejection); a dead letter
     * stands where its stage's output would. A missing record (e.g. past retention) makes the next
     * one span the gap, so the stages still add up to the task's final usage.
     */
    Map<String, StageUsage> usageByStage() {
        NavigableMap<Integer, Reading> chain = new TreeMap<>();
        candidates.forEach((a, b) -> chain.put(3 * a, new Reading(a <= 1
                ? (Membership.isCombined(b.getOptions()) ? RecombineStage.NAME : GenerateStage.NAME)
                : RegenerateStage.NAME, b.getUsage())));
        approvals.forEach((a, ap) -> chain.put(3 * a + 1, new Reading(ReviewStage.NAME, ap.getBlueprint().getUsage())));
        rejections.forEach((a, r) -> {
            boolean rollout = Rejection.ROLLOUT.is(r.getStage());
            chain.put(3 * a + (rollout ? 2 : 1), new Reading(rollout ? RolloutStage.NAME : ReviewStage.NAME,
                    r.getBlueprint().getUsage()));
        });
        if (trajectory != null) {
            chain.put(3 * trajectory.getBlueprint().getAttempt() + 2, new Reading(RolloutStage.NAME, trajectory.getUsage()));
        } else if (deadLetter != null) {
            chain.putIfAbsent(position(deadLetter), new Reading(deadLetter.getStage(), deadLetter.getUsage()));
        }
        Map<String, StageUsage> by = new LinkedHashMap<>();
        Usage before = null;
        for (Reading r : chain.values()) {
            by.merge(r.stage(), StageUsage.between(before, r.usage()), StageUsage::plus);
            before = r.usage() == null ? before : r.usage();
        }
        return by;
    }

    private record Reading(String stage, Usage usage) {}

    /** Where a dead letter stands in the chain: in place of the output its stage would have written. */
    private static int position(DeadLetter d) {
        int attempt = Math.max(1, d.getAttempts());
        return switch (d.getStage()) {
            case ReviewStage.NAME -> 3 * attempt + 1;
            case RolloutStage.NAME -> 3 * attempt + 2;
            case RegenerateStage.NAME -> 3 * attempt + 3;
            default -> 3 * attempt;
        };
    }

    /** One line of tasks.jsonl: the task as the viewer shows it. */
    ObjectNode toJson() {
        ObjectNode node = NODES.objectNode();
        node.put("task_id", taskId);
        node.put("seed_id", seedId);
        node.put("domain", domain);
        node.put("outcome", outcome());
        node.put("reason", trajectory == null && deadLetter != null ? deadLetter.getReason() : null);
        node.put("attempts", versions.isEmpty() ? (deadLetter == null ? 0 : deadLetter.getAttempts()) : versions.lastKey());
        node.put("instruction", versions.isEmpty() ? "" : versions.lastEntry().getValue().getInstruction());
        ArrayNode tools = node.putArray("tools");
        toolsUsed().forEach(tools::add);

        ArrayNode blueprints = node.putArray("blueprints");
        versions.values().forEach(b -> blueprints.add(AvroJson.of(b, Set.of("usage"))));
        ArrayNode rejected = node.putArray("rejections");
        rejections.forEach((attempt, r) -> rejected.add(AvroJson.of(r, Set.of("blueprint")).put("attempt", attempt)));
        ArrayNode approved = node.putArray("approvals");
        approvals.forEach((attempt, a) -> approved.add(AvroJson.of(a, Set.of("blueprint")).put("attempt", attempt)));
        node.set("trajectory", trajectory == null ? NODES.nullNode()
                : AvroJson.of(trajectory, Set.of("blueprint")).put("attempt", trajectory.getBlueprint().getAttempt()));
        // The payload stays in dead-letters.jsonl: it is the whole input record again.
        node.set("dead_letter", deadLetter == null ? NODES.nullNode()
                : AvroJson.of(deadLetter, Set.of("payload", "payload_json", "usage", "options")));

        node.set("usage", StageUsage.of(finalUsage()).toJson());
        ObjectNode byStage = node.putObject("usage_by_stage");
        usageByStage().forEach((stage, u) -> byStage.set(stage, u.toJson()));
        return node;
    }

    /** The tools the agent called and the ground truth uses: what "search by tool" matches. */
    private Set<String> toolsUsed() {
        Set<String> names = new TreeSet<>();
        if (trajectory != null) {
            for (Message m : trajectory.getMessages()) {
                m.getToolCalls().stream().map(ToolCall::getName).forEach(names::add);
            }
        }
        if (!versions.isEmpty()) {
            versions.lastEntry().getValue().getActions().stream().map(Action::getName).forEach(names::add);
        }
        return names;
    }

    private Usage finalUsage() {
        if (trajectory != null) {
            return trajectory.getUsage();
        }
        if (deadLetter != null && deadLetter.getUsage() != null) {
            return deadLetter.getUsage();
        }
        return versions.isEmpty() ? null : versions.lastEntry().getValue().getUsage();
    }
}
