package io.apigenmt.topology.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.fanout.SeedCheck;
import io.apigenmt.topology.pipeline.DeadLetterReason;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.Rejection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The pipeline's books, folded from the topics: {@code requested = verified + dead_lettered +
 * in_flight}, the funnel counters of every stage, per-domain totals and model usage. Terminal
 * records are counted once per id, so a redelivered record cannot unbalance the ledger. It
 * reads every stage's records (and fan-out's seed check), so it sits above the stages.
 */
public final class Ledger {

    private long requested;
    private long seeds;
    private long seedsRefused;
    private final Set<String> seenSeeds = new HashSet<>();
    /** Terminal records by id. They count only once their seed is known, whatever order the topics are read in. */
    private final Map<String, Terminal> verifiedById = new HashMap<>();
    private final Map<String, Terminal> deadById = new HashMap<>();
    private final Map<String, Long> requestedByDomain = new TreeMap<>();
    private final Map<String, Long> deadByReason = new TreeMap<>();
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
    private long promptTokens;
    private long completionTokens;
    private long reasoningTokens;
    private long llmCalls;
    private final int trialsPerRollout;
    private final Predicate<String> seedFilter;
    private final Whereabouts whereabouts = new Whereabouts();

    private record Terminal(String seedId, String domain, int settles) {}

    /** A ledger of everything in the topics. */
    public Ledger(int trialsPerRollout) {
        this(trialsPerRollout, seedId -> true);
    }

    /** A ledger of the seeds {@code seedFilter} accepts (e.g. the seeds one `run` published). */
    public Ledger(int trialsPerRollout, Predicate<String> seedFilter) {
        this.trialsPerRollout = trialsPerRollout;
        this.seedFilter = seedFilter;
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
        locate(b.getTaskId(), () -> whereabouts.candidate(b.getTaskId(), b.getAttempt()));
    }

    public void onRetry(RejectedBlueprint r) {
        if (!seedFilter.test(r.getBlueprint().getSeedId())) {
            return;
        }
        rejections.merge(r.getStage(), 1L, Long::sum);
        locate(r.getBlueprint().getTaskId(), () -> whereabouts.rejected(r.getBlueprint().getTaskId(), r.getBlueprint().getAttempt()));
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
        locate(a.getBlueprint().getTaskId(), () -> whereabouts.approved(a.getBlueprint().getTaskId(), a.getBlueprint().getAttempt()));
    }

    /** Only unfinished tasks have a place in the pipeline. */
    private void locate(String taskId, Runnable update) {
        if (!verifiedById.containsKey(taskId) && !deadById.containsKey(taskId)) {
            update.run();
        }
    }

    public void onVerified(Trajectory t) {
        String seedId = t.getBlueprint().getSeedId();
        if (seedFilter.test(seedId) && verifiedById.putIfAbsent(t.getTaskId(), new Terminal(seedId, t.getDomain(), 1)) == null) {
            verifiedTrials += t.getTrial();
            addUsage(t.getUsage());
            whereabouts.finished(t.getTaskId());
        }
    }

    public void onDeadLetter(DeadLetter d) {
        if (d.getTasks() > 0 && !seedFilter.test(d.getSeedId())) {
            return;
        }
        if (d.getTasks() == 0) {
            unattributedDeadLetters++;
            deadByReason.merge(d.getReason(), 1L, Long::sum);
            return;
        }
        if (deadById.putIfAbsent(d.getId(), new Terminal(d.getSeedId(), d.getDomain(), d.getTasks())) == null) {
            deadByReason.merge(d.getReason(), 1L, Long::sum);
            addUsage(d.getUsage());
            whereabouts.finished(d.getId());
        }
    }

    public long requested() {
        return requested;
    }

    public long verified() {
        return attributed(verifiedById).mapToLong(Terminal::settles).sum();
    }

    public long deadLettered() {
        return attributed(deadById).mapToLong(Terminal::settles).sum();
    }

    /** Terminal records of tasks no known seed requested (e.g. records injected by hand). */
    public long unattributed() {
        return verifiedById.size() + deadById.size() - attributed(verifiedById).count() - attributed(deadById).count();
    }

    private java.util.stream.Stream<Terminal> attributed(Map<String, Terminal> terminals) {
        return terminals.values().stream().filter(t -> seenSeeds.contains(t.seedId()));
    }

    public long inFlight() {
        return requested - verified() - deadLettered();
    }

    /** Unfinished tasks per stage, in pipeline order (see {@link Whereabouts}). */
    public Map<String, Long> inFlightByStage() {
        return whereabouts.byStage(inFlight());
    }

    /** The report JSON of DESIGN.md: ledger, per-stage counters, per-domain totals, usage. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("requested", requested);
        root.put("verified", verified());
        root.put("dead_lettered", deadLettered());
        root.put("in_flight", inFlight());

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
                .put("failed", deadLettered(DeadLetterReason.RECOMBINATION_FAILED));
        long rolloutFailures = rejected(Rejection.ROLLOUT) + deadLettered(DeadLetterReason.ROLLOUT_FAILED);
        stages.putObject("rollout")
                .put("verified", verified())
                .put("rollout_failures", rolloutFailures)
                .put("rollout_trials", verifiedTrials + rolloutFailures * trialsPerRollout);

        ObjectNode dead = root.putObject("dead_letters_by_reason");
        deadByReason.forEach(dead::put);
        root.put("unattributed_dead_letters", unattributedDeadLetters);
        root.put("unattributed_terminal_records", unattributed());

        ObjectNode domains = root.putObject("domains");
        requestedByDomain.forEach((name, requestedTasks) -> domains.putObject(name)
                .put("requested", requestedTasks)
                .put("verified", attributed(verifiedById).filter(t -> name.equals(t.domain())).count())
                .put("dead_lettered", attributed(deadById).filter(t -> name.equals(t.domain())).count()));

        root.putObject("llm_usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("reasoning_tokens", reasoningTokens)
                .put("llm_calls", llmCalls);
        return root;
    }

    private long rejected(Rejection check) {
        return rejections.getOrDefault(check.wire(), 0L);
    }

    private long deadLettered(DeadLetterReason reason) {
        return deadByReason.getOrDefault(reason.wire(), 0L);
    }

    private void addUsage(Usage u) {
        if (u != null) {
            promptTokens += u.getPromptTokens();
            completionTokens += u.getCompletionTokens();
            reasoningTokens += u.getReasoningTokens();
            llmCalls += u.getLlmCalls();
        }
    }
}
