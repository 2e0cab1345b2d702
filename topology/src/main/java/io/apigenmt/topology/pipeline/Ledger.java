package io.apigenmt.topology.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.schemas.ApprovedBlueprint;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.DeadLetter;
import io.apigenmt.schemas.RejectedBlueprint;
import io.apigenmt.schemas.Trajectory;
import io.apigenmt.schemas.Usage;
import io.apigenmt.topology.fanout.SeedCheck;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The pipeline's books, folded from the topics: {@code requested = verified + dead_lettered +
 * in_flight}, the funnel counters of every stage, per-domain totals and model usage. Terminal
 * records are counted once per id, so a redelivered record cannot unbalance the ledger.
 */
public final class Ledger {

    private long requested;
    private long seeds;
    private long seedsRefused;
    private final Set<String> seenSeeds = new HashSet<>();
    private final Set<String> verifiedIds = new HashSet<>();
    private final Map<String, Integer> deadLetterSettles = new HashMap<>();
    private final Map<String, Long> deadByReason = new TreeMap<>();
    private final Map<String, long[]> byDomain = new TreeMap<>(); // requested, verified, dead
    private long generated;
    private long regenerations;
    private final Map<String, Long> rejections = new TreeMap<>();
    private long approvals;
    private long approvalsFirstAttempt;
    private long verifiedTrials;
    private long unattributedDeadLetters;
    private long promptTokens;
    private long completionTokens;
    private long llmCalls;
    private final int trialsPerRollout;
    private final Predicate<String> seedFilter;

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
        String seedId = outcome instanceof SeedCheck.Accepted a ? a.seed().getSeedId()
                : ((SeedCheck.Refused) outcome).seed() == null ? "" : ((SeedCheck.Refused) outcome).seed().getSeedId();
        // A seed published twice is one request: its tasks share ids, and terminal records count once per id.
        if (!seedFilter.test(seedId) || (!seedId.isEmpty() && !seenSeeds.add(seedId))) {
            return;
        }
        seeds++;
        if (outcome instanceof SeedCheck.Accepted a) {
            requested += a.seed().getTasks();
            domain(a.seed().getDomain())[0] += a.seed().getTasks();
        } else {
            seedsRefused++;
            requested += 1; // a refused seed is settled by its own dead letter
        }
    }

    public void onCandidate(Blueprint b) {
        if (!seedFilter.test(b.getSeedId())) {
            return;
        }
        if (b.getAttempt() <= 1) {
            generated++;
        } else {
            regenerations++;
        }
    }

    public void onRetry(RejectedBlueprint r) {
        if (!seedFilter.test(r.getBlueprint().getSeedId())) {
            return;
        }
        rejections.merge(r.getStage(), 1L, Long::sum);
    }

    public void onApproved(ApprovedBlueprint a) {
        if (!seedFilter.test(a.getBlueprint().getSeedId())) {
            return;
        }
        approvals++;
        if (a.getBlueprint().getAttempt() <= 1) {
            approvalsFirstAttempt++;
        }
    }

    public void onVerified(Trajectory t) {
        if (seedFilter.test(t.getBlueprint().getSeedId()) && verifiedIds.add(t.getTaskId())) {
            domain(t.getDomain())[1]++;
            verifiedTrials += t.getTrial();
            addUsage(t.getUsage());
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
        if (deadLetterSettles.putIfAbsent(d.getId(), d.getTasks()) == null) {
            deadByReason.merge(d.getReason(), 1L, Long::sum);
            if (!d.getDomain().isEmpty()) {
                domain(d.getDomain())[2]++;
            }
            addUsage(d.getUsage());
        }
    }

    public long requested() {
        return requested;
    }

    public long verified() {
        return verifiedIds.size();
    }

    public long deadLettered() {
        return deadLetterSettles.values().stream().mapToLong(Integer::longValue).sum();
    }

    public long inFlight() {
        return requested - verified() - deadLettered();
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
        stages.putObject("generate").put("generated", generated);
        ObjectNode review = stages.putObject("review");
        review.put("format_rejections", rejections.getOrDefault("format", 0L));
        review.put("execution_rejections", rejections.getOrDefault("execution", 0L));
        review.put("policy_rejections", rejections.getOrDefault("policy", 0L));
        review.put("review_rejections", rejections.getOrDefault("review", 0L));
        review.put("approvals", approvals);
        review.put("approved_first_attempt", approvalsFirstAttempt);
        review.put("approved_after_feedback", approvals - approvalsFirstAttempt);
        stages.putObject("regenerate").put("regenerations", regenerations);
        long rolloutFailures = rejections.getOrDefault("rollout", 0L) + deadByReason.getOrDefault("rollout_failed", 0L);
        stages.putObject("rollout")
                .put("verified", verified())
                .put("rollout_failures", rolloutFailures)
                .put("rollout_trials", verifiedTrials + rolloutFailures * trialsPerRollout);

        ObjectNode dead = root.putObject("dead_letters_by_reason");
        deadByReason.forEach(dead::put);
        root.put("unattributed_dead_letters", unattributedDeadLetters);

        ObjectNode domains = root.putObject("domains");
        byDomain.forEach((name, c) -> domains.putObject(name)
                .put("requested", c[0]).put("verified", c[1]).put("dead_lettered", c[2]));

        root.putObject("llm_usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("llm_calls", llmCalls);
        return root;
    }

    private long[] domain(String name) {
        return byDomain.computeIfAbsent(name, n -> new long[3]);
    }

    private void addUsage(Usage u) {
        if (u != null) {
            promptTokens += u.getPromptTokens();
            completionTokens += u.getCompletionTokens();
            llmCalls += u.getLlmCalls();
        }
    }
}
