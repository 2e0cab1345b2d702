package io.apigenmt.topology.pipeline;

import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RecombinationMember;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.SeedRequest;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.StageStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The one registry of pipeline topics (DESIGN.md, Topics): every name, key and value type.
 * Names carry a configurable prefix (default {@code apigen.}) so several pipelines can share a
 * cluster; no topic name appears as a literal anywhere else.
 *
 * <pre>
 * Topics topics = new Topics("apigen.");
 * builder.stream(topics.seeds().name(), Consumed.with(topics.seeds().keySerde(), topics.seeds().valueSerde(registry)));
 * </pre>
 */
public final class Topics {

    public static final String DEFAULT_PREFIX = "apigen.";

    /** Work in flight: long enough to survive a stopped pipeline over a long weekend. */
    private static final Duration WORK_RETENTION = Duration.ofDays(7);
    /** Workers' status: only the latest records matter; a day is plenty to read them back. */
    private static final Duration STATUS_RETENTION = Duration.ofDays(1);

    private final String prefix;
    private final Topic<SeedRequest> seeds;
    private final Topic<TaskRequest> tasks;
    private final Topic<Blueprint> candidates;
    private final Topic<RejectedBlueprint> retry;
    private final Topic<ApprovedBlueprint> approved;
    private final Topic<Trajectory> verified;
    private final Topic<DeadLetter> deadLetters;
    private final Topic<RecombinationMember> recombineMembers;
    private final Topic<StageStatus> stageStatus;

    public Topics() {
        this(DEFAULT_PREFIX);
    }

    public Topics(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-': "
                    + prefix);
        }
        this.seeds = new Topic<>(prefix + "seeds", SeedRequest.class, WORK_RETENTION);
        this.tasks = new Topic<>(prefix + "tasks", TaskRequest.class, WORK_RETENTION);
        this.candidates = new Topic<>(prefix + "blueprints.candidates", Blueprint.class, WORK_RETENTION);
        this.retry = new Topic<>(prefix + "blueprints.retry", RejectedBlueprint.class, WORK_RETENTION);
        this.approved = new Topic<>(prefix + "blueprints.approved", ApprovedBlueprint.class, WORK_RETENTION);
        // The terminal records are the product and the ledger: kept until the user deletes them.
        this.verified = new Topic<>(prefix + "trajectories.verified", Trajectory.class, null);
        this.deadLetters = new Topic<>(prefix + "dead-letters", DeadLetter.class, null);
        this.recombineMembers = new Topic<>(prefix + "recombine.members", RecombinationMember.class, WORK_RETENTION);
        this.stageStatus = new Topic<>(prefix + "stage-status", StageStatus.class, STATUS_RETENTION);
    }

    public String prefix() {
        return prefix;
    }

    /** seeds: key seed_id, SeedRequest; written by users, read by fan-out. */
    public Topic<SeedRequest> seeds() {
        return seeds;
    }

    /** tasks: key task_id, TaskRequest; fan-out to generate. */
    public Topic<TaskRequest> tasks() {
        return tasks;
    }

    /** blueprints.candidates: key task_id, Blueprint; generate and regenerate to review. */
    public Topic<Blueprint> candidates() {
        return candidates;
    }

    /** blueprints.retry: key task_id, RejectedBlueprint; review and rollout to regenerate. */
    public Topic<RejectedBlueprint> retry() {
        return retry;
    }

    /** blueprints.approved: key task_id, ApprovedBlueprint; review to rollout. */
    public Topic<ApprovedBlueprint> approved() {
        return approved;
    }

    /** trajectories.verified: key task_id, Trajectory; rollout to users. */
    public Topic<Trajectory> verified() {
        return verified;
    }

    /** dead-letters: key task_id or seed_id, DeadLetter; every stage to users. */
    public Topic<DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** recombine.members: key group_id, RecombinationMember; the recombine stage's own regrouping of its input. */
    public Topic<RecombinationMember> recombineMembers() {
        return recombineMembers;
    }

    /** stage-status: key worker_id/stage, StageStatus; every worker to report (paused stages and why). */
    public Topic<StageStatus> stageStatus() {
        return stageStatus;
    }

    /** Every pipeline topic, in flow order, then the workers' status. */
    public List<Topic<?>> all() {
        return List.of(seeds, tasks, candidates, retry, approved, verified, deadLetters, recombineMembers, stageStatus);
    }
}
