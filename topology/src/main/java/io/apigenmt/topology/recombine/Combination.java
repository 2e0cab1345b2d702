package io.apigenmt.topology.recombine;

import io.apigenmt.schemas.Action;
import io.apigenmt.schemas.Blueprint;
import io.apigenmt.schemas.RecombinationGroup;
import io.apigenmt.schemas.RecombinationMember;
import io.apigenmt.topology.environment.DescribedDomain;
import io.apigenmt.topology.pipeline.Membership;
import io.apigenmt.topology.pipeline.Usages;
import io.apigenmt.topology.review.StageOneChecks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The deterministic half of reverse task recombination: concatenates the actions of a group's
 * approved members, in member order, and merges their outputs. A member is taken only if the
 * combined sequence still executes on a fresh environment and passes the policy check (e.g. two
 * members modifying the same order would break "an order is modified once"); members that do
 * not fit are left out, and a group with fewer than two fitting members cannot be combined.
 * The members are tried one after another (each check runs on a fresh episode).
 */
public final class Combination {

    /** What became of a group. */
    public sealed interface Result permits Combined, Uncombinable {}

    /**
     * @param draft   the combined blueprint, attempt 1; its instruction is the members' instructions
     *                in order, for the generator to rewrite as one
     * @param members the members' instructions, in the order their actions run
     * @param leftOut why each approved member that did not fit was left out
     */
    public record Combined(Blueprint draft, List<String> members, List<String> leftOut) implements Result {}

    public record Uncombinable(String reason) implements Result {}

    private final StageOneChecks checks;

    public Combination(StageOneChecks checks) {
        this.checks = checks;
    }

    public CompletableFuture<Result> combine(DescribedDomain domain, RecombinationGroup group) {
        List<RecombinationMember> approved = group.getMembers().stream()
                .filter(m -> m.getBlueprint() != null)
                .sorted(Comparator.comparingInt(RecombinationMember::getMember))
                .toList();
        if (approved.size() < 2) {
            return CompletableFuture.completedFuture(new Uncombinable(approved.size() + " of " + group.getGroupSize()
                    + " members were approved; combining needs two (" + outcomes(group) + ")"));
        }
        List<Blueprint> taken = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        return fit(domain, group, approved, 0, taken, leftOut).thenApply(done -> taken.size() < 2
                ? new Uncombinable("the approved members' actions do not run together: " + String.join(", ", leftOut))
                : new Combined(merge(group, taken), taken.stream().map(Blueprint::getInstruction).toList(), leftOut));
    }

    /** Takes member {@code i} if the sequence so far plus its actions still passes Stage 1, then the next. */
    private CompletableFuture<Void> fit(DescribedDomain domain, RecombinationGroup group, List<RecombinationMember> approved, int i,
                                        List<Blueprint> taken, List<String> leftOut) {
        if (i == approved.size()) {
            return CompletableFuture.completedFuture(null);
        }
        RecombinationMember member = approved.get(i);
        List<Blueprint> tentative = new ArrayList<>(taken);
        tentative.add(member.getBlueprint());
        return checks.check(domain, merge(group, tentative)).thenCompose(result -> {
            if (result instanceof StageOneChecks.Failed failed) {
                leftOut.add(member.getTaskId() + " (" + failed.check().wire() + ": " + String.join("; ", failed.reasons())
                        + ")");
            } else {
                taken.add(member.getBlueprint());
            }
            return fit(domain, group, approved, i + 1, taken, leftOut);
        });
    }

    /** One blueprint with the members' actions in order and their outputs once each. */
    private static Blueprint merge(RecombinationGroup group, List<Blueprint> members) {
        Blueprint first = members.get(0);
        List<Action> actions = new ArrayList<>();
        LinkedHashSet<String> outputs = new LinkedHashSet<>();
        members.forEach(m -> {
            actions.addAll(m.getActions());
            outputs.addAll(m.getOutputs());
        });
        Map<String, String> options = Membership.combined(first.getOptions(),
                members.stream().map(Blueprint::getTaskId).toList());
        return Blueprint.newBuilder(first)
                .setTaskId(group.getGroupId())
                .setAttempt(1)
                .setInstruction(String.join("\n\n", members.stream().map(Blueprint::getInstruction).toList()))
                .setActions(actions)
                .setOutputs(new ArrayList<>(outputs))
                .setFeedbackHistory(List.of())
                .setUsage(Usages.zero())
                .setOptions(options)
                .build();
    }

    private static String outcomes(RecombinationGroup group) {
        return String.join(", ", group.getMembers().stream()
                .sorted(Comparator.comparingInt(RecombinationMember::getMember))
                .map(m -> m.getTaskId() + " " + m.getOutcome())
                .toList());
    }
}
