package io.apigenmt.topology.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.TaskRequest;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.topology.cost.Prices;
import io.apigenmt.topology.cost.Spend;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.llm.Tokens;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.Redrives;
import io.apigenmt.topology.pipeline.Rejection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The pipeline's books, folded from the topics: {@code requested = verified + dead_lettered +
 * in_flight}, the funnel counters of every stage, per-domain totals, model usage and its cost.
 * It reads every stage's records (and fan-out's seed check), so it sits above the stages.
 *
 * <p>A task counts by its latest terminal record, once: its first trajectory (a trajectory is
 * final: only a redriven dead letter can be followed by one), else its latest dead letter. A
 * redriven task ({@link Redrives}) is in flight again from its first record of the new
 * generation until a terminal record of that generation arrives; a dead letter of an earlier
 * generation then counts no more. Records are compared by generation, never by arrival order
 * across topics, and a dead letter read twice is the same dead letter, so redelivered or
 * out-of-order records cannot unbalance the books. Terminal records count only once their seed
 * is known, whatever order the topics are read in.
 *
 * <p>Spend: every task's latest record (terminal, or the furthest work record of a task in flight)
 * carries its whole usage breakdown (a redriven task carries its dead letter's forward), so the
 * book holds each task's latest {@link Charge} and replaces it as later records arrive.
 */
public final class Ledger {

    private long requested;
    private long seeds;
    private long seedsRefused;
    private final Set<String> seenSeeds = new HashSet<>();
    /** Every task (or refused seed) that a record of has been read, by id. */
    private final Map<String, TaskLine> tasks = new HashMap<>();
    private final Map<String, Long> requestedByDomain = new TreeMap<>();
    /** Dead letters of bytes that belong to no task, by reason. */
    private final Map<String, Long> strayByReason = new TreeMap<>();
    private long generated;
    private long given;
    private long regenerations;
    private long recombined;
    private final Map<String, Long> rejections = new TreeMap<>();
    private long approvals;
    private long approvalsFirstAttempt;
    /** Approvals whose policy check did not run: the domain's environment has no policy capability. */
    private long policyChecksSkipped;
    private long verifiedTrials;
    private long unattributedDeadLetters;
    private final SpendBook spend = new SpendBook();
    private final int trialsPerRollout;
    private final Predicate<String> seedFilter;
    private final Prices prices;
    private final Whereabouts whereabouts = new Whereabouts();

    private enum Status { IN_FLIGHT, VERIFIED, DEAD }

    /** One task's place in the books. */
    private static final class TaskLine {
        String seedId = "";
        String domain = "";
        Status status = Status.IN_FLIGHT;
        /** The redrive generation of the record the line stands on. */
        int generation;
        /** How far along its generation the in-flight record is: later records carry more calls. */
        long progress = -1;
        String reason;
        int settles = 1;
        /** What the task adds to the spend book now. */
        Charge charge;
        /** Reasoning tokens of the terminal record (usage carries them in total only). */
        long reasoningTokens;

        void know(String seed, String dom) {
            seedId = seedId.isEmpty() && seed != null ? seed : seedId;
            domain = domain.isEmpty() && dom != null ? dom : domain;
        }
    }

    /** A ledger of everything in the topics, without prices. */
    public Ledger(int trialsPerRollout) {
        this(trialsPerRollout, seedId -> true);
    }

    /** A ledger of the seeds {@code seedFilter} accepts (e.g. the seeds one `run` published), without prices. */
    public Ledger(int trialsPerRollout, Predicate<String> seedFilter) {
        this(trialsPerRollout, seedFilter, Prices.NONE);
    }

    /** @param prices what the report's cost figures are computed with */
    public Ledger(int trialsPerRollout, Predicate<String> seedFilter, Prices prices) {
        this.trialsPerRollout = trialsPerRollout;
        this.seedFilter = seedFilter;
        this.prices = prices;
    }

    public void onSeed(SeedCheck.Outcome outcome) {
        onSeed(outcome, null);
    }

    /**
     * @param recordId the seed record's key (or where it was read, when it has none): the id a
     *                 refused, undecodable seed is dead-lettered under
     */
    public void onSeed(SeedCheck.Outcome outcome, String recordId) {
        String seedId = outcome instanceof SeedCheck.Accepted a ? a.seed().getSeedId()
                : ((SeedCheck.Refused) outcome).seed() != null && !((SeedCheck.Refused) outcome).seed().getSeedId().isBlank()
                ? ((SeedCheck.Refused) outcome).seed().getSeedId()
                : recordId == null ? "" : recordId;
        // A seed published twice is one request: its tasks share ids, and terminal records count once per id.
        if (!seedFilter.test(seedId) || (!seedId.isEmpty() && !seenSeeds.add(seedId))) {
            return;
        }
        seeds++;
        if (outcome instanceof SeedCheck.Accepted a) {
            requested += a.requestedTasks();
            requestedByDomain.merge(a.seed().getDomain(), (long) a.requestedTasks(), Long::sum);
        } else {
            seedsRefused++;
            requested += 1; // a refused seed is settled by its own dead letter
        }
    }

    /** A task request: only a redriven one tells the books something (its task is in flight again). */
    public void onTask(TaskRequest t) {
        int generation = Redrives.of(t.getOptions()).generation();
        if (generation > 0 && seedFilter.test(t.getSeedId())) {
            // Sent back to the stage that failed it: located again by its next record.
            work(t.getTaskId(), t.getSeedId(), t.getDomain(), generation, -1,
                    () -> Charges.inFlight(t.getUsage(), 0, false), () -> whereabouts.finished(t.getTaskId()));
        }
    }

    public void onCandidate(Blueprint b) {
        if (!seedFilter.test(b.getSeedId())) {
            return;
        }
        if (Membership.isCombined(b.getOptions()) && b.getAttempt() <= 1) {
            recombined++;
        } else if (b.getGivenId() != null) {
            given++;
        } else if (b.getAttempt() <= 1) {
            generated++;
        } else {
            regenerations++;
        }
        work(b, 3L * b.getAttempt(), false, () -> whereabouts.candidate(b.getTaskId(), b.getAttempt()));
    }

    public void onRetry(RejectedBlueprint r) {
        if (!seedFilter.test(r.getBlueprint().getSeedId())) {
            return;
        }
        rejections.merge(r.getStage(), 1L, Long::sum);
        work(r.getBlueprint(), 3L * r.getBlueprint().getAttempt() + (Rejection.ROLLOUT.is(r.getStage()) ? 2 : 1), true,
                () -> whereabouts.rejected(r.getBlueprint().getTaskId(), r.getBlueprint().getAttempt()));
    }

    public void onApproved(ApprovedBlueprint a) {
        if (!seedFilter.test(a.getBlueprint().getSeedId())) {
            return;
        }
        approvals++;
        if (a.getBlueprint().getAttempt() <= 1) {
            approvalsFirstAttempt++;
        }
        if (a.getSkippedChecks().contains(Rejection.POLICY.wire())) {
            policyChecksSkipped++;
        }
        work(a.getBlueprint(), 3L * a.getBlueprint().getAttempt() + 1, false,
                () -> whereabouts.approved(a.getBlueprint().getTaskId(), a.getBlueprint().getAttempt()));
    }

    /**
     * @param step   where the record stands in its attempt's chain (candidate, verdict, rollout), the
     *               tie-break between records that carry the same usage
     * @param locate where the record puts the task in the pipeline (see {@link Whereabouts})
     */
    private void work(Blueprint b, long step, boolean rejected, Runnable locate) {
        long calls = b.getUsage() == null ? 0 : b.getUsage().getLlmCalls();
        work(b.getTaskId(), b.getSeedId(), b.getDomain(), Redrives.of(b.getOptions()).generation(), calls * 1_000 + step,
                () -> Charges.inFlight(b, rejected), locate);
    }

    private void work(String taskId, String seedId, String domain, int generation, long progress,
                      java.util.function.Supplier<Charge> charge, Runnable locate) {
        TaskLine line = tasks.computeIfAbsent(taskId, id -> new TaskLine());
        line.know(seedId, domain);
        boolean later = generation > line.generation || generation == line.generation && progress > line.progress;
        if (line.status == Status.VERIFIED || line.status == Status.DEAD && generation <= line.generation || !later) {
            return; // the task ended, or this record is behind what the line stands on
        }
        line.status = Status.IN_FLIGHT;
        line.generation = generation;
        line.progress = progress;
        line.reason = null;
        line.reasoningTokens = 0;
        recharge(line, charge.get());
        locate.run();
    }

    public void onVerified(Trajectory t) {
        String seedId = t.getBlueprint().getSeedId();
        if (!seedFilter.test(seedId)) {
            return;
        }
        TaskLine line = tasks.computeIfAbsent(t.getTaskId(), id -> new TaskLine());
        line.know(seedId, t.getDomain());
        if (line.status == Status.VERIFIED) {
            return; // the first trajectory of a task is the one that counts
        }
        line.status = Status.VERIFIED;
        line.generation = Redrives.of(t.getBlueprint().getOptions()).generation();
        line.reason = null;
        line.settles = 1;
        line.reasoningTokens = t.getUsage() == null ? 0 : t.getUsage().getReasoningTokens();
        verifiedTrials += t.getTrial();
        recharge(line, Charges.verified(t));
        whereabouts.finished(t.getTaskId());
        line.charge = null; // final: nothing can replace it
    }

    public void onDeadLetter(DeadLetter d) {
        if (d.getTasks() > 0 && !seedFilter.test(d.getSeedId())) {
            return;
        }
        if (d.getTasks() == 0) {
            unattributedDeadLetters++;
            strayByReason.merge(d.getReason(), 1L, Long::sum);
            return;
        }
        TaskLine line = tasks.computeIfAbsent(d.getId(), id -> new TaskLine());
        line.know(d.getSeedId(), d.getDomain());
        int generation = Redrives.of(d.getOptions()).generation();
        if (line.status == Status.VERIFIED || generation < line.generation) {
            return; // superseded: the task verified, or was redriven past this dead letter
        }
        line.status = Status.DEAD;
        line.generation = generation;
        line.progress = Long.MAX_VALUE;
        line.reason = d.getReason();
        line.settles = d.getTasks();
        line.reasoningTokens = d.getUsage() == null ? 0 : d.getUsage().getReasoningTokens();
        recharge(line, Charges.deadLetter(d));
        whereabouts.finished(d.getId());
    }

    private void recharge(TaskLine line, Charge charge) {
        spend.replace(line.charge, charge);
        line.charge = charge;
    }

    public long requested() {
        return requested;
    }

    public long verified() {
        return attributed(Status.VERIFIED).mapToLong(l -> l.settles).sum();
    }

    public long deadLettered() {
        return attributed(Status.DEAD).mapToLong(l -> l.settles).sum();
    }

    /** Terminal records of tasks no known seed requested (e.g. records injected by hand). */
    public long unattributed() {
        return tasks.values().stream().filter(l -> l.status != Status.IN_FLIGHT && !seenSeeds.contains(l.seedId)).count();
    }

    private Stream<TaskLine> attributed(Status status) {
        return tasks.values().stream().filter(l -> l.status == status && seenSeeds.contains(l.seedId));
    }

    public long inFlight() {
        return requested - verified() - deadLettered();
    }

    /** Unfinished tasks per stage, in pipeline order (see {@link Whereabouts}). */
    public Map<String, Long> inFlightByStage() {
        return whereabouts.byStage(inFlight());
    }

    /**
     * Where a task stands in the books.
     *
     * @param outcome    {@code verified}, {@code dead_lettered}, {@code in_flight}, or {@code unknown} (no record read)
     * @param generation the redrive generation of the record it stands on
     */
    public record Standing(String outcome, int generation) {}

    public Standing standing(String taskId) {
        TaskLine line = tasks.get(taskId);
        if (line == null) {
            return new Standing("unknown", 0);
        }
        return new Standing(switch (line.status) {
            case VERIFIED -> "verified";
            case DEAD -> "dead_lettered";
            case IN_FLIGHT -> "in_flight";
        }, line.generation);
    }

    /** Everything the books show spent so far, per model: terminal records and the furthest record of each task in flight. */
    public Spend spend() {
        return spend.total();
    }

    /** The report JSON of DESIGN.md: ledger, per-stage counters, per-domain totals, usage and its cost. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("requested", requested);
        root.put("verified", verified());
        root.put("dead_lettered", deadLettered());
        root.put("in_flight", inFlight());

        Map<String, Long> deadByReason = new TreeMap<>(strayByReason);
        tasks.values().stream().filter(l -> l.status == Status.DEAD).forEach(l -> deadByReason.merge(l.reason, 1L, Long::sum));

        ObjectNode stages = root.putObject("stages");
        stages.putObject("fan-out").put("seeds", seeds).put("seeds_refused", seedsRefused);
        stages.putObject("generate").put("generated", generated).put("given", given);
        ObjectNode review = stages.putObject("review");
        review.put("format_rejections", rejected(Rejection.FORMAT));
        review.put("execution_rejections", rejected(Rejection.EXECUTION));
        review.put("policy_rejections", rejected(Rejection.POLICY));
        review.put("review_rejections", rejected(Rejection.COMMITTEE));
        review.put("approvals", approvals);
        review.put("approved_first_attempt", approvalsFirstAttempt);
        review.put("approved_after_feedback", approvals - approvalsFirstAttempt);
        review.put("policy_checks_skipped", policyChecksSkipped);
        stages.putObject("regenerate").put("regenerations", regenerations);
        stages.putObject("recombine")
                .put("combined", recombined)
                .put("failed", deadByReason.getOrDefault(DeadLetterReason.RECOMBINATION_FAILED.wire(), 0L));
        long rolloutFailures = rejected(Rejection.ROLLOUT) + deadByReason.getOrDefault(DeadLetterReason.ROLLOUT_FAILED.wire(), 0L);
        stages.putObject("rollout")
                .put("verified", verified())
                .put("rollout_failures", rolloutFailures)
                .put("rollout_trials", verifiedTrials + rolloutFailures * trialsPerRollout);

        ObjectNode dead = root.putObject("dead_letters_by_reason");
        deadByReason.forEach(dead::put);
        root.put("unattributed_dead_letters", unattributedDeadLetters);
        root.put("unattributed_terminal_records", unattributed());
        // Tasks whose latest record is of a redriven generation (whatever order the topics were read in)
        root.put("redriven", tasks.values().stream().filter(l -> l.generation > 0).count());

        ObjectNode domains = root.putObject("domains");
        requestedByDomain.forEach((name, requestedTasks) -> domains.putObject(name)
                .put("requested", requestedTasks)
                .put("verified", attributed(Status.VERIFIED).filter(l -> name.equals(l.domain)).count())
                .put("dead_lettered", attributed(Status.DEAD).filter(l -> name.equals(l.domain)).count()));

        Tokens terminal = spend.terminal();
        root.putObject("llm_usage")
                .put("prompt_tokens", terminal.promptTokens())
                .put("cached_prompt_tokens", terminal.cachedPromptTokens())
                .put("completion_tokens", terminal.completionTokens())
                .put("reasoning_tokens", tasks.values().stream().filter(l -> l.status != Status.IN_FLIGHT)
                        .mapToLong(l -> l.reasoningTokens).sum())
                .put("llm_calls", terminal.calls());
        root.set("cost", spend.toJson(prices, verified()));
        return root;
    }

    private long rejected(Rejection check) {
        return rejections.getOrDefault(check.wire(), 0L);
    }
}
